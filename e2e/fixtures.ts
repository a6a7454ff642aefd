// Fixtures every spec uses: which server this project runs against, pages signed in as a
// demo role (each in its own browser context), and screenshots filed per server.
import { test as base, type Page } from "@playwright/test";
import { storageStatePath, type DemoRole, type ServerName } from "./roles";

export { expect } from "@playwright/test";

interface Fixtures {
  server: ServerName;
  /** A new page in a fresh context signed in as `role`. */
  as: (role: DemoRole) => Promise<Page>;
  shot: (page: Page, name: string) => Promise<void>;
}

export const test = base.extend<Fixtures>({
  server: async ({}, use, testInfo) => {
    await use(testInfo.project.metadata.server as ServerName);
  },
  as: async ({ browser, server }, use) => {
    const contexts: Awaited<ReturnType<typeof browser.newContext>>[] = [];
    await use(async (role) => {
      const context = await browser.newContext({ storageState: storageStatePath(server, role) });
      contexts.push(context);
      return context.newPage();
    });
    await Promise.all(contexts.map((context) => context.close()));
  },
  shot: async ({ server }, use) => {
    await use(async (page, name) => {
      await page.screenshot({ path: `e2e/screenshots/${server}/${name}.png`, fullPage: true });
    });
  },
});
