// Fuzzing every service function that validates untrusted input with zod (found by reading
// lib/: permission-checked and calling parseInput) with inputs derived from its own schema
// (test/schema-arbitraries.ts): values that keep every constraint the schema states, carrying
// ids that exist, and near-misses that break one (wrong type, one too long, out of range, NUL,
// malformed id, very long, markup), plus some plain junk. The answer is a result or a
// ServiceError with a clear message (a 4xx at the edge), never an unhandled exception (a
// 5xx), and a refused call leaves every table exactly as it was.
//
// Each function's schema is the one it hands parseInput: the test wraps parseInput (and only
// that) to see it, so no schema has to be exported for the test and a new function is fuzzed
// from its own schema without a line here.
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { controls } from "@/db/schema";
import type { UserActor } from "@/lib/auth/actor";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { ServiceError } from "@/lib/errors";
import { ROLES } from "@/db/enums";
import { ENGINES, useTestDb } from "../db";
import { completeRaci, makeScenario, makeUser, requestTerms, testDeps } from "../factories";
import { createRequest } from "@/lib/requests/create-request";
import { exportedFunctions, guardedFunctions } from "../guarded-functions";
import { buildWorld, MATRIX_PASSWORD, type World } from "../authorization-world";
import { schemaArbitraries } from "../schema-arbitraries";
import { databaseFingerprint } from "../helpers";

const seen = vi.hoisted(() => ({ schemas: [] as unknown[], passed: 0 }));
vi.mock("@/lib/validation", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/validation")>();
  return {
    ...real,
    parseInput: (schema: z.ZodType, input: unknown) => {
      seen.schemas.push(schema);
      const parsed = real.parseInput(schema, input);
      seen.passed++;
      return parsed;
    },
  };
});

// The world seals a grant's connection details, as a connector would.
process.env.NEXTAUTH_SECRET ??= "test-secret-for-sealing-connector-secrets";

/** Real records of the world by the names inputs give their ids, so valid inputs reach past "not found". */
async function hintsFrom(db: Db, world: World): Promise<Record<string, fc.Arbitrary<unknown>>> {
  const [control] = await db.select({ id: controls.id, updatedAt: controls.updatedAt }).from(controls).limit(1);
  const t = world.teams;
  const teamIds = [t.devops.id, t.iam.id, t.owners.id, t.otherOwners.id, t.otherApprovers.id, t.spareTeam.id];
  const resources = [world.here, world.elsewhere, world.frozen, world.quiet];
  const one = <T>(...values: T[]) => fc.constantFrom(...values);
  const claims = one("", "repository=acme/payments", "repository=acme/*\nref=refs/heads/main");
  return {
    requestId: one(world.pending.id, world.liveGrant.requestId, world.breakGlassGrant.requestId),
    grantId: one(world.liveGrant.id, world.extendable.id, world.breakGlassGrant.id),
    extensionId: one(world.extension.id),
    resourceId: one(...resources.map((r) => r.id)),
    resourceSlug: one(...resources.map((r) => r.slug)),
    teamId: one(...teamIds),
    ownerTeamId: one(...teamIds),
    teamIds: fc.subarray(teamIds, { maxLength: 3 }),
    userId: one(world.bystander.id, world.people.requester.id, world.people["disabled user"].id, world.people.nobody.id),
    workloadId: one(world.workloadId),
    tokenId: one(world.tokenId, world.workloadKeyId),
    policyId: one(world.pendingPolicyId, world.activePolicy.id),
    notificationId: one(world.notificationId),
    controlId: one(control.id),
    updatedAt: one(control.updatedAt.toISOString()),
    sessionId: one(world.requesterSessionId),
    password: one(MATRIX_PASSWORD, "not the password"),
    email: fc.tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/), fc.nat(9999)).map(([name, n]) => `${name}.${n}@fuzz.test`),
    accessLevel: one("read", "admin"),
    accessLevels: one("read", "read admin", "read, admin, break.glass"),
    baseVersion: one(world.activePolicy.version),
    claimConditions: claims,
    autoApprovalClaims: claims,
    actions: fc.subarray(Object.keys(AUDIT_ACTIONS), { minLength: 1, maxLength: 3 }),
    cells: one(completeRaci(t.owners.id, t.devops.id, t.iam.id, t.otherApprovers.id)),
    issuer: one("https://token.actions.githubusercontent.com"),
    chatWebhookUrl: one("", "https://hooks.example.com/lapse"),
    webhookUrl: one("", "https://hooks.example.com/signed"),
  };
}

describe.each(ENGINES)("service functions under fuzzed input on %s", (engine) => {
  const handle = useTestDb(engine);
  let world: World;
  beforeAll(async () => {
    world = await buildWorld(handle().db);
  });

  it("answer a result or a ServiceError for inputs derived from their schemas, and a refusal writes nothing", async () => {
    const { db } = handle();
    // Every role in every team of the world, so the permission check lets the input through.
    const everyone: UserActor = await makeUser(db, { roles: [...ROLES], teamIds: Object.values(world.teams).map((t) => t.id) });
    const deps = testDeps(db);
    const hints = await hintsFrom(db, world);
    const problems: string[] = [];
    const validating = guardedFunctions().filter((fn) => exportedFunctions(fs.readFileSync(fn.file, "utf8")).some((f) => f.name === fn.name && f.body.includes("parseInput(")));
    expect(validating.length).toBeGreaterThan(20);
    const reachedPastValidation: string[] = [];
    for (const fn of validating) {
      const name = `${fn.file}#${fn.name}`;
      const mod = (await import(/* @vite-ignore */ path.resolve(fn.file))) as Record<string, (...args: unknown[]) => Promise<unknown>>;
      const service = mod[fn.name];
      // (actor, input, deps), or (actor, decision, input, deps) for the decide functions.
      const call = (input: unknown, decision: string) => (service.length === 4 ? service(everyone, decision, input, deps) : service(everyone, input, deps));

      // A first call shows which schema the function validates with.
      seen.schemas = [];
      await call({}, "approve").catch(() => {});
      const schema = seen.schemas[0] as z.ZodType | undefined;
      if (!schema) {
        problems.push(`${name}: did not validate its input with parseInput`);
        continue;
      }
      const { input } = schemaArbitraries(schema, { hints, mixHints: true });
      let passed = 0;
      const runOnce = async (value: unknown, decision: string) => {
        const before = await databaseFingerprint(db);
        seen.passed = 0;
        try {
          await call(value, decision);
        } catch (error) {
          if (!(error instanceof ServiceError)) {
            problems.push(`${name}(${JSON.stringify(value)?.slice(0, 120)}): ${String(error).slice(0, 200)}`);
            return;
          }
          expect(error.message.length).toBeGreaterThan(0);
          const after = await databaseFingerprint(db);
          const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
          if (changed.length) problems.push(`${name}: refused (${error.code}: ${error.message}) but changed ${changed.join(", ")}`);
        } finally {
          if (seen.passed > 0) passed++;
        }
      };
      await fc.assert(fc.asyncProperty(input, fc.constantFrom("approve", "deny"), runOnce), { numRuns: engine === "pglite" ? 20 : 8 });
      // A few random runs may all miss the schema (cross-field refinements, like a policy's
      // maximum at least its default, are not in the JSON Schema the inputs come from). Then
      // one sample the schema accepts is run too, so every function is also exercised past its
      // validation whenever its inputs can be derived at all, and the count below does not
      // depend on the luck of this run's seed.
      if (passed === 0) {
        for (const value of fc.sample(input, 500)) {
          if (!(await schema.safeParseAsync(value)).success) continue;
          await runOnce(value, "approve");
          break;
        }
      }
      if (passed > 0) reachedPastValidation.push(name);
    }
    expect(problems).toEqual([]);
    // The derived inputs are not all refused at the door: nearly every function also ran past
    // its validation (a function whose schema no derived input meets is a gap in the arbitraries).
    const neverPast = validating.map((f) => `${f.file}#${f.name}`).filter((n) => !reachedPastValidation.includes(n));
    expect(neverPast.length, `never got past validation: ${neverPast.join(", ")}`).toBeLessThanOrEqual(Math.floor(validating.length / 10));
  }, 300_000);

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

