// Every permission-checked service function × every kind of actor, against a real database:
// who may call it, who is refused with forbidden, and who is told not-found because the
// record is not theirs to see (IDOR: another user's request, another team's resource). The
// functions are found by scanning lib/, so a new one fails this suite until its row is written
// in test/authorization-cases.ts. Each call runs in a transaction that is rolled back, so
// every actor meets the same world; a refused call must also leave nothing written.
//
// The "disabled user" column reads "no actor" in every row, and no service function is called
// for it: a disabled account is stopped before any service, where an actor is made. That is
// what the block at the end holds the product to, on the real entry paths: the session behind
// a cookie (requireActor → actorOfSession → loadUserActor) yields no actor for a disabled
// person who holds every role and team, while the same account enabled would hold them all;
// and /api/v1 answers 401, with nothing written, to the personal token of a disabled person and
// to the API key of a disabled workload identity, both of which worked before.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { eq } from "drizzle-orm";
import { users } from "@/db/schema";
import { disableUser } from "@/lib/admin/disable-user";
import { createPersonalToken } from "@/lib/api-tokens/personal-tokens";
import type { UserActor } from "@/lib/auth/actor";
import { loadUserActor } from "@/lib/auth/load-actor";
import { openSession } from "@/lib/auth/open-session";
import { actorOfSession } from "@/lib/auth/session-actor";
import { createWorkload } from "@/lib/workloads/create-workload";
import { disableWorkload } from "@/lib/workloads/disable-workload";
import { apiClient } from "../api-client";
import { ServiceError } from "@/lib/errors";
import { ENGINES, useTestDb } from "../db";
import { makeUser, testDeps } from "../factories";
import { guardedFunctions } from "../guarded-functions";
import { databaseFingerprint, tableCounts } from "../helpers";
import { MATRIX, type MatrixCase } from "../authorization-cases";
import { ACTOR_KINDS, actorOf, buildWorld, type ActorKind, type World } from "../authorization-world";

// The world seals a grant's connection details, as a connector would.
process.env.NEXTAUTH_SECRET ??= "test-secret-for-sealing-connector-secrets";

class RolledBack extends Error {}

/** Runs `work` in a transaction that is always rolled back, and returns what it returned. */
async function rolledBack<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  let result: T | undefined;
  await db
    .transaction(async (tx) => {
      result = await work(tx as unknown as Db);
      throw new RolledBack();
    })
    .catch((error: unknown) => {
      if (!(error instanceof RolledBack)) throw error;
    });
  return result as T;
}

function expected(spec: MatrixCase, kind: ActorKind): string {
  // Not a service's answer: the entry path makes no actor for a disabled account (see the end).
  if (kind === "disabled user") return "no actor";
  if (spec.allow.includes(kind)) return "allowed";
  return spec.hidden?.includes(kind) ? "not_found" : "forbidden";
}

/** What happened when `kind` made the call: allowed, a refusal code, or what else went wrong. */
async function outcome(db: Db, world: World, spec: MatrixCase, kind: ActorKind): Promise<string> {
  return rolledBack(db, async (tx) => {
    const actor = await actorOf(tx, world, kind);
    if (!actor) return "no actor";
    const before = await databaseFingerprint(tx);
    const result = await spec.call(actor as UserActor, world, testDeps(tx)).then(
      (value) => {
        if (spec.sees) return spec.sees(value as never, world) ? "allowed" : "not_found";
        return value === null ? "not_found" : "allowed";
      },
      (error: unknown) => (error instanceof ServiceError ? error.code : `threw ${String(error)}`),
    );
    if (result !== "allowed") {
      // Every row of every table, not counts: an UPDATE by a refused call is caught too.
      const after = await databaseFingerprint(tx);
      const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
      if (changed.length) return `${result}, but wrote to ${changed.join(", ")}`;
    }
    return result;
  });
}

describe("the authorization matrix", () => {
  it("has a row for every permission-checked service function, and none for one that no longer exists", () => {
    const found = guardedFunctions().map((f) => `${f.file}#${f.name}`).sort();
    expect(Object.keys(MATRIX).sort()).toEqual(found);
  });

  it("names the action each function really checks", () => {
    const mismatched = guardedFunctions().filter((f) => MATRIX[`${f.file}#${f.name}`]?.action !== f.action);
    expect(mismatched.map((f) => `${f.name} checks ${f.action}`)).toEqual([]);
  });
});

describe.each(ENGINES)("every service function × every actor kind on %s", (engine) => {
  const handle = useTestDb(engine);
  let world: World;

  beforeAll(async () => {
    world = await buildWorld(handle().db);
  });
  afterAll(() => {
    world = undefined as unknown as World;
  });

  it.each(Object.keys(MATRIX))("%s", async (key) => {
    const spec = MATRIX[key];
    const got: Record<string, string> = {};
    const want: Record<string, string> = {};
    for (const kind of ACTOR_KINDS) {
      got[kind] = await outcome(handle().db, world, spec, kind);
      want[kind] = expected(spec, kind);
    }
    expect(got).toEqual(want);
  });
});

describe.each(ENGINES)("a disabled account reaches no service function on %s", (engine) => {
  const handle = useTestDb(engine);
  let world: World;
  beforeAll(async () => {
    world = await buildWorld(handle().db);
  });

  it("a disabled person's live session yields no actor, though the same account enabled holds every role", async () => {
    const person = world.people["disabled user"];
    const deps = testDeps(handle().db);
    const now = deps.clock();
    const [row] = await handle().db.select({ disabled: users.disabled, email: users.email }).from(users).where(eq(users.id, person.id));
    expect(row.disabled).toBe(true);
    await rolledBack(handle().db, async (tx) => {
      // A session that is live by every other measure (just opened, never signed out).
      const sessionId = await openSession(tx as never, { user: { id: person.id, email: row.email }, method: "password", now, details: {} });
      expect(await actorOfSession(tx, { userId: person.id, sessionId, activity: true }, now)).toBeNull();
      expect(await loadUserActor(tx, person.id, now)).toBeNull();
      // The control: enabled again, the very same session and account are an actor with every role.
      await tx.update(users).set({ disabled: false }).where(eq(users.id, person.id));
      const enabled = await actorOfSession(tx, { userId: person.id, sessionId, activity: true }, now);
      expect(enabled?.actor.roles).toEqual(["admin", "approver", "auditor", "owner", "requester"]);
    });
  });

  it("/api/v1 answers 401 to a disabled person's token and a disabled workload's key, and writes nothing", async () => {
    const { db } = handle();
    const deps = () => ({ ...testDeps(db), rateLimit: 1000 });
    const api = apiClient(deps);
    const admin = world.people.admin as UserActor;
    const person = await makeUser(db, { roles: ["requester"], teamIds: [world.teams.devops.id] });
    const token = await createPersonalToken(person, { name: "laptop", expiresInDays: 30 }, deps());
    const { workload, key } = await createWorkload(admin, { name: `leaver-${person.id.slice(0, 8)}`, ownerTeamId: world.teams.devops.id, authKind: "api_key", keyExpiresInDays: 30 }, deps());
    // Both credentials work while their holders are enabled.
    expect((await api("GET", "/grants", { token: token.secret })).status).toBe(200);
    expect((await api("GET", "/grants", { token: key!.secret })).status).toBe(200);

    await disableUser(admin, { userId: person.id }, deps());
    await disableWorkload(admin, { workloadId: workload.id }, deps());
    const before = await tableCounts(db);
    for (const secret of [token.secret, key!.secret]) {
      const listed = await api("GET", "/grants", { token: secret });
      expect(listed.status).toBe(401);
      expect(listed.headers.get("content-type")).toContain("application/problem+json");
      const asked = await api("POST", "/requests", { token: secret, body: { resource: world.here.slug, accessLevel: "read", duration: "PT30M", justification: "after offboarding" } });
      expect(asked.status).toBe(401);
    }
    expect(await tableCounts(db)).toEqual(before);
  });
});
