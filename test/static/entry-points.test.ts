// Every way into Lapse from outside (server actions, route handlers) must reach a
// permission-checked service function: a new one that does not fails this suite, so it
// cannot be forgotten. The few routes that are public by design are listed with why.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { exportedFunctions, guardedFunctions, sourceFiles } from "../guarded-functions";

/** Entry points that are open on purpose, or authenticate the caller another way. */
const PUBLIC_BY_DESIGN: Record<string, string> = {
  "app/api/auth/[...nextauth]/route.ts#GET": "next-auth's own sign-in and sign-out endpoints",
  "app/api/auth/[...nextauth]/route.ts#POST": "next-auth's own sign-in and sign-out endpoints",
  "app/api/health/route.ts#GET": "health for load balancers: database kind and worker freshness, nothing about people or grants",
  "app/.well-known/jwks.json/route.ts#GET": "public keys for verifying Lapse-signed tokens; public by definition",
  "app/api/v1/[...path]/route.ts#GET": "authenticates the bearer token and dispatches to the /api/v1 operations, each checked by test/static/api-endpoints.test.ts",
  "app/api/v1/[...path]/route.ts#POST": "authenticates the bearer token and dispatches to the /api/v1 operations, each checked by test/static/api-endpoints.test.ts",
  "app/api/v1/introspect/route.ts#POST": "RFC 7662 introspection; the caller authenticates with the introspection secret (lib/tokens/introspection-auth.ts)",
};

const HANDLER = /^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)$/;
const SOURCE = /\.(ts|tsx|js|jsx|mjs)$/;
const ROUTE_FILE = /^route\.(ts|tsx|js|jsx|mjs)$/;

/** Code without its comments, so a guarded function's name in a comment is no call. */
const withoutComments = (source: string) => source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");

/** Every source file Lapse serves from or could mark "use server" in. */
function candidateFiles() {
  return ["app", "lib", "components"].flatMap((dir) => sourceFiles(dir, (f) => SOURCE.test(f) && !/\.test\.tsx?$/.test(f)));
}

function entryPoints() {
  return candidateFiles().flatMap((full) => {
    const file = path.relative(process.cwd(), full);
    const source = withoutComments(fs.readFileSync(full, "utf8"));
    const isRoute = file.startsWith("app/") && ROUTE_FILE.test(path.basename(file));
    const isActions = /^["']use server["'];?/m.test(source);
    if (!isRoute && !isActions) return [];
    // `export { handler as GET }`: the whole file is the handler's body.
    const aliased = [...source.matchAll(/\bas (GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\b/g)].map((m) => ({ name: m[1], body: source }));
    return [...exportedFunctions(source, { anyConst: true }), ...aliased]
      .filter(({ name }) => (isRoute ? HANDLER.test(name) : true))
      .map(({ name, body }) => ({ id: `${file}#${name}`, body }));
  });
}

describe("entry points", () => {
  const guarded = new Set(guardedFunctions().map((f) => f.name));

  it("finds the server actions and route handlers (so the check below covers them)", () => {
    const ids = entryPoints().map((e) => e.id);
    expect(ids).toContain("app/(portal)/approvals/actions.ts#decideRequestAction");
    expect(ids).toContain("app/api/ui/my-requests/route.ts#GET");
    expect(ids.length).toBeGreaterThan(25);
  });

  it("each calls a permission-checked service function, or is public by design with a reason", () => {
    const unchecked = entryPoints()
      .filter(({ id }) => !Object.hasOwn(PUBLIC_BY_DESIGN, id))
      .filter(({ body }) => ![...body.matchAll(/\b(\w+)\(/g)].some((call) => guarded.has(call[1])))
      .map(({ id }) => id);
    expect(unchecked).toEqual([]);
  });

  it("has no entry point this scan could not see: handlers re-exported from elsewhere, or server actions declared inside a function", () => {
    const hidden = candidateFiles().flatMap((full) => {
      const file = path.relative(process.cwd(), full);
      const source = withoutComments(fs.readFileSync(full, "utf8"));
      const problems: string[] = [];
      if (file.startsWith("app/") && ROUTE_FILE.test(path.basename(file)) && /^export\s*(\*|\{[^}]*\}\s*from)/m.test(source)) problems.push(`${file}: re-exports its handlers`);
      // Inline "use server" (indented, inside a function body) makes an action this scan cannot attribute.
      if (/^[ \t]+["']use server["']/m.test(source)) problems.push(`${file}: declares a server action inside a function`);
      return problems;
    });
    expect(hidden).toEqual([]);
  });

  it("lists no public entry point that no longer exists", () => {
    const ids = new Set(entryPoints().map((e) => e.id));
    expect(Object.keys(PUBLIC_BY_DESIGN).filter((id) => !ids.has(id))).toEqual([]);
  });
});
