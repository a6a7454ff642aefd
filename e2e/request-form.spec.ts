// Bad input gets a clear message beside the field, nothing is written, and the form works
// from the keyboard.
import { expect, test } from "./fixtures";

test("out-of-policy terms are refused with an error next to each field, and nothing is created", async ({ as, shot }) => {
  const page = await as("requester");
  await page.goto("/requests");
  // Only this spec asks for the payments database, so other specs running meanwhile don't change the count.
  const pendingRows = page.getByRole("table", { name: "Pending requests" }).getByRole("row", { name: /Payments database/ });
  const before = await pendingRows.count();

  await page.getByLabel("Resource").selectOption({ label: "Payments database (production)" });
  await expect(page.getByLabel("Access level")).toHaveValue("read");
  await expect(page.getByLabel("Duration (minutes)")).toHaveValue("15"); // the policy's default
  await page.getByLabel("Duration (minutes)").fill("999");
  await page.getByLabel("Ticket reference").fill("");
  await page.getByRole("button", { name: "Request access" }).click();

  await expect(page.getByRole("alert", { name: "Request error" })).toHaveText("Some fields need attention.");
  await expect(page.locator("#durationMinutes-error")).toHaveText("At most 1 h for this resource.");
  await expect(page.locator("#ticket-error")).toHaveText("A ticket reference is required for this resource.");
  await expect(page.locator("#justification-error")).toHaveText("Say why you need this access.");
  await expect(page.getByLabel("Duration (minutes)")).toHaveAttribute("aria-invalid", "true");
  // What was entered stays, so it can be corrected.
  await expect(page.getByLabel("Duration (minutes)")).toHaveValue("999");
  await expect(page.getByLabel("Resource").locator("option:checked")).toHaveText("Payments database (production)");
  await shot(page, "request-form-errors");

  await page.getByLabel("Ticket reference").fill("TICKET-1");
  await page.getByRole("button", { name: "Request access" }).click();
  await expect(page.locator("#ticket-error")).toHaveText("Enter a change or incident number such as CHG-123 or INC-4567.");

  await page.reload();
  expect(await pendingRows.count()).toBe(before);

  // Corrected, it goes through, and the form starts over.
  await page.getByLabel("Resource").selectOption({ label: "Payments database (production)" });
  await page.getByLabel("Ticket reference").fill("CHG-1234");
  await page.getByLabel("Justification").fill(`Corrected ${Date.now()}`);
  await page.getByRole("button", { name: "Request access" }).click();
  await expect(page.getByRole("status", { name: "Request result" })).toContainText("Request sent");
  await expect(page.getByLabel("Resource")).toHaveValue("");
  await expect(pendingRows).toHaveCount(before + 1);
  // Editing again clears the outcome of the last submission.
  await page.getByLabel("Resource").selectOption({ label: "CI deploy role" });
  await expect(page.getByRole("status", { name: "Request result" })).toHaveCount(0);
});

test("the form can be filled and sent from the keyboard alone", async ({ as, shot }) => {
  const page = await as("requester");
  await page.goto("/requests");
  await page.getByLabel("Resource").focus();
  await page.keyboard.press("ArrowDown"); // the first resource
  await expect(page.getByLabel("Resource")).not.toHaveValue("");
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Access level")).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Duration (minutes)")).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByLabel(/Ticket reference/)).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByLabel(/Justification/)).toBeFocused();
  await page.keyboard.type(`Keyboard only ${Date.now()}`);
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Request access" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status", { name: "Request result" })).toContainText("Request sent");
});
