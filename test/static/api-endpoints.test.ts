// Every /api/v1 operation reaches a permission-checked service function: its `run` calls a
// function exported from lib/ whose body calls authorize(actor, "…"). The one route file
// (app/api/v1/[...path]/route.ts) only authenticates and dispatches to these operations.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

function libFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? libFiles(full) : full.endsWith(".ts") && !full.endsWith(".test.ts") ? [full] : [];
  });
}

function guardedNames(): Set<string> {
  const names = new Set<string>();
  for (const file of libFiles(path.resolve("lib"))) {
    const source = fs.readFileSync(file, "utf8");
    const starts = [...source.matchAll(/^export (?:async )?function (\w+)\s*[<(]|^export const (\w+) = /gm)];
    starts.forEach((match, i) => {
      const body = source.slice(match.index, starts[i + 1]?.index ?? source.length);
      if (/authorize\(actor, "[\w.-]+"\)/.test(body)) names.add(match[1] ?? match[2]);
    });
  }
  return names;
}

describe("API operations", () => {
  it("each reaches a permission-checked service function", async () => {
    const guarded = guardedNames();
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
