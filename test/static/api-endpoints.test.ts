// Every /api/v1 operation reaches a permission-checked service function: its `run` calls a
// function exported from lib/ whose body calls authorize(actor, "…"). The one route file
// (app/api/v1/[...path]/route.ts) only authenticates and dispatches to these operations.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { guardedFunctions } from "../guarded-functions";

describe("API operations", () => {
  it("each reaches a permission-checked service function", async () => {
    const guarded = new Set(guardedFunctions().map((f) => f.name));
    const dir = path.resolve("lib/api/endpoints");
    const blocks = fs
      .readdirSync(dir)
      .filter((f) => f !== "index.ts")
      .flatMap((f) => {
        const source = fs.readFileSync(path.join(dir, f), "utf8");
        // A helper the endpoints share (const decide = …) counts as part of each that uses it.
        const helpers = [...source.matchAll(/^const (\w+) =[^\n]*\n(?:[ \t]+[^\n]*\n)*/gm)].map((m) => ({ name: m[1], body: m[0] }));
        return [...source.matchAll(/^export const (\w+) = defineEndpoint\(\{([\s\S]*?)^\}\);/gm)].map((m) => {
          const body = m[2] + helpers.filter((h) => new RegExp(`\\b${h.name}\\(`).test(m[2])).map((h) => h.body).join("\n");
          return { name: m[1], body };
        });
      });
    expect(blocks.length).toBeGreaterThanOrEqual(11);
    const unchecked = blocks.filter(({ body }) => ![...body.matchAll(/\b(\w+)\(/g)].some((call) => guarded.has(call[1]))).map((b) => b.name);
    expect(unchecked).toEqual([]);
  });

  it("are all served: the route file dispatches every one of them", async () => {
    const index = fs.readFileSync(path.resolve("lib/api/endpoints/index.ts"), "utf8");
    const defined = fs
      .readdirSync(path.resolve("lib/api/endpoints"))
      .flatMap((f) => [...fs.readFileSync(path.resolve("lib/api/endpoints", f), "utf8").matchAll(/^export const (\w+) = defineEndpoint/gm)].map((m) => m[1]));
    for (const name of defined) expect(index, name).toMatch(new RegExp(`\\b${name}\\b,`));
  });
});
