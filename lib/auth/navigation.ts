// Which portal pages an actor's roles open, in the order they appear in the navigation.
import type { Actor } from "./actor";
import { can, type Action } from "./permissions";

export const PORTAL_PAGES: { href: string; label: string; action: Action }[] = [
  { href: "/requests", label: "My access", action: "request.read-own" },
  { href: "/approvals", label: "Approvals", action: "approval.read-queue" },
  { href: "/owner", label: "Resources", action: "owner.read" },
  { href: "/raci", label: "RACI", action: "raci.read" },
  { href: "/controls", label: "Controls", action: "controls.edit" },
  { href: "/audit", label: "Audit", action: "audit.read" },
  { href: "/admin", label: "Admin", action: "admin.read" },
];

export function pagesFor(actor: Actor) {
  return PORTAL_PAGES.filter((page) => can(actor, page.action));
}

// DESIGN §1: each role's home page. Someone with several roles lands on the first that applies.
const HOMES: { role: Actor["roles"][number]; href: string }[] = [
  { role: "requester", href: "/requests" },
  { role: "approver", href: "/approvals" },
  { role: "owner", href: "/owner" },
  { role: "auditor", href: "/audit" },
  { role: "admin", href: "/admin" },
];

export function homeFor(actor: Actor): string {
  return HOMES.find((home) => actor.roles.includes(home.role))?.href ?? "/no-access";
}
