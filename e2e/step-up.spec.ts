// "Confirm it's you": re-entering the password on /confirm refreshes the session's sign-in
// time and returns to the page the person came from; a wrong password does not. (The refusal
// that links here needs a session older than the step-up window, which this run's server
// stretches, see scripts/e2e-server.mjs: that refusal is covered by test/integration/step-up.test.ts.)
import { expect, test } from "./fixtures";
import { DEMO_PASSWORD } from "./roles";

test("confirming it's you with the password returns to where you were; a wrong one is refused", async ({ as, shot }) => {
  const page = await as("approver2");
  await page.goto("/confirm?next=/approvals");
  await expect(page.getByRole("heading", { level: 1, name: "Confirm it's you" })).toBeVisible();

  await page.getByLabel("Password", { exact: true }).fill("not-the-password");
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByText("That password is not right.")).toBeVisible();
  await expect(page).toHaveURL(/\/confirm\?next=/);
  await shot(page, "step-up-1-wrong-password");

  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page).toHaveURL(/\/approvals$/);
  await expect(page.getByRole("heading", { level: 1, name: "Approvals" })).toBeVisible();
});

test("a return path to another site is not followed", async ({ as }) => {
  const page = await as("approver2");
  await page.goto("/confirm?next=//evil.example/steal");
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page).toHaveURL(/localhost:\d+\/[a-z]*$/);
  expect(new URL(page.url()).hostname).toBe("localhost");
});
