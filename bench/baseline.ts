// The physical limit: the database work of one auto-approved request → grant (with its three
// chained audit events and the holder's notification) and of one access check, the same
// statements Lapse sends, issued straight from postgres.js with no HTTP, no Next.js and no
// application logic between them. Lapse over HTTP is measured against this in the same run
// (bench/api-load.ts).
// The statements mirror what Lapse sends (captured with log_statement = all), events included:
// written last in each transaction, under the chain's lock, as lib/audit/append-event.ts does.
// The "unchained" variant writes the same events without the chain's lock or head read, to
// show how much the serialised chain costs.
import postgres from "postgres";
import { computeEventHash } from "@/lib/audit/event-hash";
import { hashTokenSecret } from "@/lib/api-tokens/token-secret";
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

/** The bearer lookup every /api/v1 call makes (lib/api/authenticate.ts). */
async function authenticate(sql: Sql, key: string, now: Date) {
  const [token] = await sql`select t.id, t.kind, t.user_id, t.last_used_at, t.signed_in_at, not u.disabled, u.email, w.*
    from api_tokens t join users u on u.id = t.user_id left join workload_identities w on w.id = t.workload_id
    where t.secret_hash = ${hashTokenSecret(key)} and t.revoked_at is null and t.expires_at > ${now}`;
  if (!token) throw new Error("baseline: the bench key is unknown");
}

/**
 * One auto-approved request through to an issued grant, statement for statement as Lapse sends
 * it (captured with log_statement = all): authenticate, resolve the resource, then the request
 * transaction (eligibility, policy, governance, live-grant limit, insert, approval, grant, its
 * events), the issuance claim and transaction (grant active, the holder's notification, its
 * event), and the two reads the API answers with.
 */
async function requestToGrant(sql: postgres.Sql, who: { userId: string; label: string; key: string }, resourceSlug: string, writeEvents: WriteEvents) {
  const now = new Date();
  await authenticate(sql, who.key, now);
  const [{ id: resourceId }] = await sql<{ id: string }[]>`select id from resources where slug = ${resourceSlug}`;
  const liveCount = (tx: Sql) => tx`select count(*) from grants where principal_user_id = ${who.userId} and resource_id = ${resourceId} and revoke_requested_at is null
      and ((status = 'issuing' and issue_attempts = 0) or (status = 'active' and expires_at > ${now}))`;
  const ids = await sql.begin(async (tx) => {
    await tx`select id from users where id = ${who.userId} and disabled = false for share`;
    await tx`select * from resources where id = ${resourceId}`;
    const [policy] = await tx<{ id: string }[]>`select * from policies where resource_id = ${resourceId} and status = 'active' order by version desc limit 1`;
    await tx`select r.id, r.owner_team_id, o.name, o.function, a.activity, a.team_id, a.letter, t.name, t.function
      from resources r join teams o on o.id = r.owner_team_id left join raci_assignments a on a.resource_id = r.id left join teams t on t.id = a.team_id
      where r.id in (${resourceId})`;
    await liveCount(tx);
    const [request] = await tx<{ id: string }[]>`insert into access_requests (resource_id, policy_id, requester_user_id, access_level, duration_minutes, justification, status, approvals_required, created_at, updated_at)
      values (${resourceId}, ${policy.id}, ${who.userId}, 'read', 15, 'baseline', 'pending', 0, ${now}, ${now}) returning *`;
    await tx`select pg_advisory_xact_lock(hashtextextended(${`live-grants:${who.userId}:${resourceId}`}, 0))`;
    await liveCount(tx);
    await tx`update access_requests set status = 'approved', decided_at = ${now}, decided_policy_id = ${policy.id}, updated_at = ${now} where id = ${request.id} and status in ('pending') returning *`;
    const [grant] = await tx<{ id: string }[]>`insert into grants (request_id, resource_id, principal_user_id, access_level, duration_minutes, connector_kind, status, next_issue_at, created_at)
      values (${request.id}, ${resourceId}, ${who.userId}, 'read', 15, 'record-only', 'issuing', ${now}, ${now}) returning *`;
    await writeEvents(tx, [
      { at: now, actorKind: "workload", actorId: who.userId, actorLabel: who.label, action: "request.created", resourceId, requestId: request.id, grantId: null, details: { accessLevel: "read", durationMinutes: 15, requester: who.label } },
      { at: now, actorKind: "system", actorId: "auto-approval", actorLabel: "Lapse auto-approval", action: "request.approved", resourceId, requestId: request.id, grantId: grant.id, details: { approvers: [], policyVersion: 1 } },
    ]);
    return { grantId: grant.id, requestId: request.id };
  });
  const issuedAt = new Date();
  const expiresAt = new Date(issuedAt.getTime() + 15 * 60_000);
  await sql`update grants set lease_until = ${new Date(issuedAt.getTime() + 60_000)} where id = ${ids.grantId} and status in ('issuing') and (lease_until is null or lease_until <= ${issuedAt}) and revoke_requested_at is null returning *`;
  await sql`select id, kind, name, email from users where id in (${who.userId})`;
  await sql.begin(async (tx) => {
    await tx`update grants set status = 'active', lease_until = null, issue_attempts = 1, next_issue_at = null, last_issue_error = null, issued_at = ${issuedAt}, expires_at = ${expiresAt} where id = ${ids.grantId} and status in ('issuing') returning *`;
    await tx`select id, slug, name, owner_team_id from resources where id = ${resourceId}`;
    await tx`select id from users where id in (${who.userId}) and disabled = false`;
    const [notification] = await tx<{ id: string }[]>`insert into notifications (event, resource_id, request_id, grant_id, title, body, link, created_at)
      values ('grant.issued', ${resourceId}, ${ids.requestId}, ${ids.grantId}, 'Access granted', 'baseline', '/requests', ${issuedAt}) on conflict do nothing returning id`;
    await tx`select user_id, event, channel from notification_preferences where user_id in (${who.userId}) and event in ('grant.issued') and enabled = false`;
    await tx`insert into notification_inbox (notification_id, user_id, created_at) values (${notification.id}, ${who.userId}, ${issuedAt})`;
    await writeEvents(tx, [
      { at: issuedAt, actorKind: "system", actorId: "issuer", actorLabel: "Lapse issuer", action: "grant.issued", resourceId, requestId: ids.requestId, grantId: ids.grantId, details: { connector: "record-only", issuedAt: issuedAt.toISOString(), expiresAt: expiresAt.toISOString() } },
    ]);
  });
  await sql`select * from access_requests where id = ${ids.requestId}`;
  await sql`select * from grants where request_id = ${ids.requestId}`;
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
    const who = (worker: number) => {
      const workload = world.workloads[worker % world.workloads.length];
      return { userId: workload.userId, label: `workload:${workload.name}`, key: workload.key };
    };
    const resourceOf = (worker: number) => world.resources[(worker + 1) % world.resources.length].slug;
    const request = (writeEvents: WriteEvents) => (worker: number) => requestToGrant(sql, who(worker), resourceOf(worker), writeEvents);

    const samples = world.liveSamples;
    // The access check as Lapse makes it: the checker's bearer, then one statement with the
    // principal and the resource looked up inside it (lib/access/check-principal-access.ts).
    const checker = world.workloads[0].key;
    const check = async (_worker: number, i: number) => {
      const sample = samples[i % samples.length];
      const now = new Date();
      await authenticate(sql, checker, now);
      const name = sample.principal.slice(sample.principal.indexOf(":") + 1);
      const principal = sample.principal.startsWith("workload:")
        ? sql`(select user_id from workload_identities where name = ${name})`
        : sql`(select id from users where lower(email) = lower(${name}) and kind = 'human')`;
      const live = await sql`select id, expires_at from grants where principal_user_id = ${principal} and resource_id = (select id from resources where slug = ${sample.resource} limit 1)
        and access_level = ${sample.level} and status = 'active' and revoke_requested_at is null and issued_at <= ${now} and expires_at > ${now} order by expires_at`;
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
