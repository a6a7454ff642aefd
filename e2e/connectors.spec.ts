// Connectors in the browser: an admin puts the CI deploy role on the signed-token connector;
// a granted requester sees the token once, and it verifies against /.well-known/jwks.json.
// Outsiders are refused the connector pages.
import { createLocalJWKSet, jwtVerify } from "jose";
import { expect, test } from "./fixtures";

// Set for the e2e server by scripts/e2e-server.mjs.
const INTROSPECTION_SECRET = "e2e-introspection-secret-0123456789abcdef";

test("an admin configures a signed-token connector; the holder sees the token once and it verifies against the JWKS", async ({ as, page }) => {
  test.setTimeout(120_000);
  const admin = await as("admin");
  await admin.goto("/admin/connectors");
  await admin.getByRole("table", { name: "Connectors per resource" }).getByRole("link", { name: "CI deploy role" }).click();
  await expect(admin.getByRole("heading", { level: 1, name: "CI deploy role" })).toBeVisible();
  const kind = admin.getByLabel("Connector kind");
  if ((await kind.inputValue()) !== "signed-token") {
    await kind.selectOption("signed-token");
    await admin.getByLabel("Audience (aud)").fill("ci-deploy");
    await admin.getByRole("button", { name: "Save connector" }).click();
    await expect(admin.getByRole("status", { name: "Connector result" })).toContainText("Saved");
  }

  const justification = `Connectors e2e ${Date.now()}`;
  const requester = await as("requester");
  await requester.goto("/requests");
  await requester.getByLabel("Resource").selectOption({ label: "CI deploy role" });
  await requester.getByLabel("Justification").fill(justification);
  await requester.getByRole("button", { name: "Request access" }).click();
  await expect(requester.getByRole("status", { name: "Request result" })).toContainText("Request sent");

  const approver = await as("approver");
  await approver.goto("/approvals");
  const item = approver.getByRole("listitem").filter({ hasText: justification });
  await item.getByRole("button", { name: "Approve" }).click();
  await expect(approver.getByRole("status", { name: "Decision result" })).toContainText("Approved");

  const reveal = requester.getByRole("button", { name: "Show connection details for CI deploy role (once)" });
  await expect(reveal).toBeVisible({ timeout: 15_000 });
  await reveal.click();
  const token = (await requester.getByTestId("credential-token").textContent())!.trim();
  expect(token.split(".")).toHaveLength(3);

  const jwks = await (await page.request.get("/.well-known/jwks.json")).json();
  const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), { audience: "ci-deploy" });
  expect(payload).toMatchObject({ sub: "user:requester@lapse.test", access_level: "deploy" });

  // A resource server introspects it (RFC 7662): active now; without the shared secret, refused.
  const introspect = (auth?: string) =>
    page.request.post("/api/v1/introspect", { form: { token }, headers: auth ? { authorization: auth } : {} });
  expect((await introspect()).status()).toBe(401);
  expect(await (await introspect(`Bearer ${INTROSPECTION_SECRET}`)).json()).toMatchObject({ active: true, sub: "user:requester@lapse.test", access_level: "deploy" });

  // Once only: after a reload the details and the button are gone.
  await requester.reload();
  await expect(requester.getByRole("listitem", { name: "CI deploy role (deploy)" })).toBeVisible();
  await expect(reveal).toHaveCount(0);
  await requester.getByRole("listitem", { name: "CI deploy role (deploy)" }).getByRole("button", { name: /Give back access/ }).click();
  await requester.getByRole("button", { name: "Yes, give it back" }).click();
  // Given back: the token still verifies until exp, but introspection says inactive at once.
  await expect.poll(async () => (await (await introspect(`Bearer ${INTROSPECTION_SECRET}`)).json()).active).toBe(false);
});

test("outsiders are refused the connector pages", async ({ as }) => {
  for (const role of ["requester", "owner", "auditor"] as const) {
    const page = await as(role);
    expect((await page.goto("/admin/connectors"))?.status()).toBe(403);
    expect((await page.goto("/admin/connectors/ci-deploy-role"))?.status()).toBe(403);
  }
});
