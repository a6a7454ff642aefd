// Markup typed into a justification is text, wherever Lapse shows it: the approver's queue
// (rendered in the browser from JSON) and the auditor's timeline (rendered on the server) show
// the characters as typed, and no element the markup describes exists and no script of it runs.
// The check is on the page itself, not on the Content-Security-Policy, which would block an
// injected inline script even if it got into the page.
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

/** Collects every alert/confirm/prompt the page opens (there must be none). */
function watchDialogs(page: Page): string[] {
  const opened: string[] = [];
  page.on("dialog", (dialog) => {
    opened.push(dialog.message());
    void dialog.dismiss();
  });
  return opened;
}

/**
 * Nothing of the markup became part of the page: no such image, no script element made of it
 * (Next's own inline data scripts carry the text too, as an escaped string, which is fine), and
 * the injected script did not run.
 */
async function expectNoInjectedMarkup(page: Page) {
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await expect(page.locator("img[onerror]")).toHaveCount(0);
  expect(await page.evaluate(() => [...document.scripts].some((script) => script.textContent?.trim().startsWith("window.__xss")))).toBe(false);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
}

test("a justification full of markup reaches the approver's queue and the audit timeline as literal text", async ({ as, shot }) => {
  const marker = `xss-${Date.now()}`;
  const justification = `${marker} <img src=x onerror=alert(1)><script>window.__xss=1;alert("${marker}")</script>`;
  const comment = `<b>denied</b> <img src=x onerror=alert(2)>`;

  const requester = await as("requester");
  const requesterDialogs = watchDialogs(requester);
  await requester.goto("/requests");
  await requester.getByLabel("Resource").selectOption({ label: "Kubernetes cluster (staging)" });
  await requester.getByLabel("Access level").selectOption("view");
  await requester.getByLabel("Duration (minutes)").fill("30");
  await requester.getByLabel("Justification").fill(justification);
  await requester.getByRole("button", { name: "Request access" }).click();
  await expect(requester.getByRole("status", { name: "Request result" })).toContainText("Request sent");

  // The approver's queue: the justification word for word, as text.
  const approver = await as("approver");
  const approverDialogs = watchDialogs(approver);
  await approver.goto("/approvals");
  const item = approver.getByRole("listitem").filter({ hasText: marker });
  await expect(item).toBeVisible();
  await expect(item.getByText(justification, { exact: true })).toBeVisible();
  await expectNoInjectedMarkup(approver);
  await shot(approver, "hostile-text-1-queue");
  // Denied (so the request does not linger), with markup in the comment too.
  await item.getByLabel("Comment").fill(comment);
  await item.getByRole("button", { name: "Deny" }).click();
  await expect(approver.getByRole("status", { name: "Decision result" })).toBeVisible();
  await expect(item).toHaveCount(0);

  // The auditor's event list and the request's timeline.
  const auditor = await as("auditor");
  const auditorDialogs = watchDialogs(auditor);
  await auditor.goto("/audit?action=request.created");
  const created = auditor.getByRole("row").filter({ hasText: marker });
  await expect(created).toHaveCount(1);
  await expectNoInjectedMarkup(auditor);
  await created.getByRole("link", { name: /Timeline/ }).click();
  await expect(auditor.getByRole("heading", { level: 1, name: "Lifecycle timeline" })).toBeVisible();
  const summary = auditor.locator("dt", { hasText: /^Justification$/ }).locator("xpath=following-sibling::dd[1]");
  await expect(summary).toHaveText(justification);
  const events = auditor.getByRole("list", { name: "Timeline events" }).getByRole("listitem");
  await expect(events.filter({ hasText: "Request denied" })).toContainText(comment);
  await expectNoInjectedMarkup(auditor);
  await shot(auditor, "hostile-text-2-timeline");

  expect({ requesterDialogs, approverDialogs, auditorDialogs }).toEqual({ requesterDialogs: [], approverDialogs: [], auditorDialogs: [] });
});
