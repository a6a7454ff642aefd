// The one table of what each role may do. The UI reads it to hide what a person cannot
// use; service functions read it to refuse. Hiding a button is never the check.
import type { Role } from "@/db/schema";
import { forbidden } from "@/lib/errors";
import type { Actor } from "./actor";

export const ACTIONS = [
  "request.create",
  "request.cancel",
  "request.read-own",
  "grant.read-own",
  "approval.read-queue",
  "request.decide",
  "grant.relinquish",
  "grant.revoke",
  "resource.freeze",
  "exception.review",
  "extension.request",
  "extension.decide",
  "owner.read",
  "policy.edit",
  "policy.review",
  "raci.edit",
  "raci.read",
  "audit.read",
  "controls.read",
  "controls.edit",
  "admin.read",
  "admin.manage",
  "session.manage-own",
  "notification.read-own",
  "notification.preferences",
  "team.notifications.manage",
  "access.check",
  "token.manage-own",
  "workload.manage",
] as const;
export type Action = (typeof ACTIONS)[number];

// Everyone with a role manages their own sign-in sessions and API tokens, has an inbox and
// chooses what reaches them.
const PERSONAL = ["session.manage-own", "token.manage-own", "notification.read-own", "notification.preferences"] as const;

export const PERMISSIONS = {
  requester: ["request.create", "request.cancel", "request.read-own", "grant.read-own", "grant.relinquish", "extension.request", ...PERSONAL],
  approver: ["approval.read-queue", "request.decide", "extension.decide", ...PERSONAL],
  // Resource-scoped: an owner acts on the resources of their own team (checked in the query).
  // Confirming a loosened policy is for a second member of the owner team, never an admin alone.
  // Team notification channels: an owner sets those of their own teams (checked in the query).
  // The control catalogue is data control owners keep (DESIGN §6): they edit its mapping, but
  // reading the evidence behind it stays with auditors.
  owner: ["owner.read", "policy.edit", "policy.review", "raci.edit", "raci.read", "grant.revoke", "resource.freeze", "exception.review", "team.notifications.manage", "controls.edit", ...PERSONAL],
  // access.check is read-only: whether someone holds access now.
  auditor: ["audit.read", "raci.read", "controls.read", "access.check", ...PERSONAL],
  // Admins may edit any resource's policy and RACI, but cannot confirm a loosening on their own.
  admin: ["admin.read", "admin.manage", "workload.manage", "access.check", "controls.read", "controls.edit", "owner.read", "policy.edit", "raci.edit", "raci.read", "grant.revoke", "resource.freeze", "team.notifications.manage", ...PERSONAL],
} as const satisfies Record<Role, readonly Action[]>;

/**
 * What a workload identity may do, whatever it is called: ask for, hold, extend and give back
 * its own access; a target system's identity (may check access) also asks the access check.
 * It never decides, governs or reads evidence: those need a person.
 */
export const WORKLOAD_PERMISSIONS = {
  requester: ["request.create", "request.cancel", "request.read-own", "grant.read-own", "grant.relinquish", "extension.request"],
  "access-checker": ["access.check"],
} as const satisfies Record<"requester" | "access-checker", readonly Action[]>;

export function can(actor: Actor, action: Action): boolean {
  if (actor.kind === "workload") {
    const allowed: readonly Action[] = [...WORKLOAD_PERMISSIONS.requester, ...(actor.mayCheckAccess ? WORKLOAD_PERMISSIONS["access-checker"] : [])];
    return allowed.includes(action);
  }
  return actor.roles.some((role) => (PERMISSIONS[role] as readonly Action[]).includes(action));
}

/** Refuses before any work is done when the actor's roles do not allow `action`. */
export function authorize(actor: Actor, action: Action): void {
  if (!can(actor, action)) throw forbidden("Your roles do not allow this.");
}
