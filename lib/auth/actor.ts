// Who is acting. Every service function takes one of these first.
import type { ActorKind, Role } from "@/db/schema";

export interface UserActor {
  kind: "user";
  id: string;
  email: string;
  name: string;
  roles: readonly Role[];
  teamIds: readonly string[];
}

/** Lapse itself: the issuer after an approval, the expiry worker. */
export interface SystemActor {
  kind: "system";
  id: string;
  label: string;
}

export type Actor = UserActor;

/** How an actor is written into an audit event. */
export interface AuditActor {
  kind: ActorKind;
  id: string | null;
  label: string;
}

export const ISSUER: SystemActor = { kind: "system", id: "issuer", label: "Lapse issuer" };
export const EXPIRY_WORKER: SystemActor = { kind: "system", id: "expiry-worker", label: "Lapse expiry worker" };

export function auditActor(actor: UserActor | SystemActor): AuditActor {
  return actor.kind === "user"
    ? { kind: "user", id: actor.id, label: actor.email }
    : { kind: "system", id: actor.id, label: actor.label };
}

export function principalOf(actor: UserActor): string {
  return `user:${actor.email}`;
}
