// The lifecycle of DESIGN §4: which status may move to which. Service functions use these
// in the WHERE and SET of their conditional updates, so no code sets a status of its own.
import type { ExtensionStatus, GrantStatus, RequestStatus } from "@/db/enums";

interface Transition<S extends string> {
  from: readonly S[];
  to: S;
}

export const REQUEST_TRANSITIONS = {
  approve: { from: ["pending"], to: "approved" },
  deny: { from: ["pending"], to: "denied" },
  cancel: { from: ["pending"], to: "cancelled" },
  timeOut: { from: ["pending"], to: "timed_out" },
} as const satisfies Record<string, Transition<RequestStatus>>;

export const GRANT_TRANSITIONS = {
  issue: { from: ["issuing"], to: "active" },
  expire: { from: ["active"], to: "expired" },
  // Ended early; a grant still issuing can be revoked before it was ever issued.
  revoke: { from: ["issuing", "active"], to: "revoked" },
} as const satisfies Record<string, Transition<GrantStatus>>;

// An extension is a decision of its own on a live grant.
export const EXTENSION_TRANSITIONS = {
  approve: { from: ["pending"], to: "approved" },
  deny: { from: ["pending"], to: "denied" },
  cancel: { from: ["pending"], to: "cancelled" },
  void: { from: ["pending"], to: "void" },
  timeOut: { from: ["pending"], to: "timed_out" },
} as const satisfies Record<string, Transition<ExtensionStatus>>;

export type RequestTransition = keyof typeof REQUEST_TRANSITIONS;
export type GrantTransition = keyof typeof GRANT_TRANSITIONS;

export function canMoveRequest(status: RequestStatus, transition: RequestTransition): boolean {
  return (REQUEST_TRANSITIONS[transition].from as readonly RequestStatus[]).includes(status);
}

export function canMoveGrant(status: GrantStatus, transition: GrantTransition): boolean {
  return (GRANT_TRANSITIONS[transition].from as readonly GrantStatus[]).includes(status);
}

export function isTerminalRequest(status: RequestStatus): boolean {
  return !Object.keys(REQUEST_TRANSITIONS).some((t) => canMoveRequest(status, t as RequestTransition));
}
