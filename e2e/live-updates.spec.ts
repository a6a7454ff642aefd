// Live pages (issue 4): two approvers have their queues open; a new request shows up in both,
// and once one of them approves it, it leaves the other's queue within seconds, with no reload.
import { expect, test } from "./fixtures";

test("a request appears in two open approval queues, and one approver's decision takes it out of the other's without a reload", async ({ as }) => {
  const justification = `Live queue ${Date.now()}`;
  const approver = await as("approver");
  const approver2 = await as("approver2");
  for (const page of [approver, approver2]) {
    await page.goto("/approvals");
    // A reload would start a new document and lose this mark.
    await page.evaluate(() => Object.assign(window, { __lapseSameDocument: true }));
  }
  const sameDocument = (page: typeof approver) => page.evaluate(() => (window as unknown as { __lapseSameDocument?: boolean }).__lapseSameDocument === true);

  const requester = await as("requester");
  await requester.goto("/requests");
  await requester.getByLabel("Resource").selectOption({ label: "Cloud account: analytics (AWS)" });
  await requester.getByLabel("Duration (minutes)").fill("5");
  await requester.getByLabel("Justification").fill(justification);
  await requester.getByRole("button", { name: "Request access" }).click();
  await expect(requester.getByRole("status", { name: "Request result" })).toContainText("Request sent");

  // Both open queues pick it up by themselves (they refresh every few seconds).
  const first = approver.getByRole("listitem").filter({ hasText: justification });
  const second = approver2.getByRole("listitem").filter({ hasText: justification });
  await expect(first).toBeVisible();
  await expect(second).toBeVisible();

  await first.getByRole("button", { name: "Approve" }).click();
  await expect(approver.getByRole("status", { name: "Decision result" })).toContainText("Approved");
  await expect(first).toHaveCount(0);
  // The other approver never reloads, and the request is gone from their queue within seconds.
  await expect(second).toHaveCount(0, { timeout: 10_000 });
  expect(await sameDocument(approver2)).toBe(true);
  expect(await sameDocument(approver)).toBe(true);

  // The requester's page shows the access without a reload either; they give it back, since the
  // analytics account's few live grants are shared by other specs.
  const card = requester.getByRole("listitem", { name: "Cloud account: analytics (AWS) (read-only)" }).first();
  await expect(card.getByText("active")).toBeVisible({ timeout: 15_000 });
  await card.getByRole("button", { name: /Give back access/ }).click();
  await card.getByRole("button", { name: "Yes, give it back" }).click();
  await expect(requester.getByRole("table", { name: "History" }).getByRole("row", { name: /Cloud account: analytics.*revoked/ }).first()).toBeVisible({ timeout: 15_000 });
});
