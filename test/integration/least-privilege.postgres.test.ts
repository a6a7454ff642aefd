// MIGRATION_DATABASE_URL: the schema owner migrates, and the app's own role may only add to
// and read the evidence tables. Even with the app's credentials, history cannot be rewritten,
// removed, or the triggers that guard it disabled.
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgres, type DbHandle } from "@/db/client";
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import { createRequest } from "@/lib/requests/create-request";
import { approveRequest } from "@/lib/requests/decide-request";
import { TEST_DATABASE_URL } from "../db";
import { makeScenario, requestTerms, testDeps } from "../factories";

describe.runIf(TEST_DATABASE_URL)("least privilege for the app's database role (PostgreSQL)", () => {
  const suffix = randomBytes(5).toString("hex");
  const database = `lapse_lp_${suffix}`;
  const appRole = `lapse_app_${suffix}`;
  let admin: postgres.Sql;
  let app: DbHandle;
  let asApp: postgres.Sql;

  const urlFor = (user?: string) => {
    const url = new URL(TEST_DATABASE_URL!);
    url.pathname = `/${database}`;
    if (user) url.username = user;
    return url.toString();
  };

  beforeAll(async () => {
    admin = postgres(TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${database}`);
    await admin.unsafe(`create role ${appRole} login`);
    app = await openPostgres(urlFor(appRole), { max: 2, migrationUrl: urlFor() });
    asApp = postgres(urlFor(appRole), { max: 1, onnotice: () => {} });
  });

  afterAll(async () => {
    await asApp?.end();
    await app?.close();
    await admin.unsafe(`drop database if exists ${database} with (force)`);
    await admin.unsafe(`drop role if exists ${appRole}`);
    await admin.end();
  });

  it("runs the whole lifecycle as the app role, whose grip on the audit log is insert and select only", async () => {
    const { db } = app;
    const s = await makeScenario(db);
    const deps = testDeps(db);
    const request = await createRequest(s.requester, requestTerms(s.resource.id), deps);
    await approveRequest(s.approver, { requestId: request.id }, deps);
    const verdict = await verifyAuditChain(db);
    expect(verdict.ok).toBe(true);
    expect(verdict.count).toBeGreaterThanOrEqual(3);

    const refused = async (statement: string) => {
      const error = await asApp.unsafe(statement).then(
        () => null,
        (e: unknown) => e as { code?: string; message: string },
      );
      return error?.code;
    };
    // 42501: insufficient privilege (refused before any trigger runs).
    expect(await refused("update audit_events set action = 'request.approved'")).toBe("42501");
    expect(await refused("delete from audit_events")).toBe("42501");
    expect(await refused("truncate audit_events")).toBe("42501");
    expect(await refused("delete from audit_checkpoints")).toBe("42501");
    // Decisions too: the reports and the separation-of-duties proof stand on them.
    expect(await refused("update approvals set comment = 'rewritten'")).toBe("42501");
    expect(await refused("delete from extension_approvals")).toBe("42501");
    // Only the owner may alter a table, so the app cannot switch the guarding triggers off.
    expect(await refused("alter table audit_events disable trigger all")).toBe("42501");
    expect(await refused("drop table audit_events")).toBe("42501");

    // Nothing changed: the chain still verifies with the same count.
    expect(await verifyAuditChain(db)).toEqual(verdict);
  });

  it("migrating again (another instance starting) keeps the app role's limits", async () => {
    const second = await openPostgres(urlFor(appRole), { max: 1, migrationUrl: urlFor() });
    await second.close();
    const owner = postgres(urlFor(), { max: 1, onnotice: () => {} });
    for (const table of ["audit_events", "audit_checkpoints", "approvals", "extension_approvals"]) {
      const [privileges] = await owner<{ update: boolean; delete: boolean; truncate: boolean; insert: boolean; select: boolean }[]>`
        select has_table_privilege(${appRole}, ${table}, 'UPDATE') as update,
               has_table_privilege(${appRole}, ${table}, 'DELETE') as delete,
               has_table_privilege(${appRole}, ${table}, 'TRUNCATE') as truncate,
               has_table_privilege(${appRole}, ${table}, 'INSERT') as insert,
               has_table_privilege(${appRole}, ${table}, 'SELECT') as select`;
      expect([table, privileges]).toEqual([table, { update: false, delete: false, truncate: false, insert: true, select: true }]);
    }
    await owner.end();
  });

  it("refuses to start when least privilege would do nothing: one role for both URLs, or an app role owning an evidence table", async () => {
    await expect(openPostgres(urlFor(), { max: 1, migrationUrl: urlFor() })).rejects.toThrow(/same role/);
    const owner = postgres(urlFor(), { max: 1, onnotice: () => {} });
    await owner.unsafe(`alter table audit_checkpoints owner to ${appRole}`);
    try {
      await expect(openPostgres(urlFor(appRole), { max: 1, migrationUrl: urlFor() })).rejects.toThrow(new RegExp(`${appRole} owns audit_checkpoints`));
    } finally {
      await owner.unsafe(`alter table audit_checkpoints owner to current_user`);
      await owner.end();
    }
  });
});
