// Step-up: the acts that hand out or widen privilege (approving or denying a request or an
// extension, breaking glass, confirming a loosened policy) need the person to have proved who
// they are recently, not merely to hold a session that has stayed open for hours. A session
// left open on an unlocked laptop, or a stolen cookie, is then not enough to approve access.
// Every such service function calls this one check first, before it reads or writes anything.
import { forbidden, stepUpRequired } from "@/lib/errors";
import type { Actor } from "./actor";
import { stepUpWindowMs } from "./session-limits";

// Shown beside a "Confirm it's you" link in the portal: says what happens and what is left to do.
export const STEP_UP_MESSAGE = "This needs a recent sign-in. Enter your password again (or sign in at your provider), then do it once more.";
export const NO_SIGN_IN_MESSAGE =
  "This needs a recent sign-in to the portal, and this API token is not one: do it in the portal, or make a decision token on Your account right after signing in.";

export function isRecentlyAuthenticated(authenticatedAt: Date | null, now: Date, windowMs = stepUpWindowMs()): boolean {
  if (!authenticatedAt) return false;
  // A time slightly ahead of ours (another instance's clock) still counts as recent.
  return now.getTime() - authenticatedAt.getTime() < windowMs;
}

/**
 * Throws step_up_required unless the actor signed in or stepped up within the window. A
 * workload identity has no sign-in to repeat and may neither decide nor break glass (DESIGN
 * §1, §3): it is refused outright. A personal API token carries no sign-in (authenticatedAt
 * null), so these acts are refused through the API too; a decision token carries the sign-in
 * it was made under and passes while that is recent.
 */
export function requireRecentAuthentication(actor: Actor, now: Date, windowMs = stepUpWindowMs()): void {
  if (actor.kind !== "user") throw forbidden("Only a person signed in to the portal can do this.");
  if (!isRecentlyAuthenticated(actor.authenticatedAt, now, windowMs)) throw stepUpRequired(actor.authenticatedAt ? STEP_UP_MESSAGE : NO_SIGN_IN_MESSAGE);
}
