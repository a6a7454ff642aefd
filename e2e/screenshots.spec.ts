// Screenshots of the main pages for people to look at (e2e/screenshots/, not committed).
import { test } from "@playwright/test";
import { storageState, type DemoRole } from "./roles";

const pages: [DemoRole, string, string][] = [
  ["requester", "/requests", "requests"],
  ["approver", "/approvals", "approvals"],
  ["auditor", "/audit", "audit"],
  ["owner", "/owner", "owner"],
  ["admin", "/admin", "admin"],
  ["requester", "/audit", "forbidden"],
];

for (const [role, path, name] of pages) {
  test(`screenshot ${name}`, async ({ browser }) => {
    const context = await browser.newContext({ storageState: storageState(role) });
    const page = await context.newPage();
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    await page.screenshot({ path: `e2e/screenshots/${name}.png`, fullPage: true });
    await context.close();
  });
}
