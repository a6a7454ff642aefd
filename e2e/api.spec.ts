// The machine API through the production server: an admin registers a workload identity and
// sees its API key once; the key authenticates against /api/v1 but a workload no policy names
// is refused; a person creates a personal token on their profile, uses it, and revokes it;
// the API docs page renders the OpenAPI document. Outsiders are refused the workloads page.
import { expect, test } from "./fixtures";

const stamp = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

test("an admin registers an API-key workload; its key works once shown, a policy must still name it", async ({ as, shot, request }) => {
  const page = await as("admin");
  const name = `e2e-wl-${stamp()}`;
  await page.goto("/admin/workloads");
  await expect(page.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name: "Workloads" })).toHaveAttribute("aria-current", "page");
  const form = page.getByRole("form", { name: "New workload identity" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Owner team").selectOption({ label: "DevOps" });
  await form.getByLabel(/An API key Lapse issues/).check();
  await form.getByLabel("Key lifetime (days)").fill("7");
  await form.getByLabel(/may call the access check/).check();
  await form.getByRole("button", { name: "Register workload identity" }).click();
  await expect(page.getByRole("status", { name: "New workload result" })).toContainText(`Registered workload:${name}`);
  const key = await page.getByLabel("API key (shown once)").inputValue();
  expect(key).toMatch(/^lapse_wlk_/);

  const table = page.getByRole("table", { name: "Workload identities" });
  for (const header of ["Principal", "Owner team", "Authenticates with", "Conditions", "Status", "Registered", "Actions"]) {
    await expect(table.getByRole("columnheader", { name: header })).toBeVisible();
  }
  const row = table.getByRole("row", { name: new RegExp(`workload:${name}`) });
  await expect(row).toContainText(key.slice(0, 16));
  await expect(row.getByRole("time").first()).toHaveText(/\d{2}:\d{2} (CET|CEST|GMT[+-]\d+)/);
  await shot(page, "admin-workloads");

  // The key authenticates; the workload is named by no policy, so it may not request.
  const auth = { authorization: `Bearer ${key}` };
  expect((await request.get("/api/v1/grants", { headers: auth })).status()).toBe(200);
  const refused = await request.post("/api/v1/requests", {
    headers: auth,
    data: { resource: "ci-deploy-role", accessLevel: "deploy", duration: "PT15M", justification: "e2e" },
  });
  expect(refused.status()).toBe(403);
  expect(refused.headers()["content-type"]).toBe("application/problem+json");
  expect((await refused.json()).type).toBe("https://lapse.dev/problems/not-eligible");
  const check = await request.get("/api/v1/access/check?principal=user:requester@lapse.test&resource=ci-deploy-role&level=deploy", { headers: auth });
  expect(check.status()).toBe(200);
  expect(await check.json()).toMatchObject({ allowed: expect.any(Boolean) });

  // An admin takes the access-check permission away again: the same key is refused the check.
  await row.getByText("Edit").click();
  const edit = row.getByRole("form", { name: `Edit ${name}` });
  await edit.getByLabel("May check access").uncheck();
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status", { name: `Edit result for ${name}` })).toContainText(`Saved workload:${name}`);
  await expect(row.getByText("may check access", { exact: true })).toHaveCount(0);
  expect((await request.get("/api/v1/access/check?principal=user:requester@lapse.test&resource=ci-deploy-role&level=deploy", { headers: auth })).status()).toBe(403);

  // Disabling it is offboarding: the key stops working at once.
  page.once("dialog", (dialog) => dialog.accept());
  await row.getByRole("button", { name: "Disable" }).click();
  await expect(row.getByText("disabled")).toBeVisible();
  expect((await request.get("/api/v1/grants", { headers: auth })).status()).toBe(401);
});

test("a person creates a personal API token, uses it, and revokes it", async ({ as, shot, request }) => {
  const page = await as("requester");
  await page.goto("/requests");
  await page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "API tokens" }).click();
  await expect(page).toHaveURL(/\/profile$/);
  const tokenName = `e2e ${stamp()}`;
  const form = page.getByRole("form", { name: "New API token" });
  await form.getByLabel("Name").fill(tokenName);
  await form.getByLabel("Lifetime (days)").fill("1");
  await form.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByRole("status", { name: "New token result" })).toContainText("shown only this once");
  const token = await page.getByLabel("Your API token (shown once)").inputValue();
  expect(token).toMatch(/^lapse_pat_/);
  const table = page.getByRole("table", { name: "Your API tokens" });
  for (const header of ["Name", "Token", "Created", "Expires", "Last used", "Status"]) await expect(table.getByRole("columnheader", { name: header })).toBeVisible();

  const auth = { authorization: `Bearer ${token}` };
  expect((await request.get("/api/v1/grants?live=true", { headers: auth })).status()).toBe(200);
  const bad = await request.post("/api/v1/requests", { headers: auth, data: { resource: "k8s-staging", accessLevel: "view", duration: "P1Y", justification: "e2e" } });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).errors.duration[0]).toMatch(/hours and minutes/);

  await page.reload();
  const row = table.getByRole("row", { name: new RegExp(tokenName) });
  await expect(row.getByRole("time").first()).toHaveText(/\d{2}:\d{2} (CET|CEST|GMT[+-]\d+)/);
  await shot(page, "profile-tokens");
  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(row.getByText("revoked")).toBeVisible();
  expect((await request.get("/api/v1/grants", { headers: auth })).status()).toBe(401);
});

test("an approver makes a decision token right after signing in and approves a request through the API with it", async ({ as, shot, request }) => {
  // The requester asks through the API with a personal token of their own.
  const requester = await as("requester");
  await requester.goto("/profile");
  const newToken = requester.getByRole("form", { name: "New API token" });
  await newToken.getByLabel("Name").fill(`e2e asker ${stamp()}`);
  await newToken.getByLabel("Lifetime (days)").fill("1");
  await newToken.getByRole("button", { name: "Create token" }).click();
  const askerToken = await requester.getByLabel("Your API token (shown once)").inputValue();
  const asked = await request.post("/api/v1/requests", {
    headers: { authorization: `Bearer ${askerToken}` },
    data: { resource: "aws-analytics", accessLevel: "read-only", duration: "PT15M", justification: "e2e decision token" },
  });
  expect(asked.status()).toBe(201);
  const { id } = await asked.json();

  // An ordinary token of the approver may not decide; a decision token may.
  const page = await as("approver");
  await page.goto("/profile");
  const card = page.getByRole("form", { name: "New decision token" });
  await expect(card).toContainText("Lasts until your sign-in is");
  await card.getByLabel("Name").fill(`e2e bot ${stamp()}`);
  await card.getByRole("button", { name: "Create decision token" }).click();
  await expect(page.getByRole("status", { name: "New decision token result" })).toContainText("shown only this once");
  const decisionToken = await page.getByLabel("Your decision token (shown once)").inputValue();
  expect(decisionToken).toMatch(/^lapse_pat_/);
  await page.reload();
  await expect(page.getByRole("table", { name: "Your API tokens" }).getByText("may decide").first()).toBeVisible();
  await shot(page, "profile-decision-token");

  const approved = await request.post(`/api/v1/requests/${id}/approve`, { headers: { authorization: `Bearer ${decisionToken}` }, data: { comment: "approved by the e2e bot" } });
  expect(approved.status()).toBe(200);
  const decided = await approved.json();
  expect(decided.status).toBe("approved");
  // Give the access straight back: the analytics account's few live grants are shared by other specs.
  const grants = await (await request.get("/api/v1/grants?live=true", { headers: { authorization: `Bearer ${askerToken}` } })).json();
  const grant = grants.grants.find((g: { requestId: string }) => g.requestId === id);
  expect((await request.post(`/api/v1/grants/${grant.id}/relinquish`, { headers: { authorization: `Bearer ${askerToken}` }, data: {} })).status()).toBe(200);
});

test("the API docs page renders every operation of the OpenAPI document", async ({ as, shot, request }) => {
  const doc = await (await request.get("/api/v1/openapi.json")).json();
  expect(doc.openapi).toBe("3.1.0");
  const page = await as("auditor");
  await page.goto("/audit");
  await page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "API docs" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Lapse API" })).toBeVisible();
  for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
    for (const method of Object.keys(methods)) {
      await expect(page.getByRole("heading", { name: `${method.toUpperCase()} /api/v1${path}`, exact: true })).toBeVisible();
    }
  }
  const body = page.getByRole("table", { name: "Request body of createRequest" });
  for (const header of ["Body field", "Type", "Required", "Notes"]) await expect(body.getByRole("columnheader", { name: header })).toBeVisible();
  await expect(body.getByRole("row", { name: /duration/ })).toContainText("PT15M");
  await shot(page, "api-docs");
});

test("outsiders are refused the workloads page", async ({ as }) => {
  for (const role of ["requester", "owner", "auditor"] as const) {
    const page = await as(role);
    const response = await page.goto("/admin/workloads");
    expect(response?.status(), role).toBe(403);
  }
});

test("the policy editor offers workload identities and claims required for auto-approval", async ({ as, shot }) => {
  const page = await as("owner");
  await page.goto("/owner/resources/ci-deploy-role/policy");
  await expect(page.getByRole("group", { name: /Workload identities who may request/ })).toBeVisible();
  await expect(page.getByLabel("Claims required for auto-approval")).toBeVisible();
  await shot(page, "policy-editor-workloads");
});
