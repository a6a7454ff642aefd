// No secrets in messages (issue 10): a grant whose connector makes a credential (a signed
// token; a PostgreSQL login on a real target) goes through its whole life (asked, approved,
// issued, warned, extended, ended, and for the login a failed revocation) while every
// message is captured where it lands: email over a real SMTP server, the team chat webhook,
// the signed webhook, and the in-portal list. None holds the credential, any part of a token,
// or the connector's settings and secrets; the holder is told where to find the credential.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, inArray } from "drizzle-orm";
import { decodeJwt } from "jose";
import { grants, notifications } from "@/db/schema";
import { saveConnectorConfig } from "@/lib/connectors/save-connector-config";
import { roleNameFor } from "@/lib/connectors/postgres-role";
import { approveExtension } from "@/lib/extensions/decide-extension";
import { requestExtension } from "@/lib/extensions/request-extension";
import { expireDueGrants } from "@/lib/grants/expire-due-grants";
import { revealGrantCredentials } from "@/lib/grants/reveal-grant-credentials";
import { MINUTE_MS } from "@/lib/lifecycle/duration";
import { deliverNotifications } from "@/lib/notifications/deliver-notifications";
import { saveTeamChannels } from "@/lib/notifications/team-channels";
import { warnExpiringGrants } from "@/lib/notifications/warn-expiring-grants";
import { createRequest } from "@/lib/requests/create-request";
import { approveRequest } from "@/lib/requests/decide-request";
import { manualClock } from "../clock";
import { ENGINES, useTestDb } from "../db";
import { makeScenario, makeUser, requestTerms, testDeps } from "../factories";
import { grantFor } from "../helpers";
import { startHttpCapture } from "../http-capture";
import { inboxOf } from "../notify-helpers";
import { pgBinariesAvailable, startPgTarget, type PgTarget } from "../pg-target";
import { startSmtpCapture, type CapturedMail, type SmtpCapture } from "../smtp-capture";

const BASE = "https://lapse.example.test";
let smtp: SmtpCapture;
let receiver: Awaited<ReturnType<typeof startHttpCapture>>;
const saved = { ...process.env };

beforeAll(async () => {
  smtp = await startSmtpCapture();
  receiver = await startHttpCapture();
  process.env.LAPSE_SMTP_HOST = "127.0.0.1";
  process.env.LAPSE_SMTP_PORT = String(smtp.port);
  process.env.NEXTAUTH_URL = BASE;
  process.env.NEXTAUTH_SECRET ??= "test-secret-for-sealing-connector-secrets";
  process.env.LAPSE_ALLOW_PRIVATE_TARGETS = "1"; // the receiver and the PostgreSQL target listen on 127.0.0.1
});
afterAll(async () => {
  process.env = saved;
  await smtp.close();
  await receiver.close();
});

/** A message's text as a reader sees it: quoted-printable undone and base64 parts decoded, so nothing hides in the encoding. */
function readable(mail: CapturedMail): string {
  const qp = mail.raw.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  const base64Parts = [...mail.raw.matchAll(/Content-Transfer-Encoding: base64\r\n(?:[^\r\n]+\r\n)*\r\n([A-Za-z0-9+/=\r\n]+)/gi)].map((m) =>
    Buffer.from(m[1].replace(/\s+/g, ""), "base64").toString("utf8"),
  );
  // Headers (the subject) as RFC 2047 encoded words, joined back up.
  const headers = mail.raw.slice(0, mail.raw.indexOf("\r\n\r\n")).replace(/\?=\s+=\?/g, "?==?");
  const words = [...headers.matchAll(/=\?utf-8\?([BQ])\?([^?]*)\?=/gi)]
    .map(([, kind, text]) => (kind.toUpperCase() === "B" ? Buffer.from(text, "base64").toString("utf8") : text.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))))
    .join("");
  return [mail.raw, qp, words, ...base64Parts].join("\n");
}

type Scenario = Awaited<ReturnType<typeof makeScenario>>;

/** Chat and signed webhooks on the approver teams and the owner team, so every team message of the grant's life is captured. */
async function wireTeamChannels(s: Scenario, deps: ReturnType<typeof testDeps>) {
  const admin = await makeUser(deps.db, { roles: ["admin"] });
  for (const team of [s.teams.iam, s.teams.pam, s.teams.owners]) {
    await saveTeamChannels(admin, { teamId: team.id, chatWebhookUrl: `${receiver.url}/chat/${team.id}`, webhookUrl: `${receiver.url}/hook/${team.id}` }, deps);
  }
  return admin;
}

/** Everything said about `resourceId`, on every channel. */
async function everythingSaid(s: Scenario, deps: ReturnType<typeof testDeps>) {
  await deliverNotifications(deps);
  const rows = await deps.db.select().from(notifications).where(eq(notifications.resourceId, s.resource.id));
  const ids = new Set(rows.map((n) => n.id));
  const mails = smtp.messages.filter((m) => [...ids].some((id) => m.raw.includes(`X-Lapse-Notification: ${id}`)));
  const teamPosts = receiver.requests.filter((r) => [s.teams.iam.id, s.teams.pam.id, s.teams.owners.id].some((teamId) => r.path.endsWith(`/${teamId}`)));
  const chat = teamPosts.filter((r) => r.path.startsWith("/chat/")).filter((r) => r.body.includes(s.resource.name));
  const hooks = teamPosts.filter((r) => r.path.startsWith("/hook/")).filter((r) => ids.has(JSON.parse(r.body).notificationId));
  const texts = [
    ...rows.map((n) => JSON.stringify({ title: n.title, body: n.body, link: n.link, actionLabel: n.actionLabel, actionLink: n.actionLink })),
    ...mails.map(readable),
    ...chat.map((r) => r.body),
    ...hooks.map((r) => `${JSON.stringify(r.headers)}\n${r.body}`),
  ];
  return { rows, mails, chat, hooks, texts };
}

function expectNoneContains(texts: readonly string[], secrets: Record<string, string>) {
  for (const [what, secret] of Object.entries(secrets)) {
    expect(secret.length, what).toBeGreaterThanOrEqual(6); // a real value, not something every text contains
    const leaks = texts.filter((t) => t.includes(secret));
    expect({ what, leaks: leaks.length }).toEqual({ what, leaks: 0 });
  }
}

describe.each(ENGINES)("no secrets in messages, signed-token connector, on %s", (engine) => {
  const handle = useTestDb(engine);

  it("tells the holder a token waits in Lapse, and no message anywhere holds the token or the connector's settings", async () => {
    const { db } = handle();
    const deps = testDeps(db);
    const s = await makeScenario(db, { connectorKind: "signed-token", policy: { extensionsAllowed: true, maxTotalMinutes: 60 } });
    const admin = await wireTeamChannels(s, deps);
    const audience = `urn:lapse:aud-${Math.random().toString(36).slice(2, 10)}`;
    await saveConnectorConfig(admin, { resourceId: s.resource.id, kind: "signed-token", settings: { audience }, secrets: {}, revision: 0 }, deps);

    const request = await createRequest(s.requester, requestTerms(s.resource.id, { durationMinutes: 20 }), deps);
    await approveRequest(s.approver, { requestId: request.id }, deps);
    const grant = await grantFor(db, request.id);
    const { token: first } = (await revealGrantCredentials(s.requester, { grantId: grant.id }, deps)) as { token: string };
    expect(decodeJwt(first).aud).toBe(audience);

    const { extension } = await requestExtension(s.requester, { grantId: grant.id, minutes: 20, justification: "migration still running" }, deps);
    await approveExtension(s.approver2, { extensionId: extension.id }, deps);
    const { token: second } = (await revealGrantCredentials(s.requester, { grantId: grant.id }, deps)) as { token: string };
    expect(second).not.toBe(first);

    deps.clock.advance(31 * MINUTE_MS); // 9 minutes left of 40
    expect(await warnExpiringGrants(deps)).toBeGreaterThanOrEqual(1);
    deps.clock.advance(10 * MINUTE_MS);
    await expireDueGrants(deps);
    expect((await grantFor(db, request.id)).status).toBe("expired");

    const said = await everythingSaid(s, deps);
    const holderEvents = (await inboxOf(db, s.requester.id)).filter((n) => n.link.includes(grant.id) || n.link.includes(request.id)).map((n) => n.event);
    expect(holderEvents).toEqual(expect.arrayContaining(["request.decided", "grant.issued", "grant.expiring", "grant.ended"]));
    expect(said.mails.filter((m) => m.to.includes(s.requester.email)).length).toBeGreaterThanOrEqual(5); // decided, issued, extension decided, expiring, ended
    expect(said.chat.length).toBeGreaterThanOrEqual(2); // the request and the extension, to the approver teams
    expect(said.hooks.length).toBeGreaterThanOrEqual(2);

    const issued = said.rows.find((n) => n.event === "grant.issued")!;
    expect(issued.body).toContain("Your credentials wait for you in Lapse, shown once.");
    expect(issued.link).toBe(`/requests#grant-${grant.id}`);
    const issuedMail = said.mails.find((m) => m.raw.includes(`X-Lapse-Notification: ${issued.id}`))!;
    expect(readable(issuedMail)).toContain("You need to sign in to Lapse to open these links.");

    const [, payloadFirst, signatureFirst] = first.split(".");
    const [, payloadSecond, signatureSecond] = second.split(".");
    expectNoneContains(said.texts, {
      "the first token": first,
      "the extended token": second,
      "a token's claims": payloadFirst.slice(0, 40),
      "the extended token's claims": payloadSecond.slice(0, 40),
      "a token's signature": signatureFirst.slice(0, 40),
      "the extended token's signature": signatureSecond.slice(0, 40),
      "the audience setting": audience,
    });
  });
});

describe.runIf(pgBinariesAvailable())("no secrets in messages, PostgreSQL role connector", () => {
  let target: PgTarget;
  beforeAll(async () => {
    target = await startPgTarget();
    const admin = target.admin();
    await admin.unsafe("create database lapse_notice_target");
    await admin.end();
    const app = target.admin("lapse_notice_target");
    await app.unsafe("create role lapse_notice_reader nologin");
    await app.end();
  }, 120_000);
  afterAll(() => target?.destroy());

  describe.each(ENGINES)("with Lapse on %s", (engine) => {
    const handle = useTestDb(engine);

    it("never puts the login, its password, the target or the admin secret in a message, not even when revoking fails", async () => {
      const { db } = handle();
      // The target checks VALID UNTIL against its own wall clock: start Lapse's clock there.
      const deps = testDeps(db, { clock: manualClock(new Date()) });
      const s = await makeScenario(db, { connectorKind: "postgres-role" });
      const admin = await wireTeamChannels(s, deps);
      await saveConnectorConfig(
        admin,
        {
          resourceId: s.resource.id,
          kind: "postgres-role",
          settings: { host: target.host, port: target.port, database: "lapse_notice_target", adminUser: "postgres", ssl: "disable", levelRoles: { read: "lapse_notice_reader" } },
          secrets: { adminPassword: target.password },
          revision: 0,
        },
        deps,
      );

      const request = await createRequest(s.requester, requestTerms(s.resource.id), deps);
      await approveRequest(s.approver, { requestId: request.id }, deps);
      const grant = await grantFor(db, request.id);
      expect(grant.status).toBe("active");
      const creds = await revealGrantCredentials(s.requester, { grantId: grant.id }, deps);
      expect(creds).toMatchObject({ user: roleNameFor(grant.id), database: "lapse_notice_target", port: target.port });

      // The target is down when the grant's time is up: revocation fails, the owner team is told.
      target.stop();
      try {
        deps.clock.advance(15 * MINUTE_MS + 1);
        expect(await expireDueGrants(deps)).toMatchObject({ failed: 1 });
      } finally {
        target.start();
      }
      const [failed] = await db.select().from(grants).where(inArray(grants.id, [grant.id]));
      expect(failed.lastRevokeError).toBeTruthy();
      deps.clock.advance(10_000);
      expect(await expireDueGrants(deps)).toMatchObject({ expired: 1 });

      const said = await everythingSaid(s, deps);
      expect(said.rows.map((n) => n.event)).toEqual(expect.arrayContaining(["request.awaiting_decision", "request.decided", "grant.issued", "grant.revocation_overdue", "grant.ended"]));
      const overdue = said.rows.find((n) => n.event === "grant.revocation_overdue")!;
      expect(said.mails.some((m) => m.to.includes(s.owner.email) && m.raw.includes(`X-Lapse-Notification: ${overdue.id}`))).toBe(true);
      expect(said.chat.some((r) => r.path === `/chat/${s.teams.owners.id}` && r.body.includes("Revocation overdue"))).toBe(true);
      expect(said.hooks.some((r) => r.path === `/hook/${s.teams.owners.id}` && JSON.parse(r.body).event === "grant.revocation_overdue")).toBe(true);
      expect(said.rows.find((n) => n.event === "grant.issued")!.body).toContain("Your credentials wait for you in Lapse, shown once.");

      expectNoneContains(said.texts, {
        "the login's password": String(creds.password),
        "the login's name": String(creds.user),
        "the target's address": `${target.host}:${target.port}`,
        "the target's port": `port ${target.port}`,
        "the target database": "lapse_notice_target",
        "the level's role": "lapse_notice_reader",
        "the admin password": target.password,
        "the connector's error": failed.lastRevokeError!.slice(0, 30),
        "a connection refusal": "ECONNREFUSED",
      });
    });
  });
});
