// The PostgreSQL role connector against a real target with password authentication:
// a grant is a login that works, then does not; an outage at expiry leaves the grant
// overdue (never expired) until a later sweep revokes it, with the lag recorded.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import postgres from "postgres";
import { and, eq, isNull } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { auditEvents, driftFindings, grants, type NewPolicy } from "@/db/schema";
import { sweepDrift } from "@/lib/drift/sweep-drift";
import { approveExtension } from "@/lib/extensions/decide-extension";
import { requestExtension } from "@/lib/extensions/request-extension";
import { saveConnectorConfig } from "@/lib/connectors/save-connector-config";
import { roleNameFor } from "@/lib/connectors/postgres-role";
import { expireDueGrants } from "@/lib/grants/expire-due-grants";
import { revealGrantCredentials } from "@/lib/grants/reveal-grant-credentials";
import { MINUTE_MS } from "@/lib/lifecycle/duration";
import { createRequest } from "@/lib/requests/create-request";
import { approveRequest } from "@/lib/requests/decide-request";
import { manualClock } from "../clock";
import { ENGINES, TEST_DATABASE_URL, useTestDb } from "../db";
import { makeScenario, makeUser, requestTerms, testDeps } from "../factories";
import { expectServiceError, grantFor } from "../helpers";
import { pgBinariesAvailable, startPgTarget, type PgTarget } from "../pg-target";

process.env.NEXTAUTH_SECRET ??= "test-secret-for-sealing-connector-secrets";
process.env.LAPSE_ALLOW_PRIVATE_TARGETS = "1";
const LEAST_ADMIN_PASSWORD = "least-privileged-admin-password";

describe.runIf(TEST_DATABASE_URL && pgBinariesAvailable())("postgres-role connector", () => {
  let target: PgTarget;
  beforeAll(async () => {
    target = await startPgTarget();
    const admin = target.admin();
    await admin.unsafe("create database app");
    await admin.end();
    const app = target.admin("app");
    await app.unsafe(`
      create table items (id serial primary key, name text not null);
      insert into items (name) values ('one');
      create role app_read nologin;
      create role app_write nologin;
      grant usage on schema public to app_read, app_write;
      grant select on items to app_read;
      grant select, insert on items to app_write;
      grant usage on sequence items_id_seq to app_write;
      -- The least-privileged admin README names: CREATEROLE and pg_signal_backend, no superuser.
      create role lapse_admin login createrole password '${LEAST_ADMIN_PASSWORD}';
      grant pg_signal_backend to lapse_admin;`);
    await app.end();
  }, 120_000);
  afterAll(() => target?.destroy());

  const login = (creds: Record<string, unknown>) =>
    postgres({
      host: String(creds.host),
      port: Number(creds.port),
      database: String(creds.database),
      username: String(creds.user),
      password: String(creds.password),
      max: 1,
      connect_timeout: 5,
      onnotice: () => {},
    });

  describe.each(ENGINES)("with Lapse on %s", (engine) => {
    const handle = useTestDb(engine);

    async function setup(options: { start?: Date; policy?: Partial<NewPolicy>; leastPrivilegedAdmin?: boolean } = {}) {
      const { db } = handle();
      // The target checks VALID UNTIL against its own wall clock: start Lapse's clock there.
      const deps = testDeps(db, { clock: manualClock(options.start ?? new Date()) });
      const s = await makeScenario(db, { connectorKind: "postgres-role", policy: options.policy });
      const admin = await makeUser(db, { roles: ["admin"] });
      await saveConnectorConfig(
        admin,
        {
          resourceId: s.resource.id,
          kind: "postgres-role",
          settings: { host: target.host, port: target.port, database: "app", adminUser: options.leastPrivilegedAdmin ? "lapse_admin" : "postgres", ssl: "disable", levelRoles: { read: "app_read", admin: "app_write" } },
          secrets: { adminPassword: options.leastPrivilegedAdmin ? LEAST_ADMIN_PASSWORD : target.password },
          revision: 0,
        },
        deps,
      );
      return { db, deps, s };
    }

    async function issue(ctx: Awaited<ReturnType<typeof setup>>, accessLevel = "read") {
      const request = await createRequest(ctx.s.requester, requestTerms(ctx.s.resource.id, { accessLevel }), ctx.deps);
      await approveRequest(ctx.s.approver, { requestId: request.id }, ctx.deps);
      const grant = await grantFor(ctx.db, request.id);
      expect(grant.status).toBe("active");
      return grant;
    }

    it("issues a working login once, and revocation ends it and its open session", async () => {
      const ctx = await setup();
      const grant = await issue(ctx);

      // The password is in no audit event; the holder sees it once.
      const events = await ctx.db.select().from(auditEvents).where(eq(auditEvents.grantId, grant.id));
      const creds = await revealGrantCredentials(ctx.s.requester, { grantId: grant.id }, ctx.deps);
      expect(creds).toMatchObject({ user: roleNameFor(grant.id), database: "app", port: target.port });
      expect(JSON.stringify(events)).not.toContain(String(creds.password));
      await expectServiceError(revealGrantCredentials(ctx.s.requester, { grantId: grant.id }, ctx.deps), "not_found");

      // Read access allows reading, not writing.
      const session = login(creds);
      expect(await session`select name from items where id = 1`).toEqual([{ name: "one" }]);
      await expect(session`insert into items (name) values ('two')`).rejects.toThrow(/permission denied/);

      ctx.deps.clock.advance(15 * MINUTE_MS + 1);
      expect(await expireDueGrants(ctx.deps)).toEqual({ expired: 1, revoked: 0, failed: 0 });
      const ended = await grantFor(ctx.db, grant.requestId);
      expect(ended.status).toBe("expired");
      expect(ended.revokeEvidence).toMatchObject({ role: roleNameFor(grant.id), roleExists: false, sessions: 0 });

      // The session that was open is gone, and the login no longer works.
      await expect(session`select 1`).rejects.toThrow();
      await session.end({ timeout: 1 }).catch(() => {});
      const again = login(creds);
      await expect(again`select 1`).rejects.toThrow(/password authentication failed|does not exist/);
      await again.end({ timeout: 1 }).catch(() => {});
    });

    it("issues and revokes with the least-privileged admin (CREATEROLE and pg_signal_backend, not a superuser)", async () => {
      const ctx = await setup({ leastPrivilegedAdmin: true });
      const grant = await issue(ctx, "admin");
      const creds = await revealGrantCredentials(ctx.s.requester, { grantId: grant.id }, ctx.deps);
      const session = login(creds);
      await session`insert into items (name) values ('by a grant of the least-privileged admin')`;

      ctx.deps.clock.advance(15 * MINUTE_MS + 1);
      expect(await expireDueGrants(ctx.deps)).toEqual({ expired: 1, revoked: 0, failed: 0 });
      expect((await grantFor(ctx.db, grant.requestId)).revokeEvidence).toMatchObject({ roleExists: false, sessions: 0 });
      await expect(session`select 1`).rejects.toThrow();
      await session.end({ timeout: 1 }).catch(() => {});
      const check = target.admin("app");
      expect(await check`select rolname from pg_roles where rolname = ${roleNameFor(grant.id)}`).toEqual([]);
      // The admin is left a member of nothing it was given for the revoke.
      expect(await check`select r.rolname from pg_auth_members m join pg_roles r on r.oid = m.roleid join pg_roles a on a.oid = m.member where a.rolname = 'lapse_admin' order by 1`).toEqual([{ rolname: "pg_signal_backend" }]);
      await check.end();
    });

    it("gives the admin level its own privileges", async () => {
      const ctx = await setup();
      const grant = await issue(ctx, "admin");
      const session = login(await revealGrantCredentials(ctx.s.requester, { grantId: grant.id }, ctx.deps));
      await session`insert into items (name) values ('written by a grant')`;
      await session.end();
      ctx.deps.clock.advance(16 * MINUTE_MS);
      expect(await expireDueGrants(ctx.deps)).toMatchObject({ expired: 1 });
    });

    it("lets the target refuse the login after VALID UNTIL, whatever Lapse's worker does", async () => {
      // Issued 20 minutes ago (by the target's clock) for 15 minutes: already past VALID UNTIL.
      const ctx = await setup({ start: new Date(Date.now() - 20 * MINUTE_MS) });
      const grant = await issue(ctx);
      const creds = await revealGrantCredentials(ctx.s.requester, { grantId: grant.id }, ctx.deps);
      const session = login(creds);
      await expect(session`select 1`).rejects.toThrow(/password authentication failed/);
      await session.end({ timeout: 1 }).catch(() => {});
      ctx.deps.clock.advance(16 * MINUTE_MS);
      expect(await expireDueGrants(ctx.deps)).toMatchObject({ expired: 1 });
    });

    it("keeps a grant overdue while the target is down at expiry, then revokes it with the lag recorded", async () => {
      const ctx = await setup();
      const grant = await issue(ctx);
      ctx.deps.clock.advance(15 * MINUTE_MS + 1);

      target.stop();
      try {
        expect(await expireDueGrants(ctx.deps)).toEqual({ expired: 0, revoked: 0, failed: 1 });
      } finally {
        target.start();
      }
      const overdue = await grantFor(ctx.db, grant.requestId);
      expect(overdue.status).toBe("active");
      expect(overdue.lastRevokeError).toBeTruthy();
      const failures = await ctx.db.select().from(auditEvents).where(and(eq(auditEvents.grantId, grant.id), eq(auditEvents.action, "grant.revoke_failed")));
      expect(failures).toHaveLength(1);

      ctx.deps.clock.advance(10_000);
      expect(await expireDueGrants(ctx.deps)).toEqual({ expired: 1, revoked: 0, failed: 0 });
      const [row] = await ctx.db.select().from(grants).where(eq(grants.id, grant.id));
      expect(row.status).toBe("expired");
      const [expired] = await ctx.db.select().from(auditEvents).where(and(eq(auditEvents.grantId, grant.id), eq(auditEvents.action, "grant.expired")));
      expect((expired.details as { lagMs: number }).lagMs).toBeGreaterThanOrEqual(10_000);
      expect(expired.details).toMatchObject({ verification: { roleExists: false, sessions: 0 } });
    });

    it("finds drift: a role back on the target after its grant ended, and one Lapse never issued; removes them and resolves", async () => {
      const ctx = await setup();
      const grant = await issue(ctx);
      ctx.deps.clock.advance(15 * MINUTE_MS + 1);
      expect(await expireDueGrants(ctx.deps)).toMatchObject({ expired: 1 });
      expect(await sweepDrift(ctx.deps)).toMatchObject({ found: 0, errors: 0 });

      // Someone restores the ended grant's role, never to expire (a time a Date cannot hold: the
      // check must still read it), and creates one Lapse never issued.
      const stray = roleNameFor(randomUUID());
      const app = target.admin("app");
      await app.unsafe(`create role ${roleNameFor(grant.id)} login password 'x' valid until 'infinity'; create role ${stray} login password 'y'`);
      await app.end();

      expect(await sweepDrift(ctx.deps)).toMatchObject({ found: 2, errors: 0 });
      // The ended grant's role is this resource's finding; the stray role is reported once, on
      // one of the resources pointing at this target (earlier tests made several).
      const findings = await ctx.db.select().from(driftFindings);
      expect(findings.filter((f) => f.resourceId === ctx.s.resource.id && f.subject === roleNameFor(grant.id) && f.grantId === grant.id)).toHaveLength(1);
      expect(findings.filter((f) => f.subject === stray && f.grantId === null)).toHaveLength(1);
      const detected = await ctx.db.select().from(auditEvents).where(eq(auditEvents.action, "grant.drift_detected"));
      expect(detected.filter((e) => e.grantId === grant.id)).toHaveLength(1);

      // The sweep revoked both at once; the next pass sees them gone and resolves the findings.
      expect(await sweepDrift(ctx.deps)).toMatchObject({ found: 0, resolved: 2 });
      expect((await ctx.db.select().from(driftFindings)).every((f) => f.resolvedAt !== null)).toBe(true);
    });

    it("finds drift on a live grant: a role made to outlast it by hand is reported, set back to the grant's end, and resolved", async () => {
      const ctx = await setup();
      const grant = await issue(ctx);
      const role = roleNameFor(grant.id);
      expect(await sweepDrift(ctx.deps)).toMatchObject({ found: 0, errors: 0 });

      const validUntil = async () => {
        const app = target.admin("app");
        const [row] = await app<{ ms: number | null }[]>`select extract(epoch from rolvaliduntil)::float8 * 1000 as ms from pg_roles where rolname = ${role}`;
        await app.end();
        return row.ms;
      };
      // Someone on the target lets the role live for ever.
      const app = target.admin("app");
      await app.unsafe(`alter role ${role} valid until 'infinity'`);
      await app.end();
      expect(await validUntil()).toBe(Infinity);

      expect(await sweepDrift(ctx.deps)).toMatchObject({ found: 1, errors: 0 });
      const [finding] = await ctx.db.select().from(driftFindings).where(and(eq(driftFindings.grantId, grant.id), isNull(driftFindings.resolvedAt)));
      expect(finding).toMatchObject({ resourceId: ctx.s.resource.id, subject: role });
      expect(finding.evidence).toMatchObject({ validUntil: "infinity", reason: expect.stringContaining("never expires on the target") });
      // Set back to the grant's end at once; the grant itself is untouched.
      expect(Math.abs((await validUntil())! - grant.expiresAt!.getTime())).toBeLessThan(1000);
      expect((await grantFor(ctx.db, grant.requestId)).status).toBe("active");

      expect(await sweepDrift(ctx.deps)).toMatchObject({ found: 0, resolved: 1 });
      const resolvedEvents = await ctx.db.select().from(auditEvents).where(and(eq(auditEvents.grantId, grant.id), eq(auditEvents.action, "grant.drift_resolved")));
      expect(resolvedEvents).toHaveLength(1);
      ctx.deps.clock.advance(15 * MINUTE_MS + 1);
      expect(await expireDueGrants(ctx.deps)).toMatchObject({ expired: 1 });
    });

    it("moves VALID UNTIL on the target when an extension is approved", async () => {
      const ctx = await setup({ policy: { extensionsAllowed: true, maxTotalMinutes: 60 } });
      const grant = await issue(ctx);
      const { extension } = await requestExtension(ctx.s.requester, { grantId: grant.id, minutes: 30, justification: "Need a bit longer" }, ctx.deps);
      const decision = await approveExtension(ctx.s.approver, { extensionId: extension.id, comment: "ok" }, ctx.deps);
      expect(decision.outcome).toBe("approved");
      const [extended] = await ctx.db.select().from(grants).where(eq(grants.id, grant.id));
      expect(extended.expiresAt!.getTime()).toBe(grant.expiresAt!.getTime() + 30 * MINUTE_MS);
      const app = target.admin("app");
      const [role] = await app<{ valid_until: Date }[]>`select rolvaliduntil as valid_until from pg_roles where rolname = ${roleNameFor(grant.id)}`;
      await app.end();
      expect(new Date(role.valid_until).getTime()).toBe(extended.expiresAt!.getTime());
      const events = await ctx.db.select().from(auditEvents).where(and(eq(auditEvents.grantId, grant.id), eq(auditEvents.action, "grant.target_extended")));
      expect(events).toHaveLength(1);
      ctx.deps.clock.advance(46 * MINUTE_MS);
      expect(await expireDueGrants(ctx.deps)).toMatchObject({ expired: 1 });
    });
  });
});
