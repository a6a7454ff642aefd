import "server-only";
// What a server action hands back to its form: a status, a sentence, and errors per field.
import { ServiceError } from "./errors";
import { log } from "./log";
import type { ActionState } from "./action-state-types";

export function toActionState(error: unknown): ActionState {
  if (error instanceof ServiceError) {
    return { status: error.code, message: error.message, fieldErrors: error.fieldErrors };
  }
  // Internals go to the log, never to the browser.
  log.error({ err: error }, "server action failed");
  return { status: "error", message: "Something went wrong on our side. Try again in a moment.", fieldErrors: {} };
}
