// Sessions live on the server: "Sign out everywhere" ends every sign-in of the person, so a
// browser still holding its cookie is sent to sign in; a server action posted from another
// origin is refused while the same request from Lapse's own origin works; the session cookie is
// httpOnly and SameSite; repeated wrong passwords are refused, per account and per address, and
// a forged X-Forwarded-For does not buy an address a fresh count.
import http from "node:http";
import type { APIRequestContext, Browser, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { DEMO_PASSWORD, ROLES, storageStatePath } from "./roles";

async function signInAs(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  return page;
}

/** The id of the "Sign out everywhere" server action, from the server-rendered account page. */
async function signOutEverywhereActionField(page: Page): Promise<string> {
  await page.goto("/account");
  // A client-side render leaves the hidden field out; a fresh load has it.
  await page.reload();
  const field = await page.evaluate(() => document.querySelector('form input[type="hidden"][name^="$ACTION_ID_"]')?.getAttribute("name"));
  expect(field).toBeTruthy();
  return field!;
}

/**
 * "Sign out everywhere" posted the way a form without JavaScript posts it (multipart, the
 * action's id as a field), with the victim's cookie, from `origin`.
 */
const postSignOutEverywhere = (request: APIRequestContext, actionField: string, origin: string) =>
  request.post("/account", { headers: { Origin: origin }, multipart: { [actionField]: "" }, maxRedirects: 0 });

test("signing out everywhere ends the person's other sessions too", async ({ browser, server, shot }) => {
  const signIn = () => signInAs(browser, ROLES.owner2);
  const laptop = await signIn();
  const phone = await signIn();

  await laptop.getByRole("link", { name: /Oscar Owner/ }).click();
  await expect(laptop.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
  const open = laptop.getByRole("table", { name: "Open sessions" });
  await expect(open.getByRole("row")).not.toHaveCount(1); // more than the header row
  await expect(open.getByRole("row").nth(1)).toContainText(/(CET|CEST|GMT\+1|GMT\+2)/);
  await shot(laptop, "sessions-1-account");

  // The same server action posted from another site, with the phone's cookie (a CSRF attempt):
  // Next refuses it because the Origin is not Lapse's, and nothing is signed out. The next test
  // sends this very request from Lapse's own origin and it signs out.
  const actionField = await signOutEverywhereActionField(laptop);
  const forged = await postSignOutEverywhere(phone.context().request, actionField, "https://evil.example");
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

test("the same server action from Lapse's own origin does sign out everywhere (the control for the refusal above)", async ({ browser, server, baseURL }) => {
  const laptop = await signInAs(browser, ROLES.owner2);
  const phone = await signInAs(browser, ROLES.owner2);
  const actionField = await signOutEverywhereActionField(laptop);

  const sameOrigin = await postSignOutEverywhere(phone.context().request, actionField, new URL(baseURL!).origin);
  // The action redirects to sign in (303 for a form post without JavaScript).
  expect(sameOrigin.status()).toBe(303);
  expect(sameOrigin.headers()["location"]).toMatch(/\/login/);
  // It did what the button does: both sessions are over.
  await phone.goto("/owner");
  await expect(phone).toHaveURL(/\/login/);
  await laptop.goto("/owner");
  await expect(laptop).toHaveURL(/\/login/);
  expect((await laptop.context().request.get("/api/ui/my-requests")).status()).toBe(401);

  const again = await signInAs(browser, ROLES.owner2);
  await again.context().storageState({ path: storageStatePath(server, "owner2") });
  await Promise.all([laptop.context().close(), phone.context().close(), again.context().close()]);
});

test("the session cookie set on sign-in is httpOnly and SameSite=Lax", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(ROLES.auditor);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  const answer = page.waitForResponse((r) => r.url().includes("/api/auth/callback/credentials") && r.request().method() === "POST");
  await page.getByRole("button", { name: "Sign in" }).click();
  // The Set-Cookie header as the server sent it.
  const setCookies = (await (await answer).headersArray()).filter((h) => h.name.toLowerCase() === "set-cookie").map((h) => h.value);
  const session = setCookies.find((c) => /^(__Secure-)?next-auth\.session-token=/.test(c));
  expect(session, setCookies.join("\n")).toBeTruthy();
  expect(session).toMatch(/;\s*HttpOnly/i);
  expect(session).toMatch(/;\s*SameSite=Lax/i);
  expect(session).toMatch(/;\s*Path=\//i);
  // As the browser stored it. The e2e server is plain http on localhost, so not Secure here
  // (lib/auth/session-cookies.test.ts: an https NEXTAUTH_URL makes it Secure).
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  const stored = (await context.cookies()).find((c) => c.name === "next-auth.session-token");
  expect(stored).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false, path: "/" });
  // No script on the page can read it.
  expect(await page.evaluate(() => document.cookie)).not.toContain("session-token");
  await context.close();
});

/**
 * A password sign-in sent straight over HTTP from `localAddress` (any 127.x.y.z is this
 * machine, so each test can be a client of its own), with an optional X-Forwarded-For; answers
 * next-auth's error code (CredentialsSignin, TooManyAttempts) or "ok".
 */
async function signInFrom(baseURL: string, localAddress: string, email: string, password: string, forwardedFor?: string): Promise<string> {
  const { port } = new URL(baseURL);
  const call = (method: string, path: string, headers: Record<string, string>, body?: string) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
      const req = http.request({ host: "127.0.0.1", port, method, path, localAddress, headers: { host: `localhost:${port}`, ...headers } }, (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      });
      req.on("error", reject);
      req.end(body);
    });
  const csrf = await call("GET", "/api/auth/csrf", {});
  const cookie = (csrf.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
  const form = new URLSearchParams({ csrfToken: JSON.parse(csrf.body).csrfToken, email, password, json: "true" }).toString();
  const answer = await call("POST", "/api/auth/callback/credentials", {
    cookie,
    "content-type": "application/x-www-form-urlencoded",
    "content-length": String(Buffer.byteLength(form)),
    ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}),
  }, form);
  const url = new URL(JSON.parse(answer.body).url);
  return url.searchParams.get("error") ?? "ok";
}

test("a forged X-Forwarded-For does not give an address a fresh budget of failed sign-ins", async ({ baseURL }) => {
  // Two clients of their own, so no other spec shares (or is locked out with) their count.
  const octet = () => 2 + Math.floor(Math.random() * 250);
  const attacker = `127.${octet()}.${octet()}.${octet()}`;
  let bystander = `127.${octet()}.${octet()}.${octet()}`;
  while (bystander === attacker) bystander = `127.${octet()}.${octet()}.${octet()}`;
  const run = Date.now();

  // 20 failures from one machine (the per-address limit), spread over accounts so no account
  // reaches its own limit of 5, each claiming another address in X-Forwarded-For.
  for (let i = 0; i < 20; i++) {
    const email = `spray-${run}-${Math.floor(i / 4)}@lapse.test`;
    const forged = i % 2 ? `198.51.100.${i}` : `203.0.113.${i}, 192.0.2.${i}`;
    expect(await signInFrom(baseURL!, attacker, email, `wrong-${i}`, forged)).toBe("CredentialsSignin");
  }
  // A 21st, for a fresh account and with yet another forged address: still that machine, refused.
  expect(await signInFrom(baseURL!, attacker, `spray-${run}-fresh@lapse.test`, "wrong", "192.0.2.250")).toBe("TooManyAttempts");
  // Even with the right password: the limit refuses before any password is checked.
  expect(await signInFrom(baseURL!, attacker, ROLES.auditor, DEMO_PASSWORD, "192.0.2.251")).toBe("TooManyAttempts");
  // Another machine is not refused: the count is per address, not for everyone.
  expect(await signInFrom(baseURL!, bystander, `spray-${run}-other@lapse.test`, "wrong")).toBe("CredentialsSignin");
  expect(await signInFrom(baseURL!, bystander, ROLES.auditor, DEMO_PASSWORD)).toBe("ok");
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
