// Every page is served with a strict Content-Security-Policy whose nonce changes per response,
// and the app still works under it: the browser reports no violation while people sign in and
// use interactive pages (forms, live queues, charts).
import { expect, test } from "./fixtures";

test("pages carry a per-response CSP nonce and framing is refused; nothing the app does violates the policy", async ({ page, as }) => {
  const violations: string[] = [];
  const watch = (p: typeof page) =>
    p.on("console", (message) => {
      if (message.type() === "error" && /Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });

  watch(page);
  const first = await page.goto("/login");
  const policy = first!.headers()["content-security-policy"];
  expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'/);
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toContain("object-src 'none'");
  expect(policy).not.toContain("unsafe-eval");
  expect(first!.headers()["x-frame-options"]).toBe("DENY");
  expect(first!.headers()["x-content-type-options"]).toBe("nosniff");
  expect(first!.headers()["referrer-policy"]).toBe("same-origin");
  // Served over plain http here: no HSTS (it would pin a name that has no certificate).
  expect(first!.headers()["strict-transport-security"]).toBeUndefined();
  const second = await page.goto("/login");
  expect(second!.headers()["content-security-policy"]).not.toBe(policy);

  // Signing in needs the page's scripts: they run under the policy.
  await page.getByLabel("Email").fill("auditor@lapse.test");
  await page.getByLabel("Password").fill("lapse-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/audit/);

  for (const [role, path, ready] of [
    ["auditor", "/audit/overview", ".recharts-surface"],
    ["requester", "/requests", "form"],
    ["approver", "/approvals", "main"],
    ["owner", "/owner", "main"],
  ] as const) {
    const p = await as(role);
    watch(p);
    const response = await p.goto(path);
    expect(response!.headers()["content-security-policy"]).toContain("'strict-dynamic'");
    await expect(p.locator(ready).first()).toBeVisible();
    // Let the page's scripts load and run (queues poll, charts draw) before counting violations.
    await p.waitForLoadState("networkidle");
  }
  expect(violations).toEqual([]);
});
