// Helpers for the extension suites: a live grant to extend, what the database holds about
// extensions, and ending a grant early the way a revoke does (until lib/grants/revoke-grant.ts
// is available here, the same conditional UPDATE and event, in one transaction).
import { and, asc, count, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditEvents, extensionApprovals, extensionRequests, grants, type NewPolicy } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/append-event";
import type { UserActor } from "@/lib/auth/actor";
import { approveRequest } from "@/lib/requests/decide-request";
import { createRequest } from "@/lib/requests/create-request";
import { GRANT_TRANSITIONS } from "@/lib/lifecycle/transitions";
import { makeScenario, requestTerms, testDeps } from "./factories";
import { grantFor } from "./helpers";

export const EXTENSIBLE: Partial<NewPolicy> = { extensionsAllowed: true, maxTotalMinutes: 480, maxDurationMinutes: 360, approvalRule: "single" };

/** A scenario whose requester holds a live grant of `durationMinutes` (6 h by default). */
export async function liveGrantScenario(db: Db, options: { policy?: Partial<NewPolicy>; durationMinutes?: number } = {}) {
  const s = await makeScenario(db, { policy: { ...EXTENSIBLE, ...options.policy } });
  const deps = testDeps(db);
  const request = await createRequest(s.requester, requestTerms(s.resource.id, { durationMinutes: options.durationMinutes ?? 360 }), deps);
  if (request.status === "pending") {
    const first = await approveRequest(s.approver, { requestId: request.id }, deps);
    if (first.outcome === "awaiting-more") await approveRequest(s.approver2, { requestId: request.id }, deps);
  }
  const grant = await grantFor(db, request.id);
  return { ...s, deps, request, grant };
}

export async function extensionById(db: Db, extensionId: string) {
  const [row] = await db.select().from(extensionRequests).where(eq(extensionRequests.id, extensionId));
  return row;
}

export async function grantById(db: Db, grantId: string) {
  const [row] = await db.select().from(grants).where(eq(grants.id, grantId));
  return row;
}

export async function grantActions(db: Db, grantId: string) {
  const events = await db.select().from(auditEvents).where(eq(auditEvents.grantId, grantId)).orderBy(asc(auditEvents.seq));
  return events.map((e) => e.action);
}

export async function grantEvents(db: Db, grantId: string, actions: string[]) {
  return db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.grantId, grantId), inArray(auditEvents.action, actions)))
    .orderBy(asc(auditEvents.seq));
}

/** Rows in every table an extension decision could write to. */
export async function extensionCounts(db: Db) {
  const [[x], [a], [e]] = await Promise.all([
    db.select({ n: count() }).from(extensionRequests),
    db.select({ n: count() }).from(extensionApprovals),
    db.select({ n: count() }).from(auditEvents),
  ]);
  return { extensions: x.n, approvals: a.n, events: e.n };
}

/** Ends a grant early (access ends now; the sweep revokes it): one conditional UPDATE and its event. */
export async function requestRevoke(db: Db, grantId: string, by: UserActor, at: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [revoking] = await tx
      .update(grants)
      .set({ revokeRequestedAt: at, revokeReason: "relinquished", revokeRequestedBy: by.email })
      .where(and(eq(grants.id, grantId), inArray(grants.status, GRANT_TRANSITIONS.revoke.from), isNull(grants.revokeRequestedAt)))
      .returning();
    if (!revoking) return false;
    await appendAuditEvent(tx, {
      actor: { kind: "user", id: by.id, label: by.email },
      action: "grant.revoke_requested",
      occurredAt: at,
      resourceId: revoking.resourceId,
      requestId: revoking.requestId,
      grantId,
      details: { reason: "relinquished" },
    });
    return true;
  });
}
