// Control owners govern a resource in the browser: a broken RACI blocks requests (with the
// reason and who owns the fix) until the owner repairs it, and a loosened policy applies
// only once a second owner confirms it.
import { expect, test } from "./fixtures";

test("an owner breaks the RACI → the requester is blocked with the reason → the owner fixes it → requests flow again", async ({ as, shot }) => {
  const owner = await as("owner");
  await owner.goto("/owner");
  await expect(owner.getByRole("row", { name: /Observability stack \(Grafana\).*1 gap: requests blocked/ })).toBeVisible();
  await shot(owner, "governance-1-owner-dashboard");
  await owner.getByRole("link", { name: "RACI of CI deploy role" }).click();
  await expect(owner.getByRole("heading", { level: 1, name: "RACI: CI deploy role" })).toBeVisible();
  await expect(owner.getByRole("status", { name: "Governance check" })).toContainText("Every rule holds");

  // Nobody is responsible for revocation any more: PAM's and DevOps's R are cleared, one by keyboard.
  const pamRevocation = owner.getByRole("combobox", { name: "PAM, revocation" });
  await pamRevocation.focus();
  await owner.keyboard.press("Home"); // the empty choice
  await expect(pamRevocation).toHaveValue("");
  await owner.getByRole("combobox", { name: "DevOps, revocation" }).selectOption("");
  const gaps = owner.getByRole("status", { name: "Governance gaps" });
  await expect(gaps).toContainText("No team is responsible for revocation: nobody owns the teardown.");
  await owner.getByRole("button", { name: "Save matrix" }).click();
  await expect(owner.getByRole("status", { name: "RACI result" })).toContainText("One governance gap remains");
  await shot(owner, "governance-2-raci-gap");

  const requester = await as("requester");
  await requester.goto("/requests");
  await requester.getByLabel("Resource").selectOption({ label: "CI deploy role (blocked: governance gap)" });
  const blocked = requester.getByRole("alert", { name: "Resource blocked" });
  await expect(blocked).toContainText("nobody owns the teardown");
  await expect(blocked).toContainText("The control owner team, Security Platform, owns the fix.");
  await expect(requester.getByRole("button", { name: "Request access" })).toBeDisabled();
  await shot(requester, "governance-3-request-blocked");

  // The owner repairs it: PAM is responsible for revocation again.
  await owner.getByRole("combobox", { name: "PAM, revocation" }).selectOption("R");
  await expect(owner.getByRole("status", { name: "Governance check" })).toContainText("Every rule holds");
  await owner.getByRole("button", { name: "Save matrix" }).click();
  await expect(owner.getByRole("status", { name: "RACI result" })).toContainText("No governance gaps");

  await requester.reload();
  await requester.getByLabel("Resource").selectOption({ label: "CI deploy role" });
  await requester.getByLabel("Justification").fill(`After the RACI fix ${Date.now()}`);
  await requester.getByRole("button", { name: "Request access" }).click();
  await expect(requester.getByRole("status", { name: "Request result" })).toContainText("Request sent");
});

test("an owner loosens the maximum → it waits → a second owner confirms → requesters get the new maximum", async ({ as, shot }) => {
  const owner = await as("owner");
  await owner.goto("/owner/resources/aws-analytics/policy");
  await expect(owner.getByRole("heading", { level: 1, name: "Policy: Cloud account: analytics (AWS)" })).toBeVisible();
  await owner.getByLabel("Maximum duration (minutes)").fill("600");
  await owner.getByRole("button", { name: "Save as a new version" }).click();
  await expect(owner.getByRole("status", { name: "Policy result" })).toContainText("waiting: it loosens control");
  // The save button is at the bottom of a long form: the outcome is brought into view.
  await expect(owner.getByRole("status", { name: "Policy result" })).toBeInViewport();
  const waiting = owner.getByRole("region", { name: /Change waiting for confirmation/ });
  await expect(waiting).toContainText("Maximum duration:");
  await expect(waiting).toContainText("10 h");
  await expect(waiting).toContainText("You proposed this change");
  await expect(waiting.getByRole("button", { name: "Confirm change" })).toHaveCount(0);
  await shot(owner, "governance-4-policy-waiting");

  // Until confirmed, the old maximum applies.
  const requester = await as("requester");
  await requester.goto("/requests");
  await requester.getByLabel("Resource").selectOption({ label: "Cloud account: analytics (AWS)" });
  await expect(requester.getByText("From 1 minute to 8 h.")).toBeVisible();

  const owner2 = await as("owner2");
  await owner2.goto("/owner/resources/aws-analytics/policy");
  await owner2.getByRole("region", { name: /Change waiting for confirmation/ }).getByRole("button", { name: "Confirm change" }).click();
  await expect(owner2.getByRole("region", { name: /Change waiting for confirmation/ })).toHaveCount(0);
  const history = owner2.getByRole("table", { name: "Policy history" });
  await expect(history.getByRole("row").nth(1)).toContainText("in force");
  await expect(history.getByRole("row").nth(1)).toContainText("owner2@lapse.test");
  await shot(owner2, "governance-5-policy-confirmed");

  await requester.reload();
  await requester.getByLabel("Resource").selectOption({ label: "Cloud account: analytics (AWS)" });
  await expect(requester.getByText("From 1 minute to 10 h.")).toBeVisible();

  // The auditor reads the change as a diff, with the confirming second owner.
  const auditor = await as("auditor");
  await auditor.goto("/audit/reports/changes");
  const changes = auditor.getByRole("table", { name: "Policy and RACI changes" });
  const confirmed = changes.getByRole("row").filter({ hasText: "owner2@lapse.test" }).filter({ hasText: "Maximum duration" }).first();
  await expect(confirmed).toContainText("Maximum duration: 8 h → 10 h (loosens)");
  await shot(auditor, "governance-5b-changes-report");
});

test("the organisation-wide RACI shows the gap, filters by team and exports CSV; outsiders are refused", async ({ as, shot }) => {
  const auditor = await as("auditor");
  await auditor.goto("/raci");
  const table = auditor.getByRole("table", { name: "RACI by resource and control activity" });
  await expect(table.getByRole("row", { name: /Observability stack \(Grafana\).*1 gap/ })).toBeVisible();
  await shot(auditor, "governance-6-org-raci");

  await auditor.getByLabel("Team").selectOption({ label: "IAM" });
  await auditor.getByLabel("Letter").selectOption({ label: "Accountable (A)" });
  await auditor.getByRole("button", { name: "Filter" }).click();
  await expect(auditor.getByText("IAM holds no such letter on any resource.")).toBeVisible();

  // What is SRE consulted on? Telemetry, on every demo resource, and nothing else.
  await auditor.getByLabel("Team").selectOption({ label: "SRE" });
  await auditor.getByLabel("Letter").selectOption({ label: "Consulted (C)" });
  await auditor.getByRole("button", { name: "Filter" }).click();
  await expect(auditor).toHaveURL(/letter=C/);
  const payments = table.getByRole("row", { name: /Payments database \(production\)/ });
  await expect(payments.getByRole("cell")).toHaveText(["–", "–", "–", "–", "C", "–", "–", "–"]);
  const grafana = table.getByRole("row", { name: /Observability stack \(Grafana\).*1 gap/ });
  await expect(grafana.getByRole("cell").nth(4)).toHaveText("C");
  await expect(grafana.getByRole("cell").nth(5)).toContainText("governance gap"); // still shaded: nobody is responsible for revocation
  await shot(auditor, "governance-7-org-raci-filtered");
  // The export link carries the filter, and the file holds the same resources.
  const filteredCsv = await auditor.context().request.get((await auditor.getByRole("link", { name: "Export CSV" }).getAttribute("href"))!);
  const filteredLines = (await filteredCsv.text()).trim().split("\r\n").slice(1);
  expect(new Set(filteredLines.map((line) => line.split(",")[0]))).toEqual(new Set(["payments-db-prod", "k8s-staging", "ci-deploy-role", "aws-analytics", "grafana-prod"]));
  expect(filteredLines).toContain("payments-db-prod,Security Platform,telemetry,Security Platform,DevOps,SRE,PAM,no,");

  const csv = await auditor.context().request.get("/raci/export");
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const lines = (await csv.text()).trim().split("\r\n");
  expect(lines[0]).toBe("resource,owner team,activity,accountable,responsible,consulted,informed,gap,resource gaps");
  // The gap is marked on its cell, and named on every line of its resource.
  expect(lines).toContain("grafana-prod,Security Platform,revocation,Security Platform,,,IAM,yes,No team is responsible for revocation: nobody owns the teardown.");
  expect(lines).toContain("grafana-prod,Security Platform,telemetry,Security Platform,DevOps,SRE,PAM,no,No team is responsible for revocation: nobody owns the teardown.");

  const requester = await as("requester");
  expect((await requester.goto("/raci"))?.status()).toBe(403);
  expect((await requester.context().request.get("/raci/export")).status()).toBe(403);
  expect((await requester.goto("/owner/resources/aws-analytics/policy"))?.status()).toBe(403);
});
