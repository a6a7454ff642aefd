// The admin area: a fresh user is created, given roles and teams, disabled after a
// confirmation and enabled again; teams are created and edited; outsiders are refused every
// admin page and a replayed admin action. Demo accounts are never changed: other specs use them.
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

const stamp = () => `${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;

async function createUser(page: Page, email: string, name: string, options: { roles?: string[]; teams?: string[] } = {}) {
  await page.goto("/admin/users/new");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Name").fill(name);
  const roles = page.getByRole("group", { name: "Roles" });
  for (const role of options.roles ?? []) await roles.getByRole("checkbox", { name: new RegExp(`^${role}\\b`) }).check();
  const teams = page.getByRole("group", { name: "Teams" });
  for (const team of options.teams ?? []) await teams.getByRole("checkbox", { name: new RegExp(`^${team}\\b`) }).check();
  await page.getByRole("button", { name: "Create user" }).click();
  const created = page.getByRole("status", { name: "New user result" });
  await expect(created).toContainText(`Created ${email.toLowerCase()}.`);
  await expect(page.getByLabel("Email")).toHaveValue(""); // ready for the next person
  await created.getByRole("link", { name: "Open their page" }).click();
  await expect(page).toHaveURL(/\/admin\/users\/[0-9a-f-]{36}$/);
  return new URL(page.url()).pathname.split("/").pop()!;
}

test("an admin creates a user, sets roles and teams, disables and re-enables them", async ({ as, shot }) => {
  const page = await as("admin");
  const id = stamp();
  const email = `e2e-admin-${id}@example.test`;

  const userId = await createUser(page, email, `Erin ${id}`, { roles: ["Approver"], teams: ["DevOps"] });
  await expect(page.getByRole("heading", { level: 1, name: `Erin ${id}` })).toBeVisible();
  const rolesForm = page.getByRole("group", { name: "Roles" });
  await expect(rolesForm.getByRole("checkbox", { name: /^Requester\b/ })).toBeChecked(); // the default
  await expect(rolesForm.getByRole("checkbox", { name: /^Approver\b/ })).toBeChecked();
  await expect(page.getByRole("group", { name: "Teams" }).getByRole("checkbox", { name: /^DevOps\b/ })).toBeChecked();
  await expect(page.getByRole("table", { name: "Account history" }).getByRole("row", { name: /User created/ })).toBeVisible();

  // Roles: an auditor now, no longer an approver.
  await rolesForm.getByRole("checkbox", { name: /^Auditor\b/ }).check();
  await rolesForm.getByRole("checkbox", { name: /^Approver\b/ }).uncheck();
  await page.getByRole("button", { name: "Save roles" }).click();
  await expect(page.getByRole("status", { name: "Roles result" })).toHaveText("Roles saved: auditor, requester.");

  // Teams: IAM as well, by keyboard.
  const iam = page.getByRole("group", { name: "Teams" }).getByRole("checkbox", { name: /^IAM\b/ });
  await iam.focus();
  await page.keyboard.press("Space");
  await expect(iam).toBeChecked();
  await page.getByRole("button", { name: "Save teams" }).click();
  await expect(page.getByRole("status", { name: "Teams result" })).toHaveText("Teams saved: 2 teams.");

  await page.reload();
  await expect(page.getByRole("group", { name: "Roles" }).getByRole("checkbox", { name: /^Auditor\b/ })).toBeChecked();
  await expect(page.getByRole("group", { name: "Roles" }).getByRole("checkbox", { name: /^Approver\b/ })).not.toBeChecked();
  await expect(page.getByRole("group", { name: "Teams" }).getByRole("checkbox", { name: /^IAM\b/ })).toBeChecked();
  const history = page.getByRole("table", { name: "Account history" });
  await expect(history.getByRole("row", { name: /User roles changed/ })).toBeVisible();
  await expect(history.getByRole("row", { name: /User teams changed/ })).toBeVisible();
  await shot(page, "admin-user");

  // Disabling asks first, says what it ends, and can be backed out of.
  await page.getByRole("button", { name: "Disable account…" }).click();
  const confirm = page.getByRole("group", { name: "Disable this account?" });
  await expect(confirm.getByRole("heading", { name: "Disable this account?" })).toBeFocused();
  await expect(confirm).toContainText(`Disabling ${email} revokes 0 live grants and ends 0 pending requests at once.`);
  await shot(page, "admin-user-confirm-disable");
  await confirm.getByRole("button", { name: "Keep enabled" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByRole("button", { name: "Disable account…" })).toBeFocused();

  await page.getByRole("button", { name: "Disable account…" }).click();
  await confirm.getByRole("button", { name: "Disable and end access" }).click();
  await expect(page.getByRole("status", { name: "Account result" })).toHaveText(
    `Disabled ${email}: 0 live grants ended, 0 pending requests ended.`,
  );
  await expect(page.getByText("This account is disabled")).toBeVisible();
  await expect(history.getByRole("row", { name: /User disabled \(offboarded\)/ })).toBeVisible();
  await shot(page, "admin-user-disabled");

  await page.goto("/admin");
  await expect(page.getByRole("table", { name: "Users" }).getByRole("row", { name: new RegExp(`${email}.*auditor, requester.*DevOps, IAM.*disabled`) })).toBeVisible();
  await shot(page, "admin-users");

  await page.getByRole("link", { name: `Erin ${id}` }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/users/${userId}$`));
  await page.getByRole("button", { name: "Enable account" }).click();
  await expect(page.getByRole("status", { name: "Account result" })).toContainText(`Enabled ${email}.`);
  await expect(page.getByRole("button", { name: "Disable account…" })).toBeVisible();
});

test("the new-user form keeps what was typed and shows errors beside the fields", async ({ as, shot }) => {
  const page = await as("admin");
  await page.goto("/admin/users/new");
  await page.getByLabel("Email").fill("not an email");
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Email")).toHaveAccessibleDescription(/Enter a valid email address\./);
  await expect(page.getByLabel("Name")).toHaveAccessibleDescription(/Enter a name\./);
  await expect(page.getByLabel("Email")).toHaveValue("not an email");

  // A second account for a demo email, in another case, is refused on the email field.
  await page.getByLabel("Email").fill("REQUESTER@lapse.test");
  await page.getByLabel("Name").fill("Someone else");
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByLabel("Email")).toHaveAccessibleDescription(/An account with this email already exists\./);
  await expect(page).toHaveURL(/\/admin\/users\/new$/);
  await shot(page, "admin-new-user-errors");
});

test("an admin cannot disable themselves or drop their own admin role", async ({ as }) => {
  const page = await as("admin");
  await page.goto("/admin");
  await page.getByRole("table", { name: "Users" }).getByRole("link", { name: "Ada Admin" }).click();
  await expect(page.getByText("You cannot disable it yourself")).toBeVisible();
  await expect(page.getByRole("button", { name: "Disable account…" })).toHaveCount(0);
  const roles = page.getByRole("group", { name: "Roles" });
  await expect(roles.getByRole("checkbox", { name: /^Auditor\b/ })).toBeVisible();
  await expect(roles.getByRole("checkbox", { name: /^Admin\b/ })).toHaveCount(0);
  await expect(page.getByText("You keep the Admin role: nobody removes their own.")).toBeVisible();
});

test("an admin creates and edits a team; a taken slug is a field error", async ({ as, shot }) => {
  const page = await as("admin");
  const id = stamp();
  await page.goto("/admin/teams");
  const form = page.getByRole("region", { name: "New team" });
  await form.getByLabel("Name").fill(`Platform ${id}`);
  await expect(form.getByLabel("Slug")).toHaveValue(`platform-${id}`);
  await form.getByLabel("Function").selectOption({ label: "SRE" });
  await form.getByRole("button", { name: "Create team" }).click();
  await expect(page.getByRole("status", { name: "New team result" })).toHaveText(`Created team Platform ${id}.`);
  const teams = page.getByRole("table", { name: "Teams" });
  await expect(teams.getByRole("row", { name: new RegExp(`Platform ${id}.*platform-${id}.*SRE`) })).toBeVisible();
  await expect(form.getByLabel("Name")).toHaveValue("");

  await form.getByLabel("Name").fill(`Another ${id}`);
  await form.getByLabel("Slug").fill("devops");
  await form.getByLabel("Function").selectOption({ label: "Other" });
  await form.getByRole("button", { name: "Create team" }).click();
  await expect(form.getByLabel("Slug")).toHaveAccessibleDescription(/Another team already uses this slug\./);
  await shot(page, "admin-teams");

  await teams.getByRole("link", { name: `Platform ${id}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Platform ${id}` })).toBeVisible();
  const edit = page.getByRole("region", { name: "Edit team" });
  await edit.getByLabel("Function").selectOption({ label: "PAM" });
  await edit.getByRole("button", { name: "Save team" }).click();
  await expect(page.getByRole("status", { name: "Team result" })).toHaveText(`Saved team Platform ${id}.`);
  await shot(page, "admin-team-edit");
  await page.goto("/admin/teams");
  await expect(teams.getByRole("row", { name: new RegExp(`Platform ${id}.*PAM`) })).toBeVisible();
});

test("outsiders are refused every admin page and a replayed admin action", async ({ as }) => {
  const admin = await as("admin");
  const id = stamp();
  const email = `e2e-target-${id}@example.test`;
  const userId = await createUser(admin, email, `Target ${id}`);
  await admin.goto("/admin/teams");
  await admin.getByRole("table", { name: "Teams" }).getByRole("link", { name: "DevOps", exact: true }).click();
  const teamPath = new URL(admin.url()).pathname;

  for (const role of ["owner", "requester", "auditor"] as const) {
    const outsider = await as(role);
    for (const path of ["/admin", "/admin/teams", "/admin/users/new", `/admin/users/${userId}`, teamPath]) {
      const response = await outsider.goto(path);
      expect(response?.status(), `${role} on ${path}`).toBe(403);
      await expect(outsider.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
      await expect(outsider.getByText(email)).toHaveCount(0);
    }
  }

  // Capture the admin's real disable call, then replay it as the owner against another user.
  const other = await createUser(admin, `e2e-other-${id}@example.test`, `Other ${id}`);
  await admin.goto(`/admin/users/${userId}`);
  await admin.getByRole("button", { name: "Disable account…" }).click();
  const [call] = await Promise.all([
    admin.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]),
    admin.getByRole("button", { name: "Disable and end access" }).click(),
  ]);
  await expect(admin.getByRole("status", { name: "Account result" })).toContainText("Disabled");
  expect(JSON.parse(call.postData()!)).toEqual([userId]);

  const owner = await as("owner");
  const replay = await owner.context().request.post(new URL(call.url()).pathname, {
    headers: { "next-action": call.headers()["next-action"], "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" },
    data: JSON.stringify([other]),
  });
  expect(await replay.text()).toContain("Your roles do not allow this.");
  await admin.goto(`/admin/users/${other}`);
  await expect(admin.getByRole("button", { name: "Disable account…" })).toBeVisible();

  // An unknown or malformed user id is a 404 for the admin too.
  expect((await admin.goto("/admin/users/00000000-0000-4000-8000-000000000000"))?.status()).toBe(404);
  expect((await admin.goto("/admin/users/not-a-uuid"))?.status()).toBe(404);
  expect((await admin.goto("/admin/teams/not-a-uuid"))?.status()).toBe(404);
});
