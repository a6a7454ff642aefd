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
] as const;
export type Action = (typeof ACTIONS)[number];

export const PERMISSIONS = {
  requester: ["session.manage-own", "request.create", "request.cancel", "request.read-own", "grant.read-own", "grant.relinquish", "extension.request"],
  approver: ["session.manage-own", "approval.read-queue", "request.decide", "extension.decide"],
  // Resource-scoped: an owner acts on the resources of their own team (checked in the query).
  // Confirming a loosened policy is for a second member of the owner team, never an admin alone.
  owner: ["session.manage-own", "owner.read", "policy.edit", "policy.review", "raci.edit", "raci.read", "grant.revoke", "resource.freeze", "exception.review"],
  auditor: ["session.manage-own", "audit.read", "raci.read", "controls.read"],
  // Admins may edit any resource's policy and RACI, but cannot confirm a loosening on their own.
  admin: ["session.manage-own", "admin.read", "admin.manage", "controls.read", "controls.edit", "owner.read", "policy.edit", "raci.edit", "raci.read", "grant.revoke", "resource.freeze"],
} as const satisfies Record<Role, readonly Action[]>;

export function can(actor: Actor, action: Action): boolean {
  return actor.roles.some((role) => (PERMISSIONS[role] as readonly Action[]).includes(action));
}

/** Refuses before any work is done when the actor's roles do not allow `action`. */
export function authorize(actor: Actor, action: Action): void {
  if (!can(actor, action)) throw forbidden("Your roles do not allow this.");
}
