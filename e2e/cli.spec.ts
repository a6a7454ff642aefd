// The shipped CLI (the file package.json's "bin" installs, run as a program) against the
// production server: a person's API token, a request that waits while an approver approves
// it in the portal, exit 0 with the grant, and the resource's signed token written only to the
// credentials file, where it verifies against /.well-known/jwks.json. Then the grant is given back.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createLocalJWKSet, jwtVerify } from "jose";
import { expect, test } from "./fixtures";

const ROOT = path.resolve(__dirname, "..");
const CLI = path.resolve(ROOT, (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { bin: Record<string, string> }).bin.lapse);

function lapse(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // Only what the CLI needs: nothing of this process's environment leaks into it.
    execFile(CLI, args, { env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", ...env }, timeout: 90_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

test("a person's token and the shipped CLI get a grant once it is approved in the portal, with the signed token only in the file", async ({ as, baseURL, page }) => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(path.join(tmpdir(), "lapse-e2e-cli-"));
  try {
    // The CI deploy role on the signed-token connector, so a real credential is issued.
    const admin = await as("admin");
    await admin.goto("/admin/connectors/ci-deploy-role");
    const kind = admin.getByLabel("Connector kind");
    if ((await kind.inputValue()) !== "signed-token") {
      await kind.selectOption("signed-token");
      await admin.getByLabel("Audience (aud)").fill("ci-deploy");
      await admin.getByRole("button", { name: "Save connector" }).click();
      await expect(admin.getByRole("status", { name: "Connector result" })).toContainText("Saved");
    }

    const requester = await as("requester");
    await requester.goto("/profile");
    await requester.getByLabel("Name").fill(`cli e2e ${Date.now()}`);
    await requester.getByLabel("Lifetime (days)").fill("1");
    await requester.getByRole("button", { name: "Create token" }).click();
    const token = await requester.getByLabel("Your API token (shown once)").inputValue();
    expect(token).toMatch(/^lapse_pat_/);

    const env = { LAPSE_URL: baseURL!, LAPSE_TOKEN: token };
    const reason = `CLI e2e ${Date.now()}`;
    const file = path.join(dir, "credentials.json");
    const running = lapse(
      ["request", "--resource", "ci-deploy-role", "--level", "deploy", "--duration", "PT10M", "--reason", reason, "--timeout", "60", "--interval", "0.5", "--credentials-file", file],
      env,
    );

    // While the CLI waits, an approver approves in the portal.
    const approver = await as("approver");
    await approver.goto("/approvals");
    const item = approver.getByRole("listitem").filter({ hasText: reason });
    await expect(async () => {
      await approver.reload();
      await expect(item).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    await item.getByRole("button", { name: "Approve" }).click();
    await expect(approver.getByRole("status", { name: "Decision result" })).toContainText("Approved");

    const run = await running;
    expect(run.code, run.stderr).toBe(0);
    const grant = JSON.parse(run.stdout);
    expect(grant).toMatchObject({ status: "active", live: true, principal: "user:requester@lapse.test", accessLevel: "deploy", duration: "PT10M", resource: { slug: "ci-deploy-role" } });

    const written = JSON.parse(readFileSync(file, "utf8"));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(written.grant.id).toBe(grant.id);
    const credential = written.credentials.token as string;
    const jwks = await (await page.request.get("/.well-known/jwks.json")).json();
    const { payload } = await jwtVerify(credential, createLocalJWKSet(jwks), { audience: "ci-deploy" });
    expect(payload).toMatchObject({ sub: "user:requester@lapse.test", jti: grant.id, access_level: "deploy" });
    // What CI logs would keep: neither the credential nor the caller's own token.
    for (const secret of [credential, credential.split(".")[2], token]) {
      expect(run.stdout).not.toContain(secret);
      expect(run.stderr).not.toContain(secret);
    }

    const status = await lapse(["status"], env);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout).grants.map((g: { id: string }) => g.id)).toContain(grant.id);
    const given = await lapse(["relinquish", "--grant", grant.id], env);
    expect(given.code, given.stderr).toBe(0);
    await expect.poll(async () => JSON.parse((await lapse(["status"], env)).stdout).grants.map((g: { id: string }) => g.id)).not.toContain(grant.id);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
