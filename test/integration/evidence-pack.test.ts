// The extensions report (who re-authorised each extension, under which policy version) and
// the evidence pack: a zip holding every report for the filter, the integrity result and the
// checkpoints, with a manifest whose hashes match the files.
import { createHash } from "node:crypto";
import { unzipSync, strFromU8 } from "fflate";
import { describe, expect, it } from "vitest";
import { buildEvidencePack } from "@/lib/audit/evidence-pack";
import { EXTENSION_REPORT } from "@/lib/audit/reports/extension-report";
import type { ReportFilter } from "@/lib/audit/reports/report-filter";
import { REPORTS } from "@/lib/audit/reports/registry";
import { approveExtension, denyExtension } from "@/lib/extensions/decide-extension";
import { requestExtension } from "@/lib/extensions/request-extension";
import { MINUTE_MS } from "@/lib/lifecycle/duration";
import { savePolicy } from "@/lib/policy/save-policy";
import { ENGINES, useTestDb } from "../db";
import { liveGrantScenario } from "../extension-helpers";
import { makeUser } from "../factories";
import { expectServiceError } from "../helpers";
import { policyEdit } from "../policy-helpers";

const NO_FILTER: ReportFilter = { from: null, to: null, resourceId: null, teamId: null, requester: null, actor: null, action: null };
const ask = (grantId: string, minutes: number) => ({ grantId, minutes, justification: "The migration is taking longer than planned" });

async function unzip(stream: ReadableStream<Uint8Array>): Promise<Record<string, string>> {
  const files = unzipSync(new Uint8Array(await new Response(stream).arrayBuffer()));
  return Object.fromEntries(Object.entries(files).map(([name, data]) => [name, strFromU8(data)]));
}

describe.each(ENGINES)("extensions report and evidence pack on %s", (engine) => {
  const handle = useTestDb(engine);

  it("reports each extension with who approved or denied it and the policy version of the ask and of the decision", async () => {
    const { db } = handle();
    const s = await liveGrantScenario(db);
    const auditor = await makeUser(db, { roles: ["auditor"] });
    const first = await requestExtension(s.requester, ask(s.grant.id, 30), s.deps);
    // A tightening edit between the ask and the decision: the decision is taken under version 2.
    await savePolicy(s.owner, policyEdit(s, s.policy, { maxDurationMinutes: s.policy.maxDurationMinutes - 1 }), s.deps);
    await approveExtension(s.approver, { extensionId: first.extension.id, comment: "ok" }, s.deps);
    s.deps.clock.advance(MINUTE_MS);
    const second = await requestExtension(s.requester, ask(s.grant.id, 30), s.deps);
    await denyExtension(s.approver2, { extensionId: second.extension.id, comment: "enough" }, s.deps);

    const { rows } = await EXTENSION_REPORT.page(NO_FILTER, null, 10, s.deps);
    expect(rows.map((r) => r.extensionId)).toEqual([second.extension.id, first.extension.id]);
    expect(rows[1]).toMatchObject({ status: "approved", approvedBy: s.approver.email, deniedBy: "", minutes: 30, holder: s.requester.email, askedUnderPolicyVersion: 1, decidedUnderPolicyVersion: 2 });
    expect(rows[0]).toMatchObject({ status: "denied", approvedBy: "", deniedBy: s.approver2.email, askedUnderPolicyVersion: 2 });
    // Filters: another resource, a later period, another requester each leave nothing.
    const none = async (filter: Partial<ReportFilter>) => (await EXTENSION_REPORT.page({ ...NO_FILTER, ...filter }, null, 10, s.deps)).rows.length;
    expect(await none({ resourceId: crypto.randomUUID() })).toBe(0);
    expect(await none({ from: new Date(s.deps.clock().getTime() + 86_400_000) })).toBe(0);
    expect(await none({ requester: auditor.email })).toBe(0);
    expect(await none({ resourceId: s.resource.id, requester: s.requester.email.toUpperCase().toLowerCase() })).toBe(2);
  });

  it("packs every report for the period, the integrity result and a manifest whose hashes match; refuses anyone but auditors", async () => {
    const { db } = handle();
    const s = await liveGrantScenario(db);
    const auditor = await makeUser(db, { roles: ["auditor"] });
    const { extension } = await requestExtension(s.requester, ask(s.grant.id, 30), s.deps);
    await approveExtension(s.approver, { extensionId: extension.id, comment: "ok" }, s.deps);

    await expectServiceError(buildEvidencePack(s.requester, NO_FILTER, s.deps), "forbidden");
    await expectServiceError(buildEvidencePack(s.owner, NO_FILTER, s.deps), "forbidden");

    const files = await unzip(await buildEvidencePack(auditor, NO_FILTER, s.deps));
    const reportFiles = Object.keys(REPORTS).map((name) => `reports/${name}.csv`);
    expect(Object.keys(files).sort()).toEqual(
      ["README.txt", ...reportFiles, "revocation-on-schedule.json", "separation-of-duties.json", "integrity.json", "checkpoints.json", "manifest.json"].sort(),
    );
    expect(files["reports/grants.csv"]).toContain(s.grant.id);
    expect(files["reports/extensions.csv"]).toContain(extension.id);
    expect(files["reports/extensions.csv"]).toContain(s.approver.email);
    const integrity = JSON.parse(files["integrity.json"]);
    expect(integrity.ok).toBe(true);
    const manifest = JSON.parse(files["manifest.json"]);
    expect(manifest.chainHead.seq).toBe(integrity.count);
    expect(manifest.files.map((f: { name: string }) => f.name).sort()).toEqual(Object.keys(files).filter((n) => n !== "manifest.json").sort());
    for (const entry of manifest.files as { name: string; bytes: number; sha256: string }[]) {
      const bytes = new TextEncoder().encode(files[entry.name]);
      expect({ name: entry.name, bytes: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") }).toEqual(entry);
    }
    const sod = Object.fromEntries((JSON.parse(files["separation-of-duties.json"]) as { id: string; count: number }[]).map((c) => [c.id, c.count]));
    expect(sod).toMatchObject({ "self-decided": 0, "self-extended": 0, "dual-short": 0 });
    expect(sod.decisions).toBeGreaterThanOrEqual(2);

    // A period before anything happened: the reports hold their header lines only.
    const empty = await unzip(await buildEvidencePack(auditor, { ...NO_FILTER, to: new Date("2000-01-02T00:00:00Z") }, s.deps));
    expect(empty["reports/grants.csv"]).not.toContain(s.grant.id);
    expect(empty["reports/extensions.csv"]).not.toContain(extension.id);
    expect(JSON.parse(empty["manifest.json"]).filter).toEqual({ to: "2000-01-01" });
  });
});
