// The server refuses what a role may not do, whatever the URL or the request: hidden
// navigation is a courtesy, not the check.
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

test("a requester sees only their own page and is refused approvals and audit", async ({ as }) => {
  const page = await as("requester");
  const context = page.context();
  await page.goto("/");
  await expect(page).toHaveURL(/\/requests$/);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link")).toHaveText(["My access"]);

  for (const path of ["/approvals", "/audit", "/owner", "/admin", "/audit/requests/00000000-0000-4000-8000-000000000000"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
    await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
  }

  const queue = await context.request.get("/api/ui/approval-queue");
  expect(queue.status()).toBe(403);
  expect(queue.headers()["content-type"]).toContain("application/problem+json");
});

test("without a session every page sends you to sign in, and data endpoints answer nothing", async ({ page }) => {
  const context = page.context();
  await page.goto("/approvals");
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  const data = await context.request.get("/api/ui/my-requests", { maxRedirects: 0 });
  expect([307, 401]).toContain(data.status());
  expect(await data.text()).not.toContain("requester@lapse.test");
});

test("a wrong password gets one generic message and no session", async ({ page }) => {
  await page.goto("/login");
  for (const email of ["requester@lapse.test", "nobody@lapse.test"]) {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("wrong password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert", { name: "Sign-in error" })).toHaveText("That email and password don't match an active account.");
  }
  await page.getByLabel("Email").fill("");
  await page.getByLabel("Password").fill("");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert", { name: "Sign-in error" })).toHaveText("Enter your email and your password.");
  await page.goto("/requests");
  await expect(page).toHaveURL(/\/login/);
});

test("a requester cannot approve by replaying the approve action with their own session", async ({ as }) => {
  const requester = await as("requester");
  const requesterContext = requester.context();
  const stamp = Date.now();
  const ask = async (justification: string) => {
    await requester.getByLabel("Resource").selectOption({ label: "Cloud account: analytics (AWS)" });
    await requester.getByLabel("Duration (minutes)").fill("5");
    await requester.getByLabel("Justification").fill(justification);
    await requester.getByRole("button", { name: "Request access" }).click();
    await expect(requester.getByRole("status", { name: "Request result" })).toContainText("Request sent");
  };
  await requester.goto("/requests");
  await ask(`Replay target A ${stamp}`);
  await ask(`Replay target B ${stamp}`);

  // An approver approves A; we keep the exact server-action call the browser made.
  const approver = await as("approver");
  await approver.goto("/approvals");
  const itemA = approver.getByRole("listitem").filter({ hasText: `Replay target A ${stamp}` });
  const itemB = approver.getByRole("listitem").filter({ hasText: `Replay target B ${stamp}` });
  const [call] = await Promise.all([
    approver.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]),
    itemA.getByRole("button", { name: "Approve" }).click(),
  ]);
  await expect(approver.getByRole("status", { name: "Decision result" })).toContainText("Approved");
  const args = JSON.parse(call.postData()!) as string[];
  const requestIdA = args[0];

  // B's id is on the approver's page; the requester replays the same action for B.
  const requestIdB = await itemB.getByRole("heading").getAttribute("id").then((id) => id!.replace(/^request-/, ""));
  expect(requestIdB).not.toBe(requestIdA);
  const replay = await requesterContext.request.post(new URL(call.url()).pathname, {
    headers: { "next-action": call.headers()["next-action"], "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" },
    data: JSON.stringify([requestIdB, "approve", "self-approved by replay"]),
  });
  expect(await replay.text()).toContain("Your roles do not allow this.");

  // B is still waiting for a real approver.
  await approver.reload();
  await expect(itemB).toBeVisible();
  await requester.reload();
  await expect(
    requester.getByRole("table", { name: "Pending requests" }).getByRole("row", { name: /Cloud account: analytics/ }),
  ).toHaveCount(1);
});

test("an approver of the resource who also requests it cannot decide their own request by replaying the action; the refusal is recorded", async ({ as }) => {
  // No demo account both requests and approves one resource, and the e2e server owns its
  // database, so the admin arranges one in the admin pages: approver2 (PAM, an approver team
  // of the analytics account) also gets the requester role and DevOps (its eligible team).
  // Both are taken away again at the end, whatever happens: other specs use the demo accounts.
  const admin = await as("admin");
  await admin.goto("/admin");
  await admin.getByRole("table", { name: "Users" }).getByRole("link", { name: "Parker Approver" }).click();
  await expect(admin).toHaveURL(/\/admin\/users\/[0-9a-f-]{36}$/);
  const alsoRequester = async (on: boolean) => {
    await admin.getByRole("group", { name: "Roles" }).getByRole("checkbox", { name: /^Requester\b/ }).setChecked(on);
    await admin.getByRole("button", { name: "Save roles" }).click();
    await expect(admin.getByRole("status", { name: "Roles result" })).toHaveText(on ? /^Roles saved: .*requester/ : "Roles saved: approver.");
    await admin.getByRole("group", { name: "Teams" }).getByRole("checkbox", { name: /^DevOps\b/ }).setChecked(on);
    await admin.getByRole("button", { name: "Save teams" }).click();
    await expect(admin.getByRole("status", { name: "Teams result" })).toHaveText(on ? "Teams saved: 2 teams." : "Teams saved: 1 team.");
  };

  await alsoRequester(true);
  try {
    const stamp = Date.now();
    const ask = async (page: Page, justification: string) => {
      await page.goto("/requests");
      await page.getByLabel("Resource").selectOption({ label: "Cloud account: analytics (AWS)" });
      await page.getByLabel("Duration (minutes)").fill("5");
      await page.getByLabel("Justification").fill(justification);
      await page.getByRole("button", { name: "Request access" }).click();
      await expect(page.getByRole("status", { name: "Request result" })).toContainText("Request sent");
    };
    const both = await as("approver2");
    await ask(await as("requester"), `Someone else's ${stamp}`);
    await ask(both, `My own ${stamp}`);

    // Their queue offers the requester's request, never their own; deciding the former gives us the action.
    await both.goto("/approvals");
    const others = both.getByRole("listitem").filter({ hasText: `Someone else's ${stamp}` });
    await expect(others).toBeVisible();
    await expect(both.getByRole("listitem").filter({ hasText: `My own ${stamp}` })).toHaveCount(0);
    const [call] = await Promise.all([
      both.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]),
      others.getByRole("button", { name: "Deny" }).click(),
    ]);
    await expect(both.getByRole("status", { name: "Decision result" })).toHaveText("Denied.");

    // Their own request's id, from their own pending list; the other approver sees it waiting.
    const pending = both.getByRole("table", { name: "Pending requests" }).getByRole("row", { name: /Cloud account: analytics/ });
    await both.goto("/requests");
    await expect(pending).toHaveCount(1);
    const ownId = (await pending.getAttribute("id"))!.replace(/^request-/, "");
    const approver = await as("approver");
    await approver.goto("/approvals");
    const own = approver.getByRole("listitem").filter({ hasText: `My own ${stamp}` });
    await expect(own.getByRole("heading")).toHaveAttribute("id", `request-${ownId}`);

    // Approve, then deny, their own request with their own session, straight at the server action.
    for (const decision of ["approve", "deny"]) {
      const replay = await both.context().request.post(new URL(call.url()).pathname, {
        headers: { "next-action": call.headers()["next-action"], "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" },
        data: JSON.stringify([ownId, decision, `self-${decision} by replay`]),
      });
      expect(await replay.text(), decision).toContain("You cannot decide your own request.");
    }

    // Still pending, still waiting for someone else.
    await approver.reload();
    await expect(own).toBeVisible();
    await both.reload();
    await expect(pending).toHaveCount(1);

    // Each refusal is on the request's audit timeline, by approver2; no decision is.
    const auditor = await as("auditor");
    await auditor.goto(`/audit/requests/${ownId}`);
    const events = auditor.getByRole("list", { name: "Timeline events" }).getByRole("listitem");
    await expect(events.filter({ hasText: "Refused: decision on own request" })).toHaveCount(2);
    for (const refusal of await events.filter({ hasText: "Refused: decision on own request" }).all()) {
      await expect(refusal).toContainText("approver2@lapse.test");
    }
    await expect(events.filter({ hasText: /Request (approved|denied)|Approval recorded/ })).toHaveCount(0);

    // Withdrawn, so nobody is left with it in their queue.
    await pending.getByRole("button", { name: "Cancel request for Cloud account: analytics (AWS)" }).click();
    await expect(pending).toHaveCount(0);
  } finally {
    await alsoRequester(false);
  }
});

// Every route handler outside /api/v1 (which e2e/api-authorization.spec.ts covers) that serves
// data, called directly: a signed-in requester is refused, and so is a caller with no session.
// Public by design, and not listed: sign-in, health, the JWKS and token introspection (which
// needs the shared secret).
const DATA_ROUTES = [
  "/audit/evidence-pack/download?from=2026-01-01&to=2026-12-31",
  "/audit/integrity/checkpoints",
  "/audit/reports/grants/export?format=csv",
  "/raci/export",
  "/api/ui/approval-queue",
  "/api/ui/extension-queue",
] as const;

test("data route handlers refuse a requester and an anonymous caller, and leak nothing", async ({ as, request }) => {
  const requester = (await as("requester")).context().request;
  const answers: string[] = [];
  for (const path of DATA_ROUTES) {
    const signedIn = await requester.get(path, { maxRedirects: 0 });
    const anonymous = await request.get(path, { maxRedirects: 0 });
    const anonymousRefused = anonymous.status() === 401 || (anonymous.status() >= 300 && anonymous.status() < 400 && /\/login/.test(anonymous.headers().location ?? ""));
    answers.push(`${path}: requester ${signedIn.status()}, anonymous ${anonymousRefused ? "refused" : anonymous.status()}`);
    for (const body of [await signedIn.text(), await anonymous.text()]) {
      expect(body, path).not.toContain("requester@lapse.test");
      expect(body, path).not.toMatch(/\n\s+at /);
    }
  }
  expect(answers).toEqual(DATA_ROUTES.map((path) => `${path}: requester 403, anonymous refused`));

  // Token introspection without its shared secret says nothing.
  const introspect = await request.post("/api/v1/introspect", { form: { token: "anything" } });
  expect(introspect.status()).toBe(401);
});
