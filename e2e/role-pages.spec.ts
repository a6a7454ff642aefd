// Each role lands on its home page, sees exactly the navigation its roles allow, and is
// refused (403) every other portal page by the server.
import { expect, test } from "./fixtures";
import type { DemoRole } from "./roles";

const PAGES = { "/requests": "My access", "/approvals": "Approvals", "/owner": "Resources", "/raci": "RACI", "/controls": "Controls", "/audit": "Audit", "/admin": "Admin" } as const;
type PortalPath = keyof typeof PAGES;

// Each role's home page and every page its navigation offers; all other pages answer 403.
const HOME: Record<Exclude<DemoRole, "approver2" | "owner2">, { path: PortalPath; heading: string; pages: PortalPath[] }> = {
  requester: { path: "/requests", heading: "My access", pages: ["/requests"] },
  approver: { path: "/approvals", heading: "Approvals", pages: ["/approvals"] },
  owner: { path: "/owner", heading: "Resources you own", pages: ["/owner", "/raci", "/controls"] },
  auditor: { path: "/audit", heading: "Audit", pages: ["/raci", "/audit"] },
  admin: { path: "/admin", heading: "Admin", pages: ["/owner", "/raci", "/controls", "/admin"] },
};

for (const [role, home] of Object.entries(HOME) as [keyof typeof HOME, (typeof HOME)[keyof typeof HOME]][]) {
  test(`${role}: home page, navigation, and every other page refused`, async ({ as, shot }) => {
    const page = await as(role);
    await page.goto("/");
    await expect(page).toHaveURL(new RegExp(`${home.path}$`));
    await expect(page.getByRole("heading", { level: 1, name: home.heading })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link")).toHaveText(home.pages.map((p) => PAGES[p]));
    await shot(page, `home-${role}`);

    for (const path of (Object.keys(PAGES) as PortalPath[]).filter((p) => !home.pages.includes(p))) {
      const response = await page.goto(path);
      expect(response?.status(), `${role} on ${path}`).toBe(403);
    }
  });
}

test("the owner sees the demo resources with their current policy", async ({ as }) => {
  const page = await as("owner");
  await page.goto("/owner");
  const table = page.getByRole("table", { name: "Owned resources" });
  await expect(table.getByRole("row")).toHaveCount(6); // header + five resources
  await expect(table.getByRole("row", { name: /Payments database \(production\).*v1, dual approval/ })).toBeVisible();
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
