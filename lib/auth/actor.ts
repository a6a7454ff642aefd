// Who is acting. Every service function takes one of these first.
import type { ActorKind, Role } from "@/db/schema";

export interface UserActor {
  kind: "user";
  id: string;
  email: string;
  name: string;
  roles: readonly Role[];
  teamIds: readonly string[];
  /**
   * When this person last proved who they are in the session acting now (sign-in or step-up);
   * null when no session stands behind the call (a personal API token, a re-read inside a
   * transaction). Deciding access needs it to be recent: lib/auth/require-recent-authentication.ts.
   */
  authenticatedAt: Date | null;
}

/**
 * A workload identity acting through the API (DESIGN §7). `id` is its principal row in users,
 * so requests and grants hold it like a person's; `workloadId` and `name` identify it.
 * `claims` are the verified claims of its OIDC token (empty for an API key).
 */
export interface WorkloadActor {
  kind: "workload";
  id: string;
  workloadId: string;
  name: string;
  email: string;
  roles: readonly Role[];
  teamIds: readonly string[];
  ownerTeamId: string;
  mayCheckAccess: boolean;
  claims: Readonly<Record<string, unknown>>;
  via: "oidc" | "api_key";
}

/** Lapse itself: the issuer after an approval, the expiry worker. */
export interface SystemActor {
  kind: "system";
  id: string;
  label: string;
}

export type Actor = UserActor | WorkloadActor;

/** How an actor is written into an audit event. */
export interface AuditActor {
  kind: ActorKind;
  id: string | null;
  label: string;
}

export const ISSUER: SystemActor = { kind: "system", id: "issuer", label: "Lapse issuer" };
export const EXPIRY_WORKER: SystemActor = { kind: "system", id: "expiry-worker", label: "Lapse expiry worker" };

export function auditActor(actor: UserActor | WorkloadActor | SystemActor): AuditActor {
  if (actor.kind === "user") return { kind: "user", id: actor.id, label: actor.email };
  if (actor.kind === "workload") return { kind: "workload", id: actor.workloadId, label: principalOf(actor) };
  return { kind: "system", id: actor.id, label: actor.label };
}

export function principalOf(actor: UserActor | WorkloadActor): string {
  return actor.kind === "workload" ? `workload:${actor.name}` : `user:${actor.email}`;
}
