// Several workers sending the outbox at once, which only a real PostgreSQL server can run
// (PGlite executes one transaction at a time): FOR UPDATE SKIP LOCKED plus the lease.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverNotifications } from "@/lib/notifications/deliver-notifications";
import { createRequest } from "@/lib/requests/create-request";
import { openPostgresTestDb, TEST_DATABASE_URL, useTestDb } from "../db";
import { makeScenario, requestTerms, testDeps } from "../factories";
import { startSmtpCapture, type SmtpCapture } from "../smtp-capture";

let smtp: SmtpCapture;
const saved = { ...process.env };

beforeAll(async () => {
  smtp = await startSmtpCapture();
  process.env.LAPSE_SMTP_HOST = "127.0.0.1";
  process.env.LAPSE_SMTP_PORT = String(smtp.port);
});
afterAll(async () => {
  process.env = saved;
  await smtp.close();
});

const mailsTo = (email: string) => smtp.messages.filter((m) => m.to.includes(email));

describe.runIf(TEST_DATABASE_URL)("notification delivery with concurrent workers on postgresql", () => {
  const handle = useTestDb("postgresql", () => openPostgresTestDb({ max: 16 }));

  it("sends each message once with several workers sweeping at the same moment", async () => {
    const { db } = handle();
    const s = await makeScenario(db, { policy: { maxLiveGrants: 50 } });
    const deps = testDeps(db);
    for (let i = 0; i < 20; i++) {
      await createRequest(s.requester, requestTerms(s.resource.id), deps);
    }
    const results = await Promise.all([0, 1, 2, 3].map(() => deliverNotifications(deps, { batchSize: 5, maxBatches: 20 })));
    const total = results.reduce((sum, r) => sum + r.sent, 0);
    expect(total).toBeGreaterThanOrEqual(40);
    const sent = [...mailsTo(s.approver.email), ...mailsTo(s.approver2.email)];
    expect(sent).toHaveLength(40);
    expect(new Set(sent.map((m) => m.messageId)).size).toBe(40);
  });
});
