// Extensions end to end: a requester holding access asks for more time from the grant's card,
// an approver decides it in the Extensions section of their queue, and the requester's
// countdown and expiry move by themselves.
import { expect, test } from "./fixtures";

const RESOURCE = "Kubernetes cluster (staging)";

test("ask for more time → approver approves → the grant's expiry and countdown move", async ({ as, shot }) => {
  test.setTimeout(120_000);
  const stamp = Date.now();
  const justification = `Extensions ${stamp}: drain the staging node pool`;
  const reason = `Extensions ${stamp}: the drain needs another half hour`;

  // The requester asks for an hour of edit access (policy: extensions allowed up to 8 h in total).
  const requester = await as("requester");
  await requester.goto("/requests");
  await requester.getByLabel("Resource").selectOption({ label: RESOURCE });
  await requester.getByLabel("Access level").selectOption("edit");
  await requester.getByLabel("Duration (minutes)").fill("60");
  await requester.getByLabel("Justification").fill(justification);
  await requester.getByRole("button", { name: "Request access" }).click();
  await expect(requester.getByRole("status", { name: "Request result" })).toContainText("Request sent");

  const approver = await as("approver");
  await approver.goto("/approvals");
  const request = approver.getByRole("listitem").filter({ hasText: justification });
  await request.getByRole("button", { name: "Approve" }).click();
  await expect(approver.getByRole("status", { name: "Decision result" })).toContainText("Approved");

  // The grant card shows up live, counting down from about an hour.
  const card = requester.getByRole("listitem", { name: `${RESOURCE} (edit)` });
  await expect(card).toBeVisible({ timeout: 15_000 });
  const timer = card.getByRole("timer", { name: "Time left" });
  await expect(timer).toHaveText(/^(59:\d\d|1:00:00)$/);
  const until = card.getByText(/^Until /);
  const untilBefore = await until.textContent();

  // Opened from the keyboard, the form takes the focus; too much time is refused next to the field.
  const open = card.getByRole("button", { name: "Ask for more time" });
  await open.focus();
  await requester.keyboard.press("Enter");
  const minutes = card.getByLabel("Extra minutes");
  await expect(minutes).toBeFocused();
  await expect(card.getByText("Up to 7 h more: it lasts 1 h so far, policy allows 8 h in total.")).toBeVisible();
  await minutes.fill("999");
  await card.getByLabel("Why you need more time").fill(reason);
  await card.getByRole("button", { name: "Ask for extension" }).click();
  await expect(minutes).toHaveAttribute("aria-invalid", "true");
  await expect(card.locator(`[id="${await minutes.getAttribute("id")}-error"]`)).toHaveText(
    "At most 7 h more: this grant already lasts 1 h and the policy allows 8 h in total.",
  );
  await expect(card.getByLabel("Why you need more time")).toHaveValue(reason); // kept after the refusal
  await shot(requester, "extensions-1-refused-field");

  await minutes.fill("30");
  await card.getByRole("button", { name: "Ask for extension" }).click();
  await expect(card.getByRole("status", { name: `Extension result for ${RESOURCE}` })).toContainText("Asked for 30 min more");
  await expect(card).toContainText("30 min more asked for, waiting for approval (0 of 1 approval)");
  await expect(card.getByRole("button", { name: `Cancel extension request for ${RESOURCE}` })).toBeVisible();
  await shot(requester, "extensions-2-pending");

  // The approver sees it under Extensions with what approval would do, and approves.
  await approver.reload();
  const extensions = approver.getByRole("region", { name: "Extensions" });
  const item = extensions.getByRole("listitem").filter({ hasText: reason });
  await expect(item).toBeVisible({ timeout: 10_000 });
  await expect(item).toContainText("Robin Requester asks for 30 min more of edit on Kubernetes cluster (staging)");
  await expect(item).toContainText("requester@lapse.test");
  await expect(item).toContainText("1 h → 1 h 30 min (max 8 h)");
  await expect(item.getByText(/(CET|CEST|GMT\+1|GMT\+2)/).first()).toBeVisible();
  await shot(approver, "extensions-3-queue");
  await item.getByLabel("Comment").fill("Fine, finish the drain");
  await item.getByRole("button", { name: "Approve extension" }).click();
  await expect(approver.getByRole("status", { name: "Extension decision result" })).toContainText("Extension approved");
  await expect(item).toHaveCount(0);

  // The requester's card picks it up by itself: about 1 h 30 min left, a later expiry, nothing pending.
  await expect(timer).toHaveText(/^1:(2\d|30):\d\d$/, { timeout: 15_000 });
  await expect(until).not.toHaveText(untilBefore!);
  await expect(until).toHaveText(/(CET|CEST|GMT\+1|GMT\+2)/);
  await expect(card).not.toContainText("asked for");
  await expect(card.getByRole("button", { name: "Ask for more time" })).toBeVisible();
  await expect(card).toContainText("Extended by 30 min so far. Up to 6 h 30 min more allowed.");
  await shot(requester, "extensions-4-extended");

  // A second extension can be withdrawn before anyone decides it.
  await card.getByRole("button", { name: "Ask for more time" }).click();
  await card.getByLabel("Extra minutes").fill("15");
  await card.getByLabel("Why you need more time").fill(`${reason} (again)`);
  await card.getByRole("button", { name: "Ask for extension" }).click();
  await card.getByRole("button", { name: `Cancel extension request for ${RESOURCE}` }).click();
  await expect(card.getByRole("status", { name: `Extension result for ${RESOURCE}` })).toContainText("Extension request cancelled");
  await expect(card.getByRole("button", { name: "Ask for more time" })).toBeVisible();

  // The auditor's extensions report shows both, the approved one with its approver and policy version.
  const auditor = await as("auditor");
  await auditor.goto("/audit/reports/extensions?requester=requester%40lapse.test");
  const report = auditor.getByRole("table", { name: "Extensions" });
  await expect(report.getByRole("columnheader", { name: "Decided under policy version" })).toBeVisible();
  const approved = report.getByRole("row").filter({ hasText: reason }).filter({ hasText: "approved" });
  await expect(approved).toContainText("approver@lapse.test");
  await expect(report.getByRole("row").filter({ hasText: `${reason} (again)` })).toContainText("cancelled");
  await shot(auditor, "extensions-5-report");
});

test("the extension queue answers approvers only", async ({ as, page }) => {
  const requester = await as("requester");
  const refused = await requester.request.get("/api/ui/extension-queue");
  expect(refused.status()).toBe(403);
  expect(refused.headers()["content-type"]).toContain("application/problem+json");
  const anonymous = await page.context().request.get("/api/ui/extension-queue", { maxRedirects: 0 });
  expect([307, 401]).toContain(anonymous.status());
  const approver = await as("approver");
  const allowed = await approver.request.get("/api/ui/extension-queue");
  expect(allowed.status()).toBe(200);
  expect(Array.isArray(await allowed.json())).toBe(true);
});
