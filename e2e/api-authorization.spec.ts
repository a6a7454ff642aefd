// The /api/v1 route handlers called over HTTP against the running production server, the way
// an attacker would call them: every operation in the OpenAPI document refuses a caller with
// no credentials or a forged token; with real personal tokens, each role reaches only what
// its permissions allow; a request that is not the caller's answers not-found. (Another
// requester's real request id is covered by the authorization matrix in test/integration.)
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test } from "./fixtures";

const NOWHERE = "00000000-0000-4000-8000-000000000000";

/** A personal API token made on the profile page, as the person would make one. */
async function personalToken(page: Page): Promise<string> {
  await page.goto("/profile");
  // Approvers also see the decision-token form, with its own Name field.
  const form = page.getByRole("form", { name: "New API token" });
  await form.getByLabel("Name").fill(`authz ${Date.now().toString(36)}`);
  await form.getByLabel("Lifetime (days)").fill("1");
  await form.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByRole("status", { name: "New token result" })).toContainText("shown only this once");
  return page.getByLabel("Your API token (shown once)").inputValue();
}

async function call(request: APIRequestContext, method: string, path: string, token: string | null, data?: unknown) {
  const response = await request.fetch(`/api/v1${path}`, {
    method,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    data: method === "GET" ? undefined : (data ?? {}),
  });
  return { status: response.status(), type: response.headers()["content-type"] ?? "", body: await response.text() };
}

test("every /api/v1 operation refuses a caller without credentials or with a forged token", async ({ request }) => {
  const doc = (await (await request.get("/api/v1/openapi.json")).json()) as { paths: Record<string, Record<string, unknown>> };
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path: path.replace(/\{\w+\}/g, NOWHERE) })));
  expect(operations.length).toBeGreaterThanOrEqual(11);
  const answers: string[] = [];
  for (const { method, path } of operations) {
    for (const token of [null, "lapse_pat_forgedforgedforgedforged", "not-a-token-at-all"]) {
      const answer = await call(request, method, path, token);
      answers.push(`${method} ${path} ${token ? "forged" : "anonymous"}: ${answer.status} ${answer.type.split(";")[0]}`);
    }
  }
  expect(answers.filter((a) => !a.endsWith(": 401 application/problem+json"))).toEqual([]);
});

test("with real tokens each role reaches only its own operations", async ({ as, request }) => {
  const requester = await personalToken(await as("requester"));
  const approver = await personalToken(await as("approver"));
  const auditor = await personalToken(await as("auditor"));

  const asked = await call(request, "POST", "/requests", requester, { resource: "aws-analytics", accessLevel: "read-only", duration: "PT5M", justification: `API authorization ${Date.now()}` });
  expect(asked.status, asked.body).toBe(201);
  const requestId = (JSON.parse(asked.body) as { id: string }).id;

  const expectations: [string, string, string, string | null, number][] = [
    // The requester: their own request, but no decisions, evidence or access checks.
    ["requester reads own request", "GET", `/requests/${requestId}`, requester, 200],
    ["requester reads a request that is not theirs", "GET", `/requests/${NOWHERE}`, requester, 404],
    ["requester approves own request", "POST", `/requests/${requestId}/approve`, requester, 403],
    ["requester verifies the audit chain", "GET", "/audit/verify", requester, 403],
    ["requester checks someone's access", "GET", `/access/check?principal=user:approver@lapse.test&resource=k8s-staging&level=view`, requester, 403],
    // An approver may decide, but cannot read or cancel the request as if it were theirs.
    ["approver reads the requester's request", "GET", `/requests/${requestId}`, approver, 403],
    ["approver cancels the requester's request", "POST", `/requests/${requestId}/cancel`, approver, 403],
    ["approver relinquishes a grant", "POST", `/grants/${NOWHERE}/relinquish`, approver, 403],
    ["approver verifies the audit chain", "GET", "/audit/verify", approver, 403],
    // An auditor reads evidence and checks access, and asks for nothing.
    ["auditor verifies the audit chain", "GET", "/audit/verify", auditor, 200],
    ["auditor checks someone's access", "GET", `/access/check?principal=user:requester@lapse.test&resource=k8s-staging&level=view`, auditor, 200],
    ["auditor asks for access", "POST", "/requests", auditor, 403],
    ["auditor approves", "POST", `/requests/${requestId}/approve`, auditor, 403],
  ];
  const got: string[] = [];
  for (const [label, method, path, token] of expectations) {
    const answer = await call(request, method, path, token, method === "POST" && path === "/requests" ? { resource: "k8s-staging", accessLevel: "view", duration: "PT5M", justification: "auditor" } : undefined);
    const shape = answer.status >= 400 && !answer.type.startsWith("application/problem+json") ? " (not problem+json)" : "";
    const leak = /\n\s+at /.test(answer.body) ? " (stack trace)" : "";
    got.push(`${label}: ${answer.status}${shape}${leak}`);
  }
  expect(got).toEqual(expectations.map(([label, , , , status]) => `${label}: ${status}`));
  // Leave the demo data as it was: the request is withdrawn by its requester.
  expect((await call(request, "POST", `/requests/${requestId}/cancel`, requester)).status).toBe(200);
});
