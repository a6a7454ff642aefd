// The paths beyond approve-and-expire, in the browser: dual approval, break-glass with the
// owner team's review, giving access back, an owner's revoke, and the freeze kill switch.
import { expect, test } from "./fixtures";

test("dual approval needs two approvers; the owner can then revoke with a reason", async ({ as, shot }) => {
  const justification = `Dual ${Date.now()}: reconcile yesterday's settlements`;
  const requester = await as("requester");
  await requester.goto("/requests");
  await requester.getByLabel("Resource").selectOption({ label: "Payments database (production)" });
  await requester.getByLabel("Ticket reference").fill("CHG-2001");
  await requester.getByLabel("Justification").fill(justification);
  await requester.getByRole("button", { name: "Request access" }).click();
  await expect(requester.getByRole("status", { name: "Request result" })).toContainText("Request sent");

  const approver = await as("approver");
  await approver.goto("/approvals");
  const first = approver.getByRole("listitem").filter({ hasText: justification });
  await expect(first).toContainText("0 of 2 approvals");
  await first.getByRole("button", { name: "Approve" }).click();
  await expect(approver.getByRole("listitem").filter({ hasText: justification })).toHaveCount(0);

  const approver2 = await as("approver2");
  await approver2.goto("/approvals");
  const second = approver2.getByRole("listitem").filter({ hasText: justification });
  await expect(second).toContainText("1 of 2 approvals");
  await expect(second).toContainText("Approved so far by");
  await expect(second).toContainText("approver@lapse.test");
  await shot(approver2, "lifecycle-1-dual-second-approver");
  // The control owner already has the resource open: the new grant appears there by itself.
  const owner = await as("owner");
  await owner.goto("/owner/resources/payments-db-prod");
  const row = owner.getByRole("table", { name: "Current grants" }).getByRole("row", { name: /requester@lapse\.test/ });
  await expect(row).toHaveCount(0);
  await second.getByRole("button", { name: "Approve" }).click();

  const card = requester.getByRole("listitem", { name: "Payments database (production) (read)" });
  await expect(card.getByText("active")).toBeVisible({ timeout: 15_000 });
  await expect(row).toBeVisible({ timeout: 15_000 });

  // The control owner revokes it with a reason; the holder's access ends.
  await row.getByRole("button", { name: "Revoke" }).click();
  await row.getByRole("button", { name: "Revoke now" }).click();
  await expect(row.getByText("Say why you are revoking this access.")).toBeVisible();
  await row.getByPlaceholder(/Why revoke/).fill("Reconciliation done early");
  await row.getByRole("button", { name: "Revoke now" }).click();
  await expect(owner.getByRole("table", { name: "Current grants" })).toHaveCount(0);
  await expect(card).toHaveCount(0, { timeout: 15_000 });
});

test("break-glass gives access at once, the owner team reviews it, and the holder gives it back", async ({ as, shot }) => {
  const justification = `Break-glass ${Date.now()}: payments API failing, INC-4242`;
  const requester = await as("requester");
  await requester.goto("/requests");
  await requester.getByLabel("Resource").selectOption({ label: "Payments database (production)" });
  await requester.getByLabel("Access level").selectOption("admin");
  await requester.getByLabel("Ticket reference").fill("INC-4242");
  await requester.getByLabel("Justification").fill(justification);
  await requester.getByLabel(/Break glass: take access now/).check();
  await requester.getByRole("button", { name: "Break glass now" }).click();
  await expect(requester.getByRole("status", { name: "Request result" })).toContainText("Glass broken");
  const card = requester.getByRole("listitem", { name: "Payments database (production) (admin)" });
  await expect(card.getByText("break-glass")).toBeVisible();
  await expect(card.getByText("active")).toBeVisible({ timeout: 15_000 });
  await shot(requester, "lifecycle-2-break-glass-active");

  const owner = await as("owner");
  await owner.goto("/owner");
  await expect(owner.getByRole("row", { name: /Payments database \(production\)/ })).toContainText("break-glass to review");
  await owner.goto("/owner/resources/payments-db-prod");
  const review = owner.getByRole("group", { name: "Review break-glass by requester@lapse.test" });
  await review.getByRole("button", { name: "Escalate" }).click();
  await expect(review.getByText("Say why you escalate: what must happen next.")).toBeVisible();
  await shot(owner, "lifecycle-3-break-glass-review");
  await review.getByLabel("Review comment").fill("Incident INC-4242 confirmed by the on-call lead");
  await review.getByRole("button", { name: "Accept" }).click();
  await expect(owner.getByRole("table", { name: "Reviewed break-glass grants" }).getByRole("row", { name: /requester@lapse\.test.*accepted/ })).toBeVisible();

  // The holder gives it back before its time.
  await card.getByRole("button", { name: /Give back access/ }).click();
  await card.getByRole("button", { name: "Yes, give it back" }).click();
  await expect(card).toHaveCount(0, { timeout: 15_000 });
  await expect(requester.getByRole("table", { name: "History" }).getByRole("row", { name: /Payments database.*revoked/ }).first()).toBeVisible();
});

test("freezing a resource stops requests until it is unfrozen; a requester cannot freeze", async ({ as, shot }) => {
  const owner = await as("owner");
  await owner.goto("/owner/resources/aws-analytics");
  await owner.getByRole("button", { name: "Freeze resource" }).click();
  await owner.getByLabel("Why freeze it (e.g. incident INC-123)").fill("Credential leak drill");
  await owner.getByRole("button", { name: "Freeze now" }).click();
  await expect(owner.getByRole("region", { name: "Kill switch" })).toContainText("Credential leak drill");
  await shot(owner, "lifecycle-4-frozen");

  const requester = await as("requester");
  await requester.goto("/requests");
  await requester.getByLabel("Resource").selectOption({ label: "Cloud account: analytics (AWS) (frozen)" });
  await expect(requester.getByRole("alert", { name: "Resource blocked" })).toContainText("frozen (Credential leak drill)");
  await expect(requester.getByRole("button", { name: "Request access" })).toBeDisabled();
  expect((await requester.goto("/owner/resources/aws-analytics"))?.status()).toBe(403);

  await owner.getByRole("button", { name: "Unfreeze" }).click();
  await expect(owner.getByRole("region", { name: "Kill switch" })).toContainText("accepting requests");
});
