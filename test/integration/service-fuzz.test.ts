// Fuzzing every service function that validates untrusted input with zod (found by reading
// lib/: permission-checked and calling parseInput) with arbitrary input (fast-check): the
// answer is a result or a ServiceError with a clear message (a 4xx at the edge), never an
// unhandled exception (a 5xx), and a refused call leaves the database as it was.
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { UserActor } from "@/lib/auth/actor";
import { ServiceError } from "@/lib/errors";
import { ROLES } from "@/db/enums";
import { ENGINES, useTestDb } from "../db";
import { makeScenario, makeUser, requestTerms, testDeps } from "../factories";
import { createRequest } from "@/lib/requests/create-request";
import { exportedFunctions, guardedFunctions } from "../guarded-functions";
import { tableCounts } from "../helpers";

/** Inputs shaped like the real ones (ids, slugs, numbers, text) and plain junk. */
const junkValue = fc.oneof(
  fc.uuid(),
  fc.string({ maxLength: 50 }),
  fc.string({ minLength: 5_000, maxLength: 20_000 }),
  fc.constantFrom("", " ", "\u0000", "<script>alert(1)</script>", "'; drop table users; --", "P1Y", "-5", "1e309", "NaN", "🙂".repeat(100)),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.oneof(fc.uuid(), fc.string({ maxLength: 10 })), { maxLength: 5 }),
);
const FIELDS = ["requestId", "grantId", "extensionId", "resourceId", "resourceSlug", "slug", "userId", "teamId", "identifier", "minutes", "durationMinutes", "accessLevel", "justification", "comment", "reason", "outcome", "email", "name", "roles", "teamIds", "baseVersion", "revision", "cells", "kind", "settings", "breakGlass", "ticket"];
const junkInput = fc.oneof(
  fc.dictionary(fc.constantFrom(...FIELDS), junkValue, { maxKeys: 8 }),
  fc.anything({ maxDepth: 2 }),
);

describe.each(ENGINES)("service functions under fuzzed input on %s", (engine) => {
  const handle = useTestDb(engine);

  it("answer a result or a ServiceError, never an unhandled exception", async () => {
    const { db } = handle();
    const s = await makeScenario(db);
    // Every role in every team of the scenario, so the permission check lets the input through.
    const everyone: UserActor = await makeUser(db, { roles: [...ROLES], teamIds: Object.values(s.teams).map((t) => t.id) });
    const deps = testDeps(db);
    const unhandled: string[] = [];
    const validating = guardedFunctions().filter((fn) => exportedFunctions(fs.readFileSync(fn.file, "utf8")).some((f) => f.name === fn.name && f.body.includes("parseInput(")));
    expect(validating.length).toBeGreaterThan(20);
    for (const fn of validating) {
      const mod = (await import(/* @vite-ignore */ path.resolve(fn.file))) as Record<string, (...args: unknown[]) => Promise<unknown>>;
      const service = mod[fn.name];
      // (actor, input, deps), or (actor, decision, input, deps) for the decide functions.
      const args = service.length === 4 ? fc.tuple(fc.constantFrom("approve", "deny"), junkInput) : fc.tuple(junkInput);
      await fc.assert(
        fc.asyncProperty(args, async (input) => {
          const before = await tableCounts(db);
          try {
            await service(everyone, ...input, deps);
          } catch (error) {
            if (!(error instanceof ServiceError)) {
              unhandled.push(`${fn.file}#${fn.name}(${JSON.stringify(input)?.slice(0, 100)}): ${String(error).slice(0, 160)}`);
              return;
            }
            expect(error.message.length).toBeGreaterThan(0);
            expect(await tableCounts(db)).toEqual(before);
          }
        }),
        { numRuns: engine === "pglite" ? 25 : 10 },
      );
    }
    expect(unhandled).toEqual([]);
  }, 240_000);

  it("takes hostile text in otherwise valid requests: stored as typed or refused next to the field, never a failure", async () => {
    const { db } = handle();
    const s = await makeScenario(db, { policy: { maxLiveGrants: 100 } });
    const deps = testDeps(db);
    const hostile = fc.oneof(
      fc.constantFrom("a\u0000b", "<script>alert(1)</script>", "'); drop table users; --", "=1+2", "\u202egnp.exe", "🙂".repeat(300), "x".repeat(20_000)),
      fc.string({ unit: "binary", maxLength: 200 }),
    );
    await fc.assert(
      fc.asyncProperty(hostile, hostile, async (justification, ticket) => {
        try {
          const request = await createRequest(s.requester, requestTerms(s.resource.id, { justification, ticket }), deps);
          // Kept exactly as typed (it is shown as text, never as markup).
          expect(request.justification).toBe(justification.trim());
        } catch (error) {
          expect(error).toBeInstanceOf(ServiceError);
          expect(Object.keys((error as ServiceError).fieldErrors).length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 40 },
    );
  });
});

