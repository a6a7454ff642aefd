// Sessions live on the server: "Sign out everywhere" ends every sign-in of the person, so a
// browser still holding its cookie is sent to sign in; repeated wrong passwords are refused.
import { expect, test } from "./fixtures";
import { DEMO_PASSWORD, ROLES, storageStatePath } from "./roles";

test("signing out everywhere ends the person's other sessions too", async ({ browser, server, shot }) => {
  const signIn = async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByLabel("Email").fill(ROLES.owner2);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    return page;
  };
  const laptop = await signIn();
  const phone = await signIn();

  await laptop.getByRole("link", { name: /Oscar Owner/ }).click();
  await expect(laptop.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
  const open = laptop.getByRole("table", { name: "Open sessions" });
  await expect(open.getByRole("row")).not.toHaveCount(1); // more than the header row
  await expect(open.getByRole("row").nth(1)).toContainText(/(CET|CEST|GMT\+1|GMT\+2)/);
  await shot(laptop, "sessions-1-account");

  // The same server action posted from another site, with the phone's cookie (a CSRF attempt):
  // Next refuses it because the Origin is not Lapse's, and nothing is signed out.
  // The action's id is in the server-rendered form (a client-side render leaves it out).
  await laptop.reload();
  const actionField = await laptop.evaluate(() => document.querySelector('form input[type="hidden"][name^="$ACTION_ID_"]')?.getAttribute("name"));
  expect(actionField).toBeTruthy();
  // Posted the way a form without JavaScript posts it (multipart, the action's id as a field);
  // from Lapse's own origin this very request signs out (checked while writing this test).
  const forged = await phone.context().request.post("/account", {
    headers: { Origin: "https://evil.example" },
    multipart: { [actionField!]: "" },
    maxRedirects: 0,
  });
  expect(forged.status()).toBeGreaterThanOrEqual(400);
  await phone.goto("/account");
  await expect(phone.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();

  await laptop.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(laptop).toHaveURL(/\/login/);
  // The other browser still has its cookie, but the session it names is over.
  await phone.goto("/owner");
  await expect(phone).toHaveURL(/\/login/);
  expect((await phone.context().request.get("/api/ui/my-requests")).status()).toBe(401);

  // Other specs sign in as this person from the saved session: save a fresh one.
  const again = await signIn();
  await again.context().storageState({ path: storageStatePath(server, "owner2") });
  await Promise.all([laptop.context().close(), phone.context().close(), again.context().close()]);
});

test("after five wrong passwords for one email, sign-in is refused for a while, with the same words for any email", async ({ page, shot }) => {
  const email = `nobody-${Date.now()}@lapse.test`;
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  for (let i = 0; i < 5; i++) {
    await page.getByLabel("Password").fill(`wrong-${i}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert", { name: "Sign-in error" })).toContainText("don't match an active account");
  }
  await page.getByLabel("Password").fill("wrong-again");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Too many failed attempts. Wait 15 minutes, then try again.")).toBeVisible();
  await shot(page, "sessions-2-too-many");
});
