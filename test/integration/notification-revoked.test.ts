// "Revoked → holder" (issue 10): when an owner ends a grant early with a reason, or the holder
// gives it back, the holder is told by email exactly once, in words that say what happened
// (who ended it and why; or that they gave it back), never that it "expired". Once means once:
// not again when its original time runs out, not again from a second sweep or a restarted
// worker, and, when the target first refuses the revoke, only after revocation is confirmed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultConnectors } from "@/lib/connectors/registry";
import { expireDueGrants } from "@/lib/grants/expire-due-grants";
import { relinquishGrant, revokeGrant } from "@/lib/grants/revoke-grant";
import { MINUTE_MS } from "@/lib/lifecycle/duration";
import { deliverNotifications } from "@/lib/notifications/deliver-notifications";
import { createRequest } from "@/lib/requests/create-request";
import { approveRequest } from "@/lib/requests/decide-request";
import { ENGINES, useTestDb } from "../db";
import { switchableConnector } from "../failing-connector";
import { makeScenario, requestTerms, testDeps } from "../factories";
import { grantFor } from "../helpers";
import { inboxOf } from "../notify-helpers";
import { startSmtpCapture, type SmtpCapture } from "../smtp-capture";

const BASE = "https://lapse.example.test";
let smtp: SmtpCapture;
const saved = { ...process.env };

beforeAll(async () => {
  smtp = await startSmtpCapture();
  process.env.LAPSE_SMTP_HOST = "127.0.0.1";
  process.env.LAPSE_SMTP_PORT = String(smtp.port);
  process.env.NEXTAUTH_URL = BASE;
});
afterAll(async () => {
  process.env = saved;
  await smtp.close();
});

/** A message's text with quoted-printable undone, as UTF-8 (the reason is quoted in curly quotes). */
const decoded = (text: string) =>
  Buffer.from(text.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), "latin1").toString("utf8");

/** The holder's emails about this grant's end (expired or revoked), by subject. */
const endMails = (email: string, resourceName: string) =>
  smtp.messages
    .filter((m) => m.to.includes(email) && /^Access (revoked|expired): /.test(m.subject) && m.subject.endsWith(` on ${resourceName}`))
    .map((m) => ({ ...m, text: decoded(m.raw) }));

describe.each(ENGINES)("the holder hears that access was revoked, once, on %s", (engine) => {
  const handle = useTestDb(engine);

  async function liveGrant(connectorKind?: string, deps = testDeps(handle().db)) {
    const s = await makeScenario(handle().db, { connectorKind });
    const request = await createRequest(s.requester, requestTerms(s.resource.id, { durationMinutes: 30 }), deps);
    await approveRequest(s.approver, { requestId: request.id }, deps);
    const grant = await grantFor(handle().db, request.id);
    expect(grant.status).toBe("active");
    return { s, deps, grant };
  }

  /** Runs the sweeps a worker would run for the rest of the grant's original window and beyond, twice over. */
  async function keepSweeping(deps: ReturnType<typeof testDeps>) {
    for (let i = 0; i < 2; i++) {
      deps.clock.advance(20 * MINUTE_MS);
      await expireDueGrants(deps);
      await deliverNotifications(deps);
      await deliverNotifications(testDeps(deps.db, { clock: deps.clock, connectors: deps.connectors })); // a restarted worker
    }
  }

  it("tells the holder an owner revoked it early, by whom and why, once", async () => {
    const { s, deps, grant } = await liveGrant();
    deps.clock.advance(5 * MINUTE_MS);
    expect(await revokeGrant(s.owner, { grantId: grant.id, reason: "suspicious session from an unknown host" }, deps)).toEqual({ grantId: grant.id, confirmed: true });
    await deliverNotifications(deps);

    const [mail, ...more] = endMails(s.requester.email, s.resource.name);
    expect(more).toEqual([]);
    expect(mail.subject).toBe(`Access revoked: read on ${s.resource.name}`);
    expect(mail.text).toContain(`Your read access to ${s.resource.name} was ended early by ${s.owner.email}: “suspicious session from an unknown host”. It has been revoked.`);
    expect(mail.text).toContain(`Open in Lapse: ${BASE}/requests#grant-${grant.id}`);
    expect(mail.text).not.toMatch(/expired|on schedule/);

    await keepSweeping(deps);
    expect(endMails(s.requester.email, s.resource.name)).toHaveLength(1);
    expect((await inboxOf(deps.db, s.requester.id)).filter((n) => n.event === "grant.ended").map((n) => n.title)).toEqual([`Access revoked: read on ${s.resource.name}`]);
    // The owner who revoked is not told what they just did.
    expect(smtp.messages.filter((m) => m.to.includes(s.owner.email) && m.subject.includes(s.resource.name))).toEqual([]);
  });

  it("tells the holder who gave access back that it is revoked, once, without blaming anyone", async () => {
    const { s, deps, grant } = await liveGrant();
    deps.clock.advance(MINUTE_MS);
    expect((await relinquishGrant(s.requester, { grantId: grant.id }, deps)).confirmed).toBe(true);
    await deliverNotifications(deps);
    await keepSweeping(deps);

    const mails = endMails(s.requester.email, s.resource.name);
    expect(mails.map((m) => m.subject)).toEqual([`Access revoked: read on ${s.resource.name}`]);
    expect(mails[0].text).toContain(`You gave back your read access to ${s.resource.name} before its time. It has been revoked.`);
    expect(mails[0].text).not.toMatch(/expired|ended early by/);
  });

  it("tells the holder only once the target confirmed the revoke, when it first refused", async () => {
    const target = switchableConnector();
    const deps = testDeps(handle().db, { connectors: new Map([...defaultConnectors, [target.connector.kind, target.connector]]) });
    const { s, grant } = await liveGrant(target.connector.kind, deps);
    target.state.revokeFails = true;
    expect(await revokeGrant(s.owner, { grantId: grant.id, reason: "contractor left the project" }, deps)).toEqual({ grantId: grant.id, confirmed: false });
    await deliverNotifications(deps);
    deps.clock.advance(5_000);
    expect(await expireDueGrants(deps)).toMatchObject({ failed: 1 }); // the retry fails too
    await deliverNotifications(deps);
    // Access is denied already, but the target has not confirmed: no "revoked" yet.
    expect(endMails(s.requester.email, s.resource.name)).toEqual([]);

    target.state.revokeFails = false;
    await keepSweeping(deps);
    expect((await grantFor(deps.db, grant.requestId)).status).toBe("revoked");
    const mails = endMails(s.requester.email, s.resource.name);
    expect(mails.map((m) => m.subject)).toEqual([`Access revoked: read on ${s.resource.name}`]);
    expect(mails[0].text).toContain(`was ended early by ${s.owner.email}: “contractor left the project”.`);
  });
});
