// Sign-in limits and server-side sessions: failures counted per account and per address in
// the database, refusals and failures audited, and a session that ends on sign-out, sign-out
// everywhere, idleness and its absolute limit, whatever the cookie says.
import { asc, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, users } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { checkSession, endAllMySessions, endSession, listMyOpenSessions } from "@/lib/auth/sessions";
import { MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS, SIGN_IN_WINDOW_MS, signInWithPassword } from "@/lib/auth/sign-in";
import { TOUCH_INTERVAL_MS } from "@/lib/auth/session-limits";
import { ENGINES, TEST_DATABASE_URL, useTestDb } from "../db";
import { makeUser, testDeps } from "../factories";
import type { Db } from "@/db/client";

const PASSWORD = "correct horse battery staple";
const LIMITS = { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 };

async function userWithPassword(db: Db) {
  const user = await makeUser(db, { roles: ["requester"] });
  await db.update(users).set({ passwordHash: await hashPassword(PASSWORD) }).where(eq(users.id, user.id));
  return user;
}

const authEvents = async (db: Db) =>
  (
    await db
      .select()
      .from(auditEvents)
      .where(inArray(auditEvents.action, ["auth.signed_in", "auth.sign_in_failed", "auth.sign_in_refused", "auth.signed_out_everywhere"]))
      .orderBy(asc(auditEvents.seq))
  ).map((e) => ({ action: e.action, actor: e.actorLabel, details: e.details }));

describe.each(ENGINES)("sign-in and sessions on %s", (engine) => {
  const handle = useTestDb(engine);

  it("refuses an account after five failures in the window, even with the right password, and lets it in again after the window", async () => {
    const { db } = handle();
    const deps = testDeps(db);
    const user = await userWithPassword(db);
    const before = (await authEvents(db)).length;
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
      expect(await signInWithPassword({ email: user.email, password: "guess", address: `10.0.0.${i}` }, deps)).toEqual({ outcome: "failed" });
      deps.clock.advance(1000);
    }
    const refused = await signInWithPassword({ email: user.email.toUpperCase(), password: PASSWORD, address: "10.0.1.1" }, deps);
    expect(refused).toMatchObject({ outcome: "rate-limited" });
    expect(refused.outcome === "rate-limited" && refused.retryAfterSeconds).toBeGreaterThan(SIGN_IN_WINDOW_MS / 1000 - 10);

    const events = (await authEvents(db)).slice(before);
    expect(events.map((e) => e.action)).toEqual([...Array(MAX_FAILURES_PER_ACCOUNT).fill("auth.sign_in_failed"), "auth.sign_in_refused"]);
    expect(events[0]).toMatchObject({ actor: "Lapse sign-in", details: { email: user.email.toLowerCase(), address: "10.0.0.0" } });
    expect(events.at(-1)!.details).toMatchObject({ limit: "account" });

    deps.clock.advance(SIGN_IN_WINDOW_MS);
    const admitted = await signInWithPassword({ email: user.email, password: PASSWORD, address: "10.0.1.1" }, deps);
    expect(admitted).toMatchObject({ outcome: "signed-in", userId: user.id });
    expect((await authEvents(db)).at(-1)).toMatchObject({ action: "auth.signed_in", actor: user.email });
  });

  it("counts an unknown email like a real one, so the limit tells nothing about who has an account", async () => {
    const { db } = handle();
    const deps = testDeps(db);
    const ghost = `nobody-${crypto.randomUUID()}@lapse.test`;
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) await signInWithPassword({ email: ghost, password: "x", address: "10.1.0.1" }, deps);
    expect(await signInWithPassword({ email: ghost, password: "x", address: "10.1.0.2" }, deps)).toMatchObject({ outcome: "rate-limited" });
  });

  it("refuses an address after twenty failures across accounts, while other addresses still sign in", async () => {
    const { db } = handle();
    const deps = testDeps(db);
    const user = await userWithPassword(db);
    const address = `192.0.2.${Math.floor(Math.random() * 200)}`;
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) await signInWithPassword({ email: `spray-${i}@lapse.test`, password: "x", address }, deps);
    expect(await signInWithPassword({ email: user.email, password: PASSWORD, address }, deps)).toMatchObject({ outcome: "rate-limited" });
    expect(await signInWithPassword({ email: user.email, password: PASSWORD, address: "198.51.100.7" }, deps)).toMatchObject({ outcome: "signed-in" });
  });

  it("does not lump clients of unknown address together (no proxy reports them): one cannot lock everyone out", async () => {
    const { db } = handle();
    const deps = testDeps(db);
    const user = await userWithPassword(db);
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS + 5; i++) await signInWithPassword({ email: `spray-unknown-${i}@lapse.test`, password: "x", address: "" }, deps);
    expect(await signInWithPassword({ email: user.email, password: PASSWORD, address: "" }, deps)).toMatchObject({ outcome: "signed-in" });
  });

  it("ends a session on sign-out, when idle, and at its absolute limit; activity keeps it alive, background polls do not", async () => {
    const { db } = handle();
    const deps = testDeps(db);
    const user = await userWithPassword(db);
    const signIn = async () => {
      const result = await signInWithPassword({ email: user.email, password: PASSWORD, address: "10.2.0.1" }, deps);
      if (result.outcome !== "signed-in") throw new Error(result.outcome);
      return result.sessionId;
    };
    const check = (sessionId: string, activity = true) => checkSession(db, { sessionId, userId: user.id, activity }, deps.clock(), LIMITS);

    const a = await signIn();
    expect(await check(a)).toBe("live");
    // Someone else's user id with this session id is not a session.
    expect(await checkSession(db, { sessionId: a, userId: crypto.randomUUID(), activity: true }, deps.clock(), LIMITS)).toBe("unknown");
    await endSession(db, a, deps.clock());
    expect(await check(a)).toBe("ended");

    // Active every 20 minutes for two hours: still live. Then only background polls for 30 minutes: idle.
    const b = await signIn();
    for (let i = 0; i < 6; i++) {
      deps.clock.advance(20 * 60_000);
      expect(await check(b)).toBe("live");
    }
    for (let i = 0; i < 3; i++) {
      deps.clock.advance(10 * 60_000);
      const verdict = await check(b, false);
      if (i < 2) expect(verdict).toBe("live");
      else expect(verdict).toBe("idle");
    }
    expect(await check(b)).toBe("ended");

    // Active all day long, it still ends 12 hours after sign-in.
    const c = await signIn();
    for (let elapsed = 0; elapsed < LIMITS.absoluteMs - TOUCH_INTERVAL_MS; elapsed += 25 * 60_000) {
      expect(await check(c)).toBe("live");
      deps.clock.advance(25 * 60_000);
    }
    deps.clock.advance(LIMITS.absoluteMs);
    expect(await check(c)).toBe("expired");
  });

  it("signs out everywhere: every open session of the person ends, audited; other people's stay", async () => {
    const { db } = handle();
    const deps = testDeps(db);
    const user = await userWithPassword(db);
    const other = await userWithPassword(db);
    const open = async (email: string) => {
      const result = await signInWithPassword({ email, password: PASSWORD, address: "10.3.0.1" }, deps);
      if (result.outcome !== "signed-in") throw new Error(result.outcome);
      return result.sessionId;
    };
    const mine = [await open(user.email), await open(user.email)];
    const theirs = await open(other.email);
    expect((await listMyOpenSessions(user, deps)).map((s) => s.id).sort()).toEqual([...mine].sort());

    expect(await endAllMySessions(user, deps)).toBe(2);
    for (const id of mine) expect(await checkSession(db, { sessionId: id, userId: user.id, activity: true }, deps.clock(), LIMITS)).toBe("ended");
    expect(await checkSession(db, { sessionId: theirs, userId: other.id, activity: true }, deps.clock(), LIMITS)).toBe("live");
    expect(await listMyOpenSessions(user, deps)).toEqual([]);
    expect((await authEvents(db)).at(-1)).toMatchObject({ action: "auth.signed_out_everywhere", actor: user.email, details: { sessionsEnded: 2 } });
  });

});

describe.runIf(TEST_DATABASE_URL)("sign-in limits under concurrency (PostgreSQL)", () => {
  const handle = useTestDb("postgresql");

  it("holds the account limit when many wrong guesses arrive at once", async () => {
    const { db } = handle();
    const deps = testDeps(db);
    const user = await userWithPassword(db);
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, i) => signInWithPassword({ email: user.email, password: `guess-${i}`, address: `10.4.0.${i}` }, deps)),
    );
    expect(outcomes.filter((o) => o.outcome === "failed")).toHaveLength(MAX_FAILURES_PER_ACCOUNT);
    expect(outcomes.filter((o) => o.outcome === "rate-limited")).toHaveLength(12 - MAX_FAILURES_PER_ACCOUNT);
  });
});
