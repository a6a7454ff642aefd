// Shared by server actions and the client components that show their outcome.
// "step_up_required": allowed, but only after the person confirms it's them (re-enters their password).
export type ActionStatus = "idle" | "ok" | "invalid" | "forbidden" | "not_found" | "conflict" | "step_up_required" | "error";

export interface ActionState {
  status: ActionStatus;
  message: string;
  fieldErrors: Record<string, string[]>;
}

export const IDLE: ActionState = { status: "idle", message: "", fieldErrors: {} };
