import "server-only";
// Proof of separation of duties: the exact queries that would find a request decided by its
// own requester, or a dual approval resting on fewer than two people, run as shown. Zero is
// the evidence; the query is printed beside it so an auditor can re-run it themselves.
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/rows";
import type { UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";

export const SOD_CHECKS = [
  {
    id: "self-decided",
    title: "Requests decided by their own requester",
    query: `select count(*) as n
  from approvals a
  join access_requests r on r.id = a.request_id
 where a.approver_user_id = r.requester_user_id`,
  },
  {
    id: "self-extended",
    title: "Extensions decided by the grant's own holder",
    query: `select count(*) as n
  from extension_approvals a
  join extension_requests e on e.id = a.extension_id
 where a.approver_user_id = e.requester_user_id`,
  },
  {
    id: "dual-short",
    title: "Dual-approval grants resting on fewer than two different approvers",
    query: `select count(*) as n
  from access_requests r
 where r.status = 'approved' and r.break_glass = false and r.approvals_required = 2
   and (select count(distinct a.approver_user_id) from approvals a
         where a.request_id = r.id and a.decision = 'approve') < 2`,
  },
  {
    id: "decisions",
    title: "Decisions examined (approvals and denials recorded)",
    query: `select (select count(*) from approvals) + (select count(*) from extension_approvals) as n`,
  },
  {
    id: "refused-attempts",
    title: "Attempts to decide one's own request or extension, refused and recorded",
    query: `select count(*) as n from audit_events
 where action in ('request.self_decision_refused', 'extension.self_decision_refused')`,
  },
] as const;

export interface SodResult {
  id: string;
  title: string;
  query: string;
  count: number;
}

export async function proveSeparationOfDuties(actor: UserActor, deps: Pick<Deps, "db">): Promise<SodResult[]> {
  authorize(actor, "audit.read");
  const results: SodResult[] = [];
  for (const check of SOD_CHECKS) {
    const rows = rowsOf<{ n: string | number }>(await deps.db.execute(sql.raw(check.query)));
    results.push({ ...check, count: Number(rows[0].n) });
  }
  return results;
}
