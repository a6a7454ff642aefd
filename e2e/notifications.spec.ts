// Notifications in the portal: an approver learns of a new request from the unread count in
// the navigation and the notification list, opens it straight to the request and marks the
// rest read; a requester chooses what reaches them (email is not a channel without SMTP);
// team channels are for admins and the team's owners only.
import { expect, test } from "./fixtures";

test("an approver is told of a new request, opens it at the request, and marks everything read", async ({ as, shot }) => {
  const justification = `Notify ${Date.now()}: check the ingress logs`;
  const requester = await as("requester");
  await requester.goto("/requests");
  // Not the staging cluster: other specs hold its two live grants at times, and it would refuse a third.
  await requester.getByLabel("Resource").selectOption({ label: "Cloud account: analytics (AWS)" });
  await requester.getByLabel("Access level").selectOption("read-only");
  await requester.getByLabel("Duration (minutes)").fill("5");
  await requester.getByLabel("Justification").fill(justification);
  await requester.getByRole("button", { name: "Request access" }).click();
  await expect(requester.getByRole("status", { name: "Request result" })).toContainText("Request sent");
  // The requester is never asked to approve their own request.
  await requester.goto("/notifications");
  await expect(requester.getByRole("listitem").filter({ hasText: "Decision needed" })).toHaveCount(0);

  const approver = await as("approver");
  await approver.goto("/approvals");
  const bell = approver.getByRole("link", { name: /^Notifications, \d+ unread$/ });
  await expect(bell).toBeVisible();
  await expect(approver.getByTestId("unread-count")).toHaveText(/^\d+$/);
  await bell.click();
  await expect(approver).toHaveURL(/\/notifications$/);
  const list = approver.getByRole("list", { name: "Notifications" });
  const newest = list.getByRole("listitem").first();
  await expect(newest).toHaveAccessibleName("Unread: Decision needed: requester@lapse.test asks for read-only on Cloud account: analytics (AWS)");
  await expect(newest).toContainText(/(CET|CEST|GMT\+1|GMT\+2)/); // the time, in the viewer's zone
  await shot(approver, "notifications-1-list");

  // Keyboard: the Open button of the newest notification is reachable and works with Enter.
  await newest.getByRole("button", { name: /^Open: Decision needed/ }).focus();
  await approver.keyboard.press("Enter");
  await expect(approver).toHaveURL(/\/approvals#request-[0-9a-f-]{36}$/);
  const requestId = approver.url().split("#request-")[1];
  // The link's anchor is the request's heading in the queue.
  const item = approver.getByRole("listitem").filter({ has: approver.locator(`#request-${requestId}`) });
  await expect(item).toContainText(justification);

  await approver.goto("/notifications");
  await expect(list.getByRole("listitem").first()).toHaveAccessibleName(/^Decision needed: requester@lapse\.test/);
  const markAll = approver.getByRole("button", { name: "Mark all as read" });
  if (await markAll.isVisible()) await markAll.click();
  await expect(approver.getByRole("heading", { name: "All read" })).toBeVisible();
  await expect(approver.getByRole("link", { name: "Notifications, none unread" })).toBeVisible();
  await expect(approver.getByTestId("unread-count")).toHaveCount(0);

  // Withdrawn: the approver is told, so no stale "decide this" remains.
  await requester.goto("/requests");
  // The requester's own link to it (/requests#request-…) points at its row.
  await requester.locator(`#request-${requestId}`).getByRole("button", { name: /Cancel request/ }).click();
  await expect(requester.locator(`#request-${requestId}`)).toContainText("cancelled");
  await approver.goto("/notifications");
  await expect(list.getByRole("listitem").first()).toHaveAccessibleName("Unread: Withdrawn: requester@lapse.test's request for read-only on Cloud account: analytics (AWS)");
});

test("a requester chooses which notifications reach them; email is not a channel without a mail server", async ({ as, shot }) => {
  const requester = await as("requester");
  await requester.goto("/settings/notifications");
  await expect(requester.getByRole("heading", { name: "Notification settings", level: 1 })).toBeVisible();
  await expect(requester.getByRole("status", { name: "Email not configured" })).toContainText("no mail server is configured");
  const table = requester.getByRole("table", { name: "Which notifications reach you, and how" });
  await expect(table.getByRole("columnheader")).toHaveText(["Event", "In Lapse", "Email"]);
  // Only the events of the requester's role are offered.
  await expect(table.getByRole("row", { name: /A request waits for my decision/ })).toHaveCount(0);
  const granted = table.getByRole("checkbox", { name: "My access was granted: In Lapse" });
  await expect(granted).toBeChecked();
  await expect(table.getByRole("checkbox", { name: "My access was granted: Email" })).toBeDisabled();
  await shot(requester, "notifications-2-settings");

  await granted.uncheck();
  await requester.getByRole("button", { name: "Save notification settings" }).click();
  await expect(requester.getByRole("status", { name: "Notification settings result" })).toHaveText("Notification settings saved.");
  await requester.reload();
  await expect(table.getByRole("checkbox", { name: "My access was granted: In Lapse" })).not.toBeChecked();
  await expect(table.getByRole("checkbox", { name: "My access ends soon: In Lapse" })).toBeChecked();
  // Put it back for the other specs.
  await table.getByRole("checkbox", { name: "My access was granted: In Lapse" }).check();
  await requester.getByRole("button", { name: "Save notification settings" }).click();
  await expect(requester.getByRole("status", { name: "Notification settings result" })).toHaveText("Notification settings saved.");
});

test("team channels are set by the team's owners and admins; the chat URL is never shown back", async ({ as, shot }) => {
  const owner = await as("owner");
  await owner.goto("/settings/notifications");
  await owner.getByRole("list", { name: "Teams" }).getByRole("link", { name: "Security Platform" }).click();
  await expect(owner.getByRole("heading", { name: "Security Platform: channels" })).toBeVisible();
  const teamUrl = owner.url();
  await owner.getByLabel("Chat incoming webhook URL").fill("http://chat.example.com/hook");
  await owner.getByRole("button", { name: "Save team channels" }).click();
  await expect(owner.locator("#chatWebhookUrl-error")).toHaveText("The chat webhook URL must use https.");
  await shot(owner, "notifications-3-team-channels");

  // An approver may not open it, and a requester's settings page offers no team channels.
  const approver = await as("approver");
  const response = await approver.goto(teamUrl);
  expect(response?.status()).toBe(403);
  const requester = await as("requester");
  await requester.goto("/settings/notifications");
  await expect(requester.getByRole("heading", { name: "Team channels" })).toHaveCount(0);
});
