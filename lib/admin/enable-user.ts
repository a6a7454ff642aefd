import "server-only";
// An admin re-enables a disabled account. What offboarding ended stays ended: grants are
// not restored and cancelled requests do not come back; the person asks again.
import { and, eq } from "drizzle-orm";
import { users } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { auditActor, type UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { conflict, notFound } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { lockActingAdmin } from "./lock-acting-admin";
import { userIdInput, type UserIdInput } from "./schemas";

export async function enableUser(actor: UserActor, input: UserIdInput, deps: Deps): Promise<{ userId: string; email: string }> {
  authorize(actor, "admin.manage");
  const { userId } = parseInput(userIdInput, input);
  const now = deps.clock();

  return deps.db.transaction(async (tx) => {
    const target = (await lockActingAdmin(tx, actor, [userId])).get(userId);
    if (!target) throw notFound("No such user.");
    const [enabled] = await tx
      .update(users)
      .set({ disabled: false })
      .where(and(eq(users.id, userId), eq(users.disabled, true)))
      .returning({ id: users.id, email: users.email });
    if (!enabled) throw conflict("This account is already enabled.");
    await appendAuditEvent(tx, {
      actor: auditActor(actor),
      action: "user.enabled",
      occurredAt: now,
      details: { userId, email: enabled.email, before: { disabled: true }, after: { disabled: false } },
    });
    return { userId, email: enabled.email };
  });
}
