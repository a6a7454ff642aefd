import "server-only";
// A successful sign-in, whichever way it happened (password, OIDC): opens the server-side
// session the cookie will name and records auth.signed_in, in the caller's transaction.
import type { Tx } from "@/db/client";
import { sessions, type SignInMethod } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/append-event";

export async function openSession(
  tx: Tx,
  input: { user: { id: string; email: string }; method: SignInMethod; now: Date; details: Record<string, unknown>; authenticatedAt?: Date },
): Promise<string> {
  const { user, method, now } = input;
  const [session] = await tx
    .insert(sessions)
    // What step-up counts from: when the person really authenticated (a provider's auth_time), else now.
    .values({ userId: user.id, createdAt: now, lastSeenAt: now, authenticatedAt: input.authenticatedAt ?? now, method })
    .returning({ id: sessions.id });
  await appendAuditEvent(tx, {
    actor: { kind: "user", id: user.id, label: user.email },
    action: "auth.signed_in",
    occurredAt: now,
    details: { sessionId: session.id, method, ...input.details },
  });
  return session.id;
}
