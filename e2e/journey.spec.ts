// The main job end to end, in a real browser against the production build: a requester
// asks for 1 minute, an approver approves, the grant is active with a countdown, it
// expires on its own, and the auditor sees every step with its actor.
import { expect, test } from "./fixtures";

test("request → approve → active with countdown → expires on its own → evidence", async ({ as, shot }) => {
  test.setTimeout(180_000);
  const justification = `Journey ${Date.now()}: rotate the staging ingress certificate`;

  // The requester asks for 1 minute of view access on the staging cluster.
  const requester = await as("requester");
  await requester.goto("/requests");
  await requester.getByLabel("Resource").selectOption({ label: "Kubernetes cluster (staging)" });
  await requester.getByLabel("Access level").selectOption("view");
  await requester.getByLabel("Duration (minutes)").fill("1");
  await requester.getByLabel("Justification").fill(justification);
  await requester.getByRole("button", { name: "Request access" }).click();
  await expect(requester.getByRole("status", { name: "Request result" })).toContainText("Request sent");
  const pending = requester.getByRole("table", { name: "Pending requests" });
  await expect(pending.getByRole("row", { name: /Kubernetes cluster \(staging\)/ })).toBeVisible();
  await shot(requester, "journey-1-requested");

  // The approver finds it in the queue, with everything needed to decide, and approves.
  const approver = await as("approver");
  await approver.goto("/approvals");
  const item = approver.getByRole("listitem").filter({ hasText: justification });
  await expect(item).toBeVisible();
  await expect(item).toContainText("requester@lapse.test");
  await expect(item).toContainText("1 min");
  await shot(approver, "journey-2-queue");
  await item.getByLabel("Comment").fill("Approved for the certificate rotation");
  await item.getByRole("button", { name: "Approve" }).click();
  await expect(approver.getByRole("status", { name: "Decision result" })).toContainText("Approved");
  await expect(item).toHaveCount(0);

  // The requester's page picks the approval up by itself: active, counting down.
  const active = requester.getByRole("listitem", { name: "Kubernetes cluster (staging) (view)" });
  await expect(active).toBeVisible({ timeout: 15_000 });
  const timer = active.getByRole("timer", { name: "Time left" });
  await expect(timer).toHaveText(/^0:[0-5]\d$|^1:00$/);
  const first = await timer.textContent();
  await expect(timer).not.toHaveText(first!, { timeout: 5_000 }); // it ticks
  // Times are shown in the viewer's zone (Europe/Berlin here), with the zone named.
  await expect(active).toContainText(/Until .*(CET|CEST|GMT\+1|GMT\+2)/);
  await shot(requester, "journey-3-active");

  // Nobody touches anything: the worker ends it on schedule and the page shows it.
  await expect(active).toHaveCount(0, { timeout: 90_000 });
  const history = requester.getByRole("table", { name: "Request history" });
  await expect(history.getByRole("row", { name: /Kubernetes cluster \(staging\).*expired/ })).toBeVisible({ timeout: 15_000 });
  await shot(requester, "journey-4-expired");

  // The auditor sees the request's whole lifecycle with who did each step.
  const auditor = await as("auditor");
  await auditor.goto("/audit?action=request.created");
  const created = auditor.getByRole("row").filter({ hasText: justification });
  await expect(created).toHaveCount(1);
  await created.getByRole("link", { name: /Timeline/ }).click();
  const events = auditor.getByRole("list", { name: "Timeline events" }).getByRole("listitem");
  await expect(events).toHaveCount(4);
  await expect(events.nth(0)).toContainText("Request created");
  await expect(events.nth(0)).toContainText("by requester@lapse.test");
  await expect(events.nth(1)).toContainText("Request approved");
  await expect(events.nth(1)).toContainText("by approver@lapse.test");
  await expect(events.nth(1)).toContainText("Approved for the certificate rotation");
  await expect(events.nth(2)).toContainText("Access issued");
  await expect(events.nth(2)).toContainText("by Lapse issuer (system)");
  await expect(events.nth(3)).toContainText("Access expired");
  await expect(events.nth(3)).toContainText("by Lapse expiry worker (system)");
  await expect(auditor.getByText("expired (record-only)")).toBeVisible();
  await shot(auditor, "journey-5-timeline");
});
