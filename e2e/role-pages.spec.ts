// Each role lands on its home page, sees exactly the navigation its roles allow, and is
// refused (403) every other portal page by the server.
import { expect, test } from "./fixtures";
import type { DemoRole } from "./roles";

const PAGES = { "/requests": "My access", "/approvals": "Approvals", "/owner": "Resources", "/audit": "Audit", "/admin": "Admin" } as const;
type PortalPath = keyof typeof PAGES;

const HOME: Record<Exclude<DemoRole, "approver2">, { path: PortalPath; heading: string }> = {
  requester: { path: "/requests", heading: "My access" },
  approver: { path: "/approvals", heading: "Approvals" },
  owner: { path: "/owner", heading: "Resources you own" },
  auditor: { path: "/audit", heading: "Audit" },
  admin: { path: "/admin", heading: "Admin" },
};

for (const [role, home] of Object.entries(HOME) as [keyof typeof HOME, (typeof HOME)[keyof typeof HOME]][]) {
  test(`${role}: home page, navigation, and every other page refused`, async ({ as, shot }) => {
    const page = await as(role);
    await page.goto("/");
    await expect(page).toHaveURL(new RegExp(`${home.path}$`));
    await expect(page.getByRole("heading", { level: 1, name: home.heading })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link")).toHaveText([PAGES[home.path]]);
    await shot(page, `home-${role}`);

    for (const path of Object.keys(PAGES).filter((p) => p !== home.path)) {
      const response = await page.goto(path);
      expect(response?.status(), `${role} on ${path}`).toBe(403);
    }
  });
}

test("the owner sees the demo resources with their current policy", async ({ as }) => {
  const page = await as("owner");
  await page.goto("/owner");
  const table = page.getByRole("table", { name: "Owned resources" });
  await expect(table.getByRole("row")).toHaveCount(5); // header + four resources
  await expect(table.getByRole("row", { name: /Payments database \(production\).*v1, single approval/ })).toBeVisible();
});

test("the admin sees every demo account with its roles and teams", async ({ as }) => {
  const page = await as("admin");
  await page.goto("/admin");
  const table = page.getByRole("table", { name: "Users" });
  await expect(table.getByRole("row", { name: /requester@lapse\.test.*requester.*DevOps/ })).toBeVisible();
  await expect(table.getByRole("row", { name: /approver2@lapse\.test.*approver.*PAM/ })).toBeVisible();
});

test("health reports the database and the worker's last sweep", async ({ request, server }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body).toMatchObject({ status: "ok", database: { kind: server === "embedded" ? "pglite" : "postgresql", ok: true }, worker: { ok: true } });
  expect(Date.parse(body.worker.lastSweepAt)).toBeGreaterThan(Date.now() - 60_000);
});
