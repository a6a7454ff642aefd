// Finds the permission-checked service functions by reading lib/: every exported async
// function whose body calls authorize(actor, "<action>"). Shared by the tests that must
// cover every such function and every entry point that should reach one.
import fs from "node:fs";
import path from "node:path";
import type { Action } from "@/lib/auth/permissions";

export interface GuardedFunction {
  file: string;
  name: string;
  action: Action;
}

/**
 * Each exported function of a source file with its body (up to the next export). With
 * `anyConst`, every exported const counts (route handlers are often `export const GET = …`);
 * otherwise only consts holding an arrow function.
 */
export function exportedFunctions(source: string, options: { anyConst?: boolean } = {}): { name: string; body: string }[] {
  const pattern = options.anyConst
    ? /^export (?:async )?function (\w+)\s*[<(]|^export const (\w+) = /gm
    : /^export (?:async )?function (\w+)\s*[<(]|^export const (\w+) = (?:async\s*)?\(/gm;
  const starts = [...source.matchAll(pattern)];
  return starts.map((match, i) => ({ name: match[1] ?? match[2], body: source.slice(match.index, starts[i + 1]?.index ?? source.length) }));
}

export function sourceFiles(dir: string, accept: (file: string) => boolean): string[] {
  const found: string[] = [];
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (accept(full)) found.push(full);
    }
  };
  walk(path.resolve(dir));
  return found;
}

export function guardedFunctions(): GuardedFunction[] {
  return sourceFiles("lib", (f) => f.endsWith(".ts") && !f.endsWith(".test.ts")).flatMap((full) =>
    exportedFunctions(fs.readFileSync(full, "utf8")).flatMap(({ name, body }) => {
      const guard = /authorize\(actor, "([\w.-]+)"\)/.exec(body);
      return guard ? [{ file: path.relative(process.cwd(), full), name, action: guard[1] as Action }] : [];
    }),
  );
}
