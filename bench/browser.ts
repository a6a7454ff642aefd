// Debian's Chromium driven by Playwright, signed in through Lapse's real sign-in form.
import fs from "node:fs";
import { chromium, type Browser, type BrowserContext } from "@playwright/test";

export const DEMO_PASSWORD = "lapse-demo";

export async function launch(): Promise<Browser> {
  const executablePath = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => fs.existsSync(p));
  return chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  });
}

/** A context signed in as `email`, with the browser cache off so every load is a first load. */
export async function signedIn(browser: Browser, baseURL: string, email: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, timezoneId: "Europe/Berlin", locale: "en-GB" });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
  await page.close();
  return context;
}

/** The Cookie header a signed-in context sends, for timing pages with plain HTTP requests. */
export async function cookieHeader(context: BrowserContext): Promise<string> {
  return (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
}
