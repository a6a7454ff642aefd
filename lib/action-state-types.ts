// Shared by server actions and the client components that show their outcome.
export type ActionStatus = "idle" | "ok" | "invalid" | "forbidden" | "not_found" | "conflict" | "error";

export interface ActionState {
  status: ActionStatus;
  message: string;
  fieldErrors: Record<string, string[]>;
}

export const IDLE: ActionState = { status: "idle", message: "", fieldErrors: {} };
