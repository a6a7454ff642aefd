// The auditor's evidence in the browser: the grants report with a filter, a grant's
// timeline, a CSV export, revocation on schedule, and the integrity check.
import fs from "node:fs";
import { expect, test } from "./fixtures";

test("the auditor filters the grants report, opens a timeline, exports CSV, sees revocation lag and verifies the chain", async ({ as, shot }) => {
  // A grant to find: the requester asks, an approver approves.
  const justification = `Evidence ${Date.now()}: quarterly access review sample`;
  const requester = await as("requester");
  await requester.goto("/requests");
  await requester.getByLabel("Resource").selectOption({ label: "Cloud account: analytics (AWS)" });
  await requester.getByLabel("Justification").fill(justification);
  await requester.getByRole("button", { name: "Request access" }).click();
  await expect(requester.getByRole("status", { name: "Request result" })).toContainText("Request sent");
  const approver = await as("approver");
  await approver.goto("/approvals");
  await approver.getByRole("listitem").filter({ hasText: justification }).getByRole("button", { name: "Approve" }).click();
  await expect(approver.getByRole("listitem").filter({ hasText: justification })).toHaveCount(0);

  const auditor = await as("auditor");
  await auditor.goto("/audit");
  await auditor.getByRole("navigation", { name: "Evidence reports" }).getByRole("link", { name: "Grants report" }).click();
  await auditor.getByLabel("Resource").selectOption({ label: "Cloud account: analytics (AWS)" });
  await auditor.getByLabel("Requester email").fill("requester@lapse.test");
  await auditor.getByRole("button", { name: "Apply" }).click();
  await expect(auditor).toHaveURL(/requester=requester%40lapse\.test/);
  const table = auditor.getByRole("table", { name: "Grants report" });
  const row = table.getByRole("row", { name: /Cloud account: analytics \(AWS\).*requester@lapse\.test/ }).first();
  await expect(row).toContainText("approver@lapse.test");
  await expect(row).toContainText("v1");
  await shot(auditor, "evidence-1-grants-report");

  const csv = await auditor.context().request.get(`/audit/reports/grants/export?${new URL(auditor.url()).searchParams}&format=csv`, { headers: { "accept-encoding": "gzip" } });
  expect(csv.status()).toBe(200);
  // Sent as written even to a client that accepts gzip (compressing large exports on the fly held a core).
  expect(csv.headers()["content-encoding"]).toBeUndefined();
  expect(csv.headers()["cache-control"]).toContain("no-transform");
  const lines = (await csv.text()).split("\r\n");
  expect(lines[0]).toMatch(/chain head seq \d+ hash [0-9a-f]{64}/);
  expect(lines[1]).toMatch(/^grantId,/);
  expect(lines.some((line) => line.includes(justification))).toBe(true);

  await row.getByRole("link", { name: "Cloud account: analytics (AWS)" }).click();
  await expect(auditor.getByText("Access issued")).toBeVisible();

  await auditor.goto("/audit/reports/revocation");
  await expect(auditor.getByRole("heading", { level: 1, name: "Revocation on schedule" })).toBeVisible();
  await expect(auditor.getByText("Lag p99")).toBeVisible();
  await shot(auditor, "evidence-2-revocation");
  // Revocation on schedule has an export of its own, carrying the page's filter.
  await auditor.getByLabel("Requester email").fill("requester@lapse.test");
  await auditor.getByRole("button", { name: "Apply" }).click();
  await expect(auditor).toHaveURL(/requester=requester%40lapse\.test/);
  const revocationCsv = await auditor.context().request.get((await auditor.getByRole("link", { name: "Export CSV" }).getAttribute("href"))!);
  expect(revocationCsv.status()).toBe(200);
  const revocationLines = (await revocationCsv.text()).split("\r\n");
  expect(revocationLines[0]).toMatch(/revocation report.*requester@lapse\.test.*chain head seq \d+ hash [0-9a-f]{64}.*summary/);
  expect(revocationLines[1]).toMatch(/^grantId,createdAt,resource,holder,accessLevel,status,issuedAt,expiresAt,dueAt,endedAt,lagMs/);

  await auditor.goto("/audit/reports/separation-of-duties");
  await expect(auditor.getByRole("heading", { level: 1, name: "Separation of duties" })).toBeVisible();
  await expect(auditor.getByLabel("Requests decided by their own requester: 0")).toBeVisible();
  await shot(auditor, "evidence-2b-separation-of-duties");
  const sodJson = await auditor.context().request.get((await auditor.getByRole("link", { name: "Export JSON" }).getAttribute("href"))!);
  expect(sodJson.status()).toBe(200);
  const sod = await sodJson.json();
  expect(sod).toMatchObject({ report: "separation-of-duties", summary: { "self-decided": 0, "self-extended": 0, "dual-short": 0 } });
  expect(sod.rows.some((r: { decidedBy: string; requester: string }) => r.decidedBy === "approver@lapse.test" && r.requester === "requester@lapse.test")).toBe(true);

  await auditor.goto("/audit/integrity");
  await auditor.getByRole("button", { name: "Verify the whole chain" }).click();
  await expect(auditor.getByRole("status", { name: "Integrity result" })).toContainText(/Intact: \d+ events/);
  // The worker signs the first checkpoint at its first sweep; each is checked against the server's own key.
  await expect(auditor.getByRole("table", { name: "Signed checkpoints" })).toContainText("signed by this server's key, matches the chain");
  await shot(auditor, "evidence-3-integrity");
  const checkpoints = await (await auditor.context().request.get("/audit/integrity/checkpoints")).json();
  expect(checkpoints.checkedAgainst.keyId).toMatch(/^[0-9a-f]{16}$/);
  expect(checkpoints.checkpoints[0]).toMatchObject({ keyId: checkpoints.checkedAgainst.keyId, signatureValid: true, matchesChain: true });

  // Evidence is for auditors: a requester is refused the reports and the export.
  expect((await requester.goto("/audit/reports/grants"))?.status()).toBe(403);
  expect((await requester.context().request.get("/audit/reports/grants/export?format=csv")).status()).toBe(403);
});

test("the auditor reads evidence by control and the overview charts; an admin edits a control's mapping", async ({ as, shot }) => {
  const auditor = await as("auditor");
  await auditor.goto("/audit/overview");
  await expect(auditor.getByText("Live grants over time")).toBeVisible();
  await expect(auditor.getByText("Requests by outcome, per week")).toBeVisible();
  await expect(auditor.locator(".recharts-surface").first()).toBeVisible();
  await shot(auditor, "evidence-4-overview");

  await auditor.goto("/audit/controls");
  await expect(auditor.getByRole("table", { name: "OWASP Non-Human Identities Top 10 (2025) controls" })).toContainText("Improper Offboarding");
  await auditor.getByRole("link", { name: "PR.AA-05" }).click();
  await expect(auditor.getByRole("heading", { level: 1, name: /PR\.AA-05/ })).toBeVisible();
  await expect(auditor.getByRole("table", { name: "Evidence for PR.AA-05" }).getByRole("row").nth(1)).toBeVisible();
  await shot(auditor, "evidence-5-control");
  // Sign-ins are evidence too: for authentication, PR.AA-03.
  await auditor.goto("/audit/controls/PR.AA-03");
  await expect(auditor.getByRole("table", { name: "Evidence for PR.AA-03" })).toContainText("Signed in");
  // Auditors read the catalogue; control owners keep it (DESIGN §6), from their own navigation.
  expect((await auditor.goto("/controls"))?.status()).toBe(403);

  const owner = await as("owner");
  await owner.goto("/owner");
  await owner.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Controls" }).click();
  await expect(owner.getByRole("heading", { level: 1, name: "Controls" })).toBeVisible();
  await shot(owner, "evidence-7-controls");
  await owner.getByRole("link", { name: "NHI10" }).click();
  const form = owner.getByRole("form", { name: "Control NHI10" });
  await form.getByLabel("What Lapse does for this control").fill("People and workloads are separate principals; break-glass by a person is flagged and reviewed by the owner team.");
  await form.getByRole("button", { name: "Save control" }).click();
  await expect(owner.getByRole("status", { name: "Control result" })).toContainText("NHI10 saved.");
  await shot(owner, "evidence-8-control-edit");
  // The evidence behind a control stays with auditors.
  expect((await owner.goto("/audit/controls/NHI10"))?.status()).toBe(403);
  await auditor.goto("/audit/controls/NHI10");
  await expect(auditor.getByText("break-glass by a person is flagged and reviewed by the owner team")).toBeVisible();
});

test("the auditor downloads the evidence pack for a period and reads the extensions report", async ({ as, shot }) => {
  const auditor = await as("auditor");
  await auditor.goto("/audit");
  await auditor.getByRole("navigation", { name: "Evidence reports" }).getByRole("link", { name: "Evidence pack" }).click();
  await expect(auditor.getByRole("heading", { level: 1, name: "Evidence pack" })).toBeVisible();
  const today = new Date().toISOString().slice(0, 10);
  await auditor.getByLabel("From (UTC)").fill("2026-01-01");
  await auditor.getByLabel("To (UTC, inclusive)").fill(today);
  await auditor.getByRole("button", { name: "Apply" }).click();
  await expect(auditor.getByText("Covers: from 2026-01-01")).toBeVisible();
  await shot(auditor, "evidence-6-pack");
  const [download] = await Promise.all([auditor.waitForEvent("download"), auditor.getByRole("link", { name: "Download evidence pack (.zip)" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^lapse-evidence-2026-01-01_to_\d{4}-\d{2}-\d{2}-\d{8}T\d{6}Z\.zip$/);
  const zip = fs.readFileSync(await download.path());
  // A zip starts with a local file header; the manifest is its last entry.
  expect(zip.subarray(0, 4).toString("hex")).toBe("504b0304");
  expect(zip.includes(Buffer.from("manifest.json"))).toBe(true);
  expect(zip.includes(Buffer.from("reports/extensions.csv"))).toBe(true);

  await auditor.goto("/audit/reports/extensions");
  await expect(auditor.getByRole("heading", { level: 1, name: "Extensions" })).toBeVisible();
  await expect(auditor.getByRole("form", { name: "Report filter" })).toBeVisible();

  const requester = await as("requester");
  expect((await requester.context().request.get("/audit/evidence-pack/download")).status()).toBe(403);
});
