// Policy terms for machines: naming a workload identity as eligible loosens control (it waits
// for a second owner); requiring claims for auto-approval tightens (it applies at once); both
// are checked on save.
import { describe, expect, it } from "vitest";
import { savePolicy } from "@/lib/policy/save-policy";
import { getCurrentPolicy } from "@/lib/resources/current-policy";
import { createWorkload } from "@/lib/workloads/create-workload";
import { ENGINES, useTestDb } from "../db";
import { makeScenario, makeUser, testDeps } from "../factories";
import { expectServiceError } from "../helpers";
import { policyEdit as edit } from "../policy-helpers";

describe.each(ENGINES)("policy terms for workload identities (%s)", (kind) => {
  const handle = useTestDb(kind);

  it("waits for a second owner to add a workload, applies new claim conditions at once, and refuses bad ones", async () => {
    const { db } = handle();
    const s = await makeScenario(db);
    const deps = testDeps(db);
    const admin = await makeUser(db, { roles: ["admin"] });
    const { workload } = await createWorkload(admin, { name: `pipe-${Date.now().toString(36)}`, ownerTeamId: s.teams.devops.id, authKind: "api_key", keyExpiresInDays: 1 }, deps);

    const proposed = await savePolicy(s.owner, edit(s, s.policy, { eligibleWorkloadIds: [workload.id] }), deps);
    expect(proposed.kind).toBe("loosen");
    expect((await getCurrentPolicy(db, s.resource.id))!.eligibleWorkloadIds).toEqual([]);

    const current = (await getCurrentPolicy(db, s.resource.id))!;
    const tightened = await savePolicy(s.owner, edit(s, current, { autoApprovalClaims: "repository=acme/payments\nref = refs/heads/main" }), deps);
    expect(tightened.kind).toBe("tighten");
    expect((await getCurrentPolicy(db, s.resource.id))!.autoApprovalClaims).toEqual(["repository=acme/payments", "ref=refs/heads/main"]);

    const now = (await getCurrentPolicy(db, s.resource.id))!;
    const bad = await expectServiceError(savePolicy(s.owner, edit(s, now, { autoApprovalClaims: "just words" }), deps), "invalid");
    expect(bad.fieldErrors.autoApprovalClaims?.[0]).toMatch(/claim=value/);
    const unknown = await expectServiceError(savePolicy(s.owner, edit(s, now, { eligibleWorkloadIds: ["00000000-0000-4000-8000-000000000000"] }), deps), "invalid");
    expect(unknown.fieldErrors.eligibleWorkloadIds?.[0]).toMatch(/does not exist/);
  });
});
