// Signs each demo role in once through the real sign-in form and saves the session, so
// every test starts signed in as the role it needs.
import { expect, test as setup } from "./fixtures";
import { DEMO_PASSWORD, ROLES, storageStatePath, type DemoRole } from "./roles";

for (const role of Object.keys(ROLES) as DemoRole[]) {
  setup(`sign in as ${role}`, async ({ page, server }) => {
    await page.goto("/login");
    await page.getByLabel("Email").fill(ROLES[role]);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    await page.context().storageState({ path: storageStatePath(server, role) });
  });
}
