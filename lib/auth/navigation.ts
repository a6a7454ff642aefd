// Which portal pages an actor's roles open, in the order they appear in the navigation.
import type { Actor } from "./actor";
import { can, type Action } from "./permissions";

export const PORTAL_PAGES: { href: string; label: string; action: Action }[] = [
  { href: "/requests", label: "My access", action: "request.read-own" },
  { href: "/approvals", label: "Approvals", action: "approval.read-queue" },
  { href: "/owner", label: "Resources", action: "owner.read" },
  { href: "/raci", label: "RACI", action: "raci.read" },
  { href: "/audit", label: "Audit", action: "audit.read" },
  { href: "/admin", label: "Admin", action: "admin.read" },
];

export function pagesFor(actor: Actor) {
  return PORTAL_PAGES.filter((page) => can(actor, page.action));
}
