// Every permission-checked service function × every kind of actor, against a real database:
// who may call it, who is refused with forbidden, and who is told not-found because the
// record is not theirs to see (IDOR: another user's request, another team's resource). The
// functions are found by scanning lib/, so a new one fails this suite until its row is written
// in test/authorization-cases.ts. Each call runs in a transaction that is rolled back, so
// every actor meets the same world; a refused call must also leave nothing written.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import type { UserActor } from "@/lib/auth/actor";
import { ServiceError } from "@/lib/errors";
import { ENGINES, useTestDb } from "../db";
import { testDeps } from "../factories";
import { guardedFunctions } from "../guarded-functions";
import { tableCounts } from "../helpers";
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
  if (kind === "disabled user") return "no actor";
  if (spec.allow.includes(kind)) return "allowed";
  return spec.hidden?.includes(kind) ? "not_found" : "forbidden";
}

/** What happened when `kind` made the call: allowed, a refusal code, or what else went wrong. */
async function outcome(db: Db, world: World, spec: MatrixCase, kind: ActorKind): Promise<string> {
  return rolledBack(db, async (tx) => {
    const actor = await actorOf(tx, world, kind);
    if (!actor) return "no actor";
    const before = await tableCounts(tx);
    const result = await spec.call(actor as UserActor, world, testDeps(tx)).then(
      (value) => {
        if (spec.sees) return spec.sees(value as never, world) ? "allowed" : "not_found";
        return value === null ? "not_found" : "allowed";
      },
      (error: unknown) => (error instanceof ServiceError ? error.code : `threw ${String(error)}`),
    );
    if (result !== "allowed") {
      const after = await tableCounts(tx);
      if (JSON.stringify(after) !== JSON.stringify(before)) return `${result}, but wrote ${JSON.stringify({ before, after })}`;
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
