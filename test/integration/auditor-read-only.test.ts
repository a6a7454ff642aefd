// Auditors read everything and change nothing. The permission table gives them read actions
// only, and every service function guarded by any other action refuses them before doing
// anything. The functions are found by scanning lib/, so a new one cannot be forgotten.
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { UserActor } from "@/lib/auth/actor";
import { ACTIONS, PERMISSIONS, type Action } from "@/lib/auth/permissions";
import { ServiceError } from "@/lib/errors";
import { ENGINES, useTestDb } from "../db";
import { makeScenario, makeUser, testDeps } from "../factories";
import { tableCounts } from "../helpers";
import { guardedFunctions } from "../guarded-functions";

// access.check only answers whether someone holds access now.
const READ_ACTIONS = new Set<Action>([...ACTIONS.filter((a) => a.endsWith(".read") || a.endsWith(".read-own") || a.endsWith(".read-queue")), "access.check"]);
// One's own sign-in sessions, inbox and notification choices: changing them touches nothing
// but the auditor's own use of Lapse.
const PERSONAL_ACTIONS = new Set<Action>(["session.manage-own", "token.manage-own", "notification.read-own", "notification.preferences"]);

describe("the auditor's permissions", () => {
  it("hold read actions only", () => {
    expect(PERMISSIONS.auditor.filter((a) => !READ_ACTIONS.has(a) && !PERSONAL_ACTIONS.has(a))).toEqual([]);
  });

  it("the scan finds the guarded service functions (so the test below covers them)", () => {
    const names = guardedFunctions().map((f) => f.name);
    for (const expected of ["createRequest", "decideRequest", "revokeGrant", "savePolicy", "saveRaci", "freezeResource", "reviewBreakGlass", "updateControl"]) {
      expect(names).toContain(expected);
    }
  });
});

describe.each(ENGINES)("an auditor changes nothing on %s", (engine) => {
  const handle = useTestDb(engine);

  it("is refused by every service function guarded by an action it does not hold, with nothing written", async () => {
    const { db } = handle();
    await makeScenario(db);
    const auditor: UserActor = await makeUser(db, { roles: ["auditor"] });
    const deps = testDeps(db);
    const before = await tableCounts(db);
    const guarded = guardedFunctions().filter((f) => !(PERMISSIONS.auditor as readonly Action[]).includes(f.action));
    expect(guarded.length).toBeGreaterThan(20);
    const outcomes: string[] = [];
    for (const fn of guarded) {
      const mod = (await import(/* @vite-ignore */ path.resolve(fn.file))) as Record<string, (...args: unknown[]) => Promise<unknown>>;
      const outcome = await mod[fn.name](auditor, {}, deps).then(
        () => "allowed",
        (error: unknown) => (error instanceof ServiceError ? error.code : `threw ${String(error)}`),
      );
      outcomes.push(`${fn.file}#${fn.name}: ${outcome}`);
    }
    expect(outcomes.filter((o) => !o.endsWith(": forbidden"))).toEqual([]);
    expect(await tableCounts(db)).toEqual(before);
  });
});
