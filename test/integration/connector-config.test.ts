// Connector configuration per resource: admins only, settings validated per kind, outbound
// targets checked (DESIGN §7), secrets sealed and never shown back or written to the log.
import { afterEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { auditEvents, connectorConfigs, resources } from "@/db/schema";
import { getConnectorConfig } from "@/lib/connectors/get-connector-config";
import { loadConnectorConfig } from "@/lib/connectors/load-connector-config";
import { saveConnectorConfig } from "@/lib/connectors/save-connector-config";
import { createRequest } from "@/lib/requests/create-request";
import { approveRequest } from "@/lib/requests/decide-request";
import { ENGINES, useTestDb } from "../db";
import { makeScenario, makeUser, requestTerms, testDeps } from "../factories";
import { expectServiceError } from "../helpers";

process.env.NEXTAUTH_SECRET ??= "test-secret-for-sealing-connector-secrets";

const pgSettings = (host: string) => ({ host, port: 5432, database: "app", adminUser: "lapse_admin", ssl: "require", levelRoles: { read: "app_read" } });

describe.each(ENGINES)("connector configuration on %s", (engine) => {
  const handle = useTestDb(engine);
  afterEach(() => {
    delete process.env.LAPSE_ALLOW_PRIVATE_TARGETS;
  });

  it("seals secrets, never shows them back, and keeps them when the field is left blank", async () => {
    const { db } = handle();
    const deps = testDeps(db);
    const s = await makeScenario(db);
    const admin = await makeUser(db, { roles: ["admin"] });
    await saveConnectorConfig(admin, { resourceId: s.resource.id, kind: "postgres-role", settings: pgSettings("db.example.com"), secrets: { adminPassword: "hunter2-very-secret" }, revision: 0 }, deps);

    const [row] = await db.select().from(connectorConfigs).where(eq(connectorConfigs.resourceId, s.resource.id));
    expect(row.secretCiphertext).not.toContain("hunter2");
    const view = await getConnectorConfig(admin, s.resource.slug, deps);
    expect(view).toMatchObject({ kind: "postgres-role", secretsSet: ["adminPassword"], revision: 1 });
    expect(JSON.stringify(view)).not.toContain("hunter2");
    const events = await db.select().from(auditEvents).where(eq(auditEvents.resourceId, s.resource.id));
    expect(JSON.stringify(events)).not.toContain("hunter2");
    expect(events.at(-1)).toMatchObject({ action: "connector.configured", details: { secretsChanged: ["adminPassword"] } });
    const [resource] = await db.select().from(resources).where(eq(resources.id, s.resource.id));
    expect(resource.connectorKind).toBe("postgres-role");

    // A blank secret keeps the stored one; a stale revision is refused.
    await saveConnectorConfig(admin, { resourceId: s.resource.id, kind: "postgres-role", settings: { ...pgSettings("db2.example.com") }, secrets: { adminPassword: "" }, revision: 1 }, deps);
    expect((await loadConnectorConfig(db, s.resource.id, "postgres-role")).secrets.adminPassword).toBe("hunter2-very-secret");
    await expectServiceError(
      saveConnectorConfig(admin, { resourceId: s.resource.id, kind: "postgres-role", settings: pgSettings("db3.example.com"), secrets: {}, revision: 1 }, deps),
      "conflict",
    );
  });

  it("refuses private and loopback targets and plain http unless allowed, and refuses non-admins", async () => {
    const { db } = handle();
    const deps = testDeps(db);
    const s = await makeScenario(db);
    const admin = await makeUser(db, { roles: ["admin"] });
    for (const host of ["127.0.0.1", "10.1.2.3", "localhost", "169.254.169.254", "[::1]"]) {
      const error = await expectServiceError(
        saveConnectorConfig(admin, { resourceId: s.resource.id, kind: "postgres-role", settings: pgSettings(host), secrets: { adminPassword: "x" }, revision: 0 }, deps),
        "invalid",
      );
      expect(Object.keys(error.fieldErrors)).toContain("settings.host");
    }
    await expectServiceError(
      saveConnectorConfig(admin, { resourceId: s.resource.id, kind: "webhook", settings: { url: "http://hooks.example.com/lapse" }, revision: 0 }, deps),
      "invalid",
    );
    await expectServiceError(
      saveConnectorConfig(s.owner, { resourceId: s.resource.id, kind: "webhook", settings: { url: "https://hooks.example.com/lapse" }, revision: 0 }, deps),
      "forbidden",
    );
    // A webhook key left blank is generated and shown this once.
    const saved = await saveConnectorConfig(admin, { resourceId: s.resource.id, kind: "webhook", settings: { url: "https://hooks.example.com/lapse" }, revision: 0 }, deps);
    expect(saved.generatedSecrets.signingKey).toHaveLength(43);

    process.env.LAPSE_ALLOW_PRIVATE_TARGETS = "1";
    await saveConnectorConfig(admin, { resourceId: s.resource.id, kind: "postgres-role", settings: { ...pgSettings("127.0.0.1"), ssl: "disable" }, secrets: { adminPassword: "x" }, revision: 1 }, deps);
  });

  it("refuses to change the connector kind while grants on the resource are live", async () => {
    const { db } = handle();
    const deps = testDeps(db);
    const s = await makeScenario(db);
    const admin = await makeUser(db, { roles: ["admin"] });
    const request = await createRequest(s.requester, requestTerms(s.resource.id), deps);
    await approveRequest(s.approver, { requestId: request.id }, deps);
    await expectServiceError(
      saveConnectorConfig(admin, { resourceId: s.resource.id, kind: "webhook", settings: { url: "https://hooks.example.com/lapse" }, revision: 0 }, deps),
      "conflict",
    );
  });
});
