// The physical limit: the database work of one auto-approved request → grant (with its three
// chained audit events and the holder's notification) and of one access check, issued
// straight from postgres.js with no HTTP, no Next.js, no authentication and no policy
// engine. Lapse over HTTP is measured against this in the same run (bench/api-load.ts).
// The statements mirror what Lapse sends (captured with log_statement = all), events included:
// written last in each transaction, under the chain's lock, as lib/audit/append-event.ts does.
// The "unchained" variant writes the same events without the chain's lock or head read, to
// show how much the serialised chain costs.
import postgres from "postgres";
import { computeEventHash } from "@/lib/audit/event-hash";
import { databaseUrl } from "./config";
import type { BenchWorld } from "./generate";
import { closedLoop, type LoadFigures } from "./stats";

const CHAIN_LOCK = 724_151_002;

type Sql = postgres.Sql | postgres.TransactionSql;

interface BaselineEvent {
  at: Date;
  actorKind: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  resourceId: string;
  requestId: string;
  grantId: string | null;
  details: Record<string, unknown>;
}
type WriteEvents = (tx: Sql, events: BaselineEvent[]) => Promise<void>;

/** As Lapse writes a transaction's events, last, just before commit: lock, head, one insert. */
const writeChained: WriteEvents = async (tx, events) => {
  await tx`select pg_advisory_xact_lock(${CHAIN_LOCK})`;
  const [head] = await tx<{ seq: string; hash: string }[]>`select seq, hash from audit_events order by seq desc limit 1`;
  let seq = Number(head.seq);
  let prevHash = head.hash;
  const rows = events.map((event) => {
    const content = { seq: ++seq, occurredAt: event.at, actorKind: event.actorKind, actorId: event.actorId, actorLabel: event.actorLabel, action: event.action, resourceId: event.resourceId, requestId: event.requestId, grantId: event.grantId, details: event.details, prevHash };
    prevHash = computeEventHash(content);
    return { seq: content.seq, occurred_at: event.at, actor_kind: event.actorKind, actor_id: event.actorId, actor_label: event.actorLabel, action: event.action, resource_id: event.resourceId, request_id: event.requestId, grant_id: event.grantId, details: tx.json(event.details as postgres.JSONValue), prev_hash: content.prevHash, hash: prevHash };
  });
  await tx`insert into audit_events ${tx(rows)}`;
};

/** The same events, written without the chain: no lock, no head read, into a scratch table. */
const writeUnchained: WriteEvents = async (tx, events) => {
  const rows = events.map((event) => ({ occurred_at: event.at, actor_kind: event.actorKind, actor_id: event.actorId, actor_label: event.actorLabel, action: event.action, resource_id: event.resourceId, request_id: event.requestId, grant_id: event.grantId, details: tx.json(event.details as postgres.JSONValue) }));
  await tx`insert into bench_unchained_events ${tx(rows)}`;
};

async function requestToGrant(sql: postgres.Sql, who: { userId: string; label: string }, resourceId: string, writeEvents: WriteEvents) {
  const now = new Date();
  const grantId = await sql.begin(async (tx) => {
    await tx`select id from users where id = ${who.userId} and disabled = false for share`;
    const [policy] = await tx<{ id: string }[]>`select id from policies where resource_id = ${resourceId} and status = 'active' order by version desc limit 1`;
    await tx`select count(*) from grants where principal_user_id = ${who.userId} and resource_id = ${resourceId} and revoke_requested_at is null
      and ((status = 'issuing' and issue_attempts = 0) or (status = 'active' and expires_at > ${now}))`;
    const [request] = await tx<{ id: string }[]>`insert into access_requests (resource_id, policy_id, requester_user_id, access_level, duration_minutes, justification, status, approvals_required, created_at, updated_at)
      values (${resourceId}, ${policy.id}, ${who.userId}, 'read', 15, 'baseline', 'pending', 0, ${now}, ${now}) returning id`;
    await tx`select pg_advisory_xact_lock(hashtextextended(${`live-grants:${who.userId}:${resourceId}`}, 0))`;
    await tx`select count(*) from grants where principal_user_id = ${who.userId} and resource_id = ${resourceId} and revoke_requested_at is null
      and ((status = 'issuing' and issue_attempts = 0) or (status = 'active' and expires_at > ${now}))`;
    await tx`update access_requests set status = 'approved', decided_at = ${now}, decided_policy_id = ${policy.id}, updated_at = ${now} where id = ${request.id} and status = 'pending'`;
    const [grant] = await tx<{ id: string }[]>`insert into grants (request_id, resource_id, principal_user_id, access_level, duration_minutes, connector_kind, status, next_issue_at, created_at)
      values (${request.id}, ${resourceId}, ${who.userId}, 'read', 15, 'record-only', 'issuing', ${now}, ${now}) returning id`;
    await writeEvents(tx, [
      { at: now, actorKind: "workload", actorId: who.userId, actorLabel: who.label, action: "request.created", resourceId, requestId: request.id, grantId: null, details: { accessLevel: "read", durationMinutes: 15, requester: who.label } },
      { at: now, actorKind: "system", actorId: "auto-approval", actorLabel: "Lapse auto-approval", action: "request.approved", resourceId, requestId: request.id, grantId: grant.id, details: { approvers: [], policyVersion: 1 } },
    ]);
    return { grantId: grant.id, requestId: request.id };
  });
  const issuedAt = new Date();
  const expiresAt = new Date(issuedAt.getTime() + 15 * 60_000);
  await sql`update grants set lease_until = ${new Date(issuedAt.getTime() + 60_000)} where id = ${grantId.grantId} and status = 'issuing' and (lease_until is null or lease_until <= ${issuedAt})`;
  await sql.begin(async (tx) => {
    await tx`update grants set status = 'active', lease_until = null, issue_attempts = 1, next_issue_at = null, issued_at = ${issuedAt}, expires_at = ${expiresAt} where id = ${grantId.grantId} and status = 'issuing'`;
    const [notification] = await tx<{ id: string }[]>`insert into notifications (event, resource_id, request_id, grant_id, title, body, link, created_at)
      values ('grant.issued', ${resourceId}, ${grantId.requestId}, ${grantId.grantId}, 'Access granted', 'baseline', '/requests', ${issuedAt}) returning id`;
    await tx`insert into notification_inbox (notification_id, user_id, created_at) values (${notification.id}, ${who.userId}, ${issuedAt})`;
    await writeEvents(tx, [
      { at: issuedAt, actorKind: "system", actorId: "issuer", actorLabel: "Lapse issuer", action: "grant.issued", resourceId, requestId: grantId.requestId, grantId: grantId.grantId, details: { connector: "record-only", issuedAt: issuedAt.toISOString(), expiresAt: expiresAt.toISOString() } },
    ]);
  });
}

export interface BaselineFigures {
  requestThroughput: LoadFigures;
  requestLatency: LoadFigures;
  requestUnchainedThroughput: LoadFigures;
  checkThroughput: LoadFigures;
  checkLatency: LoadFigures;
}

export async function runBaseline(world: BenchWorld, seconds: number): Promise<BaselineFigures> {
  const sql = postgres(databaseUrl(), { max: 32, onnotice: () => {} });
  try {
    await sql`create table if not exists bench_unchained_events (seq bigserial primary key, occurred_at timestamptz not null, actor_kind text not null, actor_id text, actor_label text not null, action text not null, resource_id uuid, request_id uuid, grant_id uuid, details jsonb not null)`;
    // Each connection acts as its own workload on its own resource, as autocannon's do.
    const who = (worker: number) => ({ userId: world.workloads[worker % world.workloads.length].userId, label: `workload:${world.workloads[worker % world.workloads.length].name}` });
    const resourceOf = (worker: number) => world.resources[(worker + 1) % world.resources.length].id;
    const request = (writeEvents: WriteEvents) => (worker: number) => requestToGrant(sql, who(worker), resourceOf(worker), writeEvents);

    const samples = world.liveSamples;
    const check = async (_worker: number, i: number) => {
      const sample = samples[i % samples.length];
      const now = new Date();
      const name = sample.principal.slice("workload:".length);
      const [principal] = sample.principal.startsWith("workload:")
        ? await sql`select user_id as id from workload_identities where name = ${name}`
        : await sql`select id from users where lower(email) = lower(${sample.principal.slice("user:".length)})`;
      const [resource] = await sql`select id from resources where slug = ${sample.resource}`;
      const live = await sql`select id, expires_at from grants where principal_user_id = ${principal.id} and resource_id = ${resource.id} and access_level = ${sample.level}
        and status = 'active' and revoke_requested_at is null and issued_at <= ${now} and expires_at > ${now} order by expires_at`;
      if (live.length === 0) throw new Error(`baseline check found no live grant for ${sample.principal}`);
    };
    await closedLoop(4, 2, request(writeChained)); // warm the pool and caches
    return {
      requestThroughput: await closedLoop(32, seconds, request(writeChained)),
      requestLatency: await closedLoop(4, seconds, request(writeChained)),
      requestUnchainedThroughput: await closedLoop(32, seconds, request(writeUnchained)),
      checkThroughput: await closedLoop(32, seconds, check),
      checkLatency: await closedLoop(4, seconds, check),
    };
  } finally {
    await sql.end();
  }
}
