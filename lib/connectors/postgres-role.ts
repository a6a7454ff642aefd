import "server-only";
// A real login on a target PostgreSQL server per grant: role `lapse_<grant id hex>`, LOGIN,
// a random password (sent to the target as a SCRAM verifier), VALID UNTIL the grant's
// expiry, member of the role its access level maps to. The password leaves this module only
// in the issue result's `secret`, which the issuer seals for the holder to see once.
// Revoke: NOLOGIN first (no new sessions), end the role's sessions, drop what it owns, drop
// it. Verify reads pg_roles and pg_stat_activity back. Every step is idempotent.
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { loadConnectorConfig } from "./load-connector-config";
import { assertReachableTarget } from "./outbound-target";
import { scramSha256Verifier } from "./scram";
import type { PostgresRoleSecrets, PostgresRoleSettings } from "./settings";
import type { Connector, ConnectorContext, ConnectorGrant } from "./types";

export const POSTGRES_ROLE_KIND = "postgres-role";

/** The login role Lapse manages for a grant. */
export function roleNameFor(grantId: string): string {
  return `lapse_${grantId.replace(/-/g, "").toLowerCase()}`;
}

const ident = (name: string) => {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error("refusing an unexpected role name");
  return `"${name}"`;
};
const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

async function withTarget<T>(grant: Pick<ConnectorGrant, "resourceId">, ctx: ConnectorContext, work: (sql: postgres.Sql, settings: PostgresRoleSettings) => Promise<T>): Promise<T> {
  const { settings, secrets } = await loadConnectorConfig(ctx.db, grant.resourceId, POSTGRES_ROLE_KIND);
  await assertReachableTarget(settings.host);
  const sql = postgres({
    host: settings.host,
    port: settings.port,
    database: settings.database,
    username: settings.adminUser,
    password: (secrets as PostgresRoleSecrets).adminPassword,
    // postgres.js's "require" skips certificate checks; the admin password and new role
    // secrets deserve a verified server, so "require" here means verify-full.
    ssl: settings.ssl === "require" ? "verify-full" : false,
    max: 1,
    connect_timeout: 5,
    idle_timeout: 1,
    prepare: false,
    onnotice: () => {},
    connection: { application_name: "lapse-connector", statement_timeout: 10_000 },
  });
  try {
    return await work(sql, settings);
  } finally {
    await sql.end({ timeout: 2 }).catch(() => {});
  }
}

async function readState(sql: postgres.Sql, role: string) {
  // VALID UNTIL as epoch milliseconds: 'infinity' reads as Infinity, which a Date cannot hold
  // (a role someone set to never expire must be reported, not break the check).
  const [row] = await sql<{ role_exists: boolean; can_login: boolean | null; valid_until_ms: number | null; sessions: number }[]>`
    select exists(select 1 from pg_roles where rolname = ${role}) as role_exists,
           (select rolcanlogin from pg_roles where rolname = ${role}) as can_login,
           (select extract(epoch from rolvaliduntil)::float8 * 1000 from pg_roles where rolname = ${role}) as valid_until_ms,
           (select count(*)::int from pg_stat_activity where usename = ${role}) as sessions`;
  return row;
}

/** VALID UNTIL as evidence: an ISO time, "infinity", or null when unset (never expires). */
function validUntilOf(ms: number | null): string | null {
  if (ms === null) return null;
  return Number.isFinite(ms) ? new Date(ms).toISOString() : "infinity";
}

const MANAGED_ROLE = /^lapse_([0-9a-f]{8})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{12})$/;

export const postgresRoleConnector: Connector = {
  kind: POSTGRES_ROLE_KIND,
  verifiesTarget: true,

  async listManaged(resourceId, ctx) {
    return withTarget({ resourceId }, ctx, async (sql) => {
      const rows = await sql<{ rolname: string }[]>`select rolname from pg_roles where rolname ~ '^lapse_[0-9a-f]{32}$'`;
      return rows.flatMap((row) => {
        const m = MANAGED_ROLE.exec(row.rolname);
        return m ? [m.slice(1).join("-")] : [];
      });
    });
  },

  async issue(grant, ctx) {
    return withTarget(grant, ctx, async (sql, settings) => {
      const target = settings.levelRoles[grant.accessLevel];
      if (!target) throw new Error(`no target role is configured for access level "${grant.accessLevel}"`);
      const role = roleNameFor(grant.id);
      const password = randomBytes(24).toString("base64url");
      const validUntil = grant.expiresAt.toISOString();
      const verifier = literal(scramSha256Verifier(password));
      // Re-issuing after a crash gives the role a fresh password: the old one was never shown.
      await sql.begin(async (tx) => {
        const [existing] = await tx`select 1 from pg_roles where rolname = ${role}`;
        const options = `LOGIN INHERIT PASSWORD ${verifier} VALID UNTIL ${literal(validUntil)}`;
        await tx.unsafe(existing ? `ALTER ROLE ${ident(role)} WITH ${options}` : `CREATE ROLE ${ident(role)} WITH ${options}`);
        await tx.unsafe(`GRANT ${ident(target)} TO ${ident(role)}`);
      });
      return {
        details: { role, memberOf: target, validUntil, target: `${settings.host}:${settings.port}/${settings.database}` },
        secret: { host: settings.host, port: settings.port, database: settings.database, user: role, password, validUntil },
      };
    });
  },

  async revoke(grant, ctx) {
    await withTarget(grant, ctx, async (sql) => {
      const role = roleNameFor(grant.id);
      const [existing] = await sql`select 1 from pg_roles where rolname = ${role}`;
      if (existing) await sql.unsafe(`ALTER ROLE ${ident(role)} WITH NOLOGIN`);
      // Waits (up to 5 s each) until the session is gone, so verify never races a dying backend.
      await sql`select pg_terminate_backend(pid, 5000) from pg_stat_activity where usename = ${role} and pid <> pg_backend_pid()`;
      if (existing) {
        await sql.begin(async (tx) => {
          // REASSIGN/DROP OWNED need the privileges of the role being dropped: an admin with
          // only CREATEROLE takes its membership for this transaction (DROP ROLE ends it).
          await tx.unsafe(`GRANT ${ident(role)} TO CURRENT_USER`);
          await tx.unsafe(`REASSIGN OWNED BY ${ident(role)} TO CURRENT_USER`);
          await tx.unsafe(`DROP OWNED BY ${ident(role)}`);
          await tx.unsafe(`DROP ROLE IF EXISTS ${ident(role)}`);
        });
      }
    });
  },

  async verify(grant, ctx) {
    return withTarget(grant, ctx, async (sql, settings) => {
      const role = roleNameFor(grant.id);
      const state = await readState(sql, role);
      return {
        accessPresent: state.role_exists || state.sessions > 0,
        subject: role,
        details: {
          connector: POSTGRES_ROLE_KIND,
          target: `${settings.host}:${settings.port}/${settings.database}`,
          role,
          roleExists: state.role_exists,
          canLogin: state.can_login,
          validUntil: validUntilOf(state.valid_until_ms),
          sessions: state.sessions,
          checkedAt: ctx.now.toISOString(),
        },
      };
    });
  },

  exceedsGrant(grant, result) {
    if (result.details.roleExists !== true) return null;
    const validUntil = result.details.validUntil;
    const ends = grant.expiresAt.toISOString();
    if (validUntil === null || validUntil === "infinity") return `the login role never expires on the target (VALID UNTIL ${validUntil ?? "unset"}), while the grant ends at ${ends}`;
    // A second of slack: the target stores microseconds, Lapse milliseconds.
    if (typeof validUntil === "string" && Date.parse(validUntil) > grant.expiresAt.getTime() + 1000) return `the login role is valid on the target until ${validUntil}, after the grant ends at ${ends}`;
    return null;
  },

  async extend(grant, newExpiresAt, ctx) {
    return withTarget(grant, ctx, async (sql) => {
      const role = roleNameFor(grant.id);
      const [existing] = await sql`select 1 from pg_roles where rolname = ${role}`;
      if (!existing) throw new Error("the grant's login role is missing on the target");
      await sql.unsafe(`ALTER ROLE ${ident(role)} VALID UNTIL ${literal(newExpiresAt.toISOString())}`);
      return { details: { role, validUntil: newExpiresAt.toISOString() } };
    });
  },
};
