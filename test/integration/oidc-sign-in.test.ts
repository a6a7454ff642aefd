// Single sign-on on every engine: a verified email from the provider maps, case-insensitively,
// to the one enabled person with that address; anything else is refused and audited, and a
// success opens the same server-side session, with the same event, as a password sign-in.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditEvents, sessions, users } from "@/db/schema";
import { authOptions } from "@/lib/auth/auth-options";
import { loadUserActor } from "@/lib/auth/load-actor";
import { completeOidcSignIn } from "@/lib/auth/oidc-provider";
import { inspectSession } from "@/lib/auth/sessions";
import { signInWithOidc } from "@/lib/auth/sign-in-with-oidc";
import { requireRecentAuthentication } from "@/lib/auth/require-recent-authentication";
import { ENGINES, useTestDb } from "../db";
import { makeUser, testDeps } from "../factories";

const ISSUER = "https://sso.example.test/realms/acme";
const LIMITS = { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 };

const signInEvents = (db: Db, email: string) =>
  db
    .select()
    .from(auditEvents)
    .where(and(inArray(auditEvents.action, ["auth.signed_in", "auth.oidc_sign_in_refused"]), eq(auditEvents.actorLabel, email)))
    .orderBy(asc(auditEvents.seq));

describe.each(ENGINES)("single sign-on mapping on %s", (engine) => {
  const handle = useTestDb(engine);

  it("maps a verified email case-insensitively to the existing person, opening a live session with auth.signed_in", async () => {
    const { db } = handle();
    const deps = testDeps(db);
    const person = await makeUser(db, { roles: ["approver"], email: `Dana.Ops-${crypto.randomUUID().slice(0, 8)}@Example.test` });
    const result = await signInWithOidc({ email: `  ${person.email.toUpperCase()} `, emailVerified: true, issuer: ISSUER, subject: "sub-123", address: "203.0.113.7" }, deps);
    expect(result).toMatchObject({ outcome: "signed-in", userId: person.id });
    if (result.outcome !== "signed-in") return;

    const [session] = await db.select().from(sessions).where(eq(sessions.id, result.sessionId));
    expect(session).toMatchObject({ userId: person.id, method: "oidc", createdAt: deps.clock(), authenticatedAt: deps.clock(), endedAt: null });
    const found = await inspectSession(db, { sessionId: result.sessionId, userId: person.id, activity: true }, deps.clock(), LIMITS);
    expect(found).toMatchObject({ verdict: "live", method: "oidc", authenticatedAt: deps.clock() });
    // The acting user, as require-actor builds it, counts as freshly authenticated.
    expect(await loadUserActor(db, person.id, found.authenticatedAt)).toMatchObject({ id: person.id, roles: ["approver"], authenticatedAt: deps.clock() });

    const [event] = await signInEvents(db, person.email);
    expect(event).toMatchObject({
      action: "auth.signed_in",
      actorKind: "user",
      actorId: person.id,
      details: { sessionId: result.sessionId, method: "oidc", issuer: ISSUER, subject: "sub-123", address: "203.0.113.7" },
    });
  });

  it("counts step-up from the provider's auth_time: a silent sign-in from an old provider session is no recent authentication", async () => {
    const { db } = handle();
    const deps = testDeps(db);
    const person = await makeUser(db, { roles: ["approver"] });
    const actorAt = (authenticatedAt: Date) => ({ ...person, authenticatedAt });
    const now = deps.clock();
    const twentyMinutesAgo = Math.floor(now.getTime() / 1000) - 20 * 60;
    const silent = await signInWithOidc({ email: person.email, emailVerified: true, issuer: ISSUER, subject: "s-old", authTime: twentyMinutesAgo }, deps);
    if (silent.outcome !== "signed-in") throw new Error("expected a sign-in");
    const [old] = await db.select().from(sessions).where(eq(sessions.id, silent.sessionId));
    expect(old.authenticatedAt.getTime()).toBe(twentyMinutesAgo * 1000);
    expect(() => requireRecentAuthentication(actorAt(old.authenticatedAt), now)).toThrow(/recent sign-in/i);

    // A fresh authentication at the provider (what the confirm page's max_age=0 asks for) counts.
    const fresh = await signInWithOidc({ email: person.email, emailVerified: true, issuer: ISSUER, subject: "s-new", authTime: Math.floor(now.getTime() / 1000) }, deps);
    if (fresh.outcome !== "signed-in") throw new Error("expected a sign-in");
    const [recent] = await db.select().from(sessions).where(eq(sessions.id, fresh.sessionId));
    expect(() => requireRecentAuthentication(actorAt(recent.authenticatedAt), now)).not.toThrow();
    // A provider clock running ahead never stretches the window past now; garbage counts as now.
    const ahead = await signInWithOidc({ email: person.email, emailVerified: true, issuer: ISSUER, subject: "s-ahead", authTime: Math.floor(now.getTime() / 1000) + 3600 }, deps);
    if (ahead.outcome !== "signed-in") throw new Error("expected a sign-in");
    const [capped] = await db.select().from(sessions).where(eq(sessions.id, ahead.sessionId));
    expect(capped.authenticatedAt.getTime()).toBe(now.getTime());
  });

  it("refuses an unverified or missing email, an unknown one and a disabled account, with no session and an audited reason", async () => {
    const { db } = handle();
    const deps = testDeps(db);
    const person = await makeUser(db, { roles: ["requester"] });
    const gone = await makeUser(db, { roles: ["requester"], disabled: true });
    const ghost = `nobody-${crypto.randomUUID()}@example.test`;
    const sessionsBefore = await db.$count(sessions);

    const attempt = (email: string | undefined, emailVerified: unknown) => signInWithOidc({ email, emailVerified, issuer: ISSUER, subject: "s" }, deps);
    expect(await attempt(person.email, false)).toEqual({ outcome: "refused", reason: "unverified" });
    expect(await attempt(person.email, undefined)).toEqual({ outcome: "refused", reason: "unverified" });
    expect(await attempt(person.email, "false")).toEqual({ outcome: "refused", reason: "unverified" });
    expect(await attempt(undefined, true)).toEqual({ outcome: "refused", reason: "unverified" });
    expect(await attempt(ghost, true)).toEqual({ outcome: "refused", reason: "unknown" });
    expect(await attempt(gone.email, true)).toEqual({ outcome: "refused", reason: "disabled" });
    expect(await db.$count(sessions)).toBe(sessionsBefore);

    const refusals = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "auth.oidc_sign_in_refused"), inArray(sql<string>`${auditEvents.details}->>'email'`, [person.email.toLowerCase(), ghost, gone.email.toLowerCase()])))
      .orderBy(asc(auditEvents.seq));
    expect(refusals.map((e) => [e.actorLabel, (e.details as { reason: string }).reason])).toEqual([
      ["Lapse sign-in", "unverified"],
      ["Lapse sign-in", "unverified"],
      ["Lapse sign-in", "unverified"],
      ["Lapse sign-in", "unknown"],
      ["Lapse sign-in", "disabled"],
    ]);
    // A provider's "true" string is accepted like the boolean.
    expect(await attempt(person.email, "true")).toMatchObject({ outcome: "signed-in", userId: person.id });
  });

  it("hands next-auth the Lapse user and session for the token, or the login page with the reason", async () => {
    const { db } = handle();
    const deps = testDeps(db);
    const person = await makeUser(db, { roles: ["requester"] });
    // As next-auth calls the signIn callback: the user object is the provider's profile, and
    // what the callback puts on it reaches the jwt callback.
    const user = { id: "provider-subject", email: person.email, name: null };
    expect(await completeOidcSignIn(user, { sub: "provider-subject", email: person.email, email_verified: true, iss: ISSUER }, ISSUER, deps)).toBe(true);
    expect(user.id).toBe(person.id);
    const token = await authOptions.callbacks!.jwt!({ token: {}, user, account: null, trigger: "signIn" } as never);
    expect(token).toMatchObject({ sub: person.id, sid: (user as unknown as { sessionId: string }).sessionId });
    const [session] = await db.select().from(sessions).where(eq(sessions.id, token.sid as string));
    expect(session).toMatchObject({ userId: person.id, method: "oidc" });

    const stranger = { id: "other", email: "x@example.test", name: null };
    expect(await completeOidcSignIn(stranger, { sub: "other", email: `nobody-${crypto.randomUUID()}@example.test`, email_verified: true }, ISSUER, deps)).toBe("/login?error=OidcUnknown");
    expect(await completeOidcSignIn(stranger, { sub: "other", email: person.email, email_verified: false }, ISSUER, deps)).toBe("/login?error=OidcUnverified");
    expect(await completeOidcSignIn(stranger, undefined, ISSUER, deps)).toBe("/login?error=OidcFailed");
    expect(stranger.id).toBe("other");
  });

  it("never signs in as a workload's principal row", async () => {
    const { db } = handle();
    const deps = testDeps(db);
    const [principal] = await db
      .insert(users)
      .values({ email: `workload-${crypto.randomUUID()}@workloads.lapse.invalid`, name: "ci", kind: "workload", createdAt: deps.clock() })
      .returning();
    expect(await signInWithOidc({ email: principal.email, emailVerified: true, issuer: ISSUER, subject: "w" }, deps)).toEqual({ outcome: "refused", reason: "unknown" });
  });
});
