// `npm run bench`: generates the data set, measures Lapse against the PostgreSQL baseline in
// one run, prints the table and writes bench/RESULTS.md. `npm run bench -- api expiry` runs
// only those parts (on the data set of the last full run, kept in bench/.world.json).
import fs from "node:fs";
import path from "node:path";
import { checkLoad, floorLoad, requestLoad, type HttpFigures } from "./api-load";
import { runBaseline, type BaselineFigures } from "./baseline";
import { cookieHeader, launch, signedIn } from "./browser";
import { BENCH, machine } from "./config";
import { measureEvidence, type EvidenceFigures } from "./evidence";
import { expirePostgresRoles, expireRecordOnly, type ExpiryFigures } from "./expiry";
import { generate, type BenchWorld } from "./generate";
import { measurePages, type PageWeight } from "./pages";
import { renderResults } from "./results";
import { ensureProductionBuild, startServer } from "./server";

const WORLD = path.join(process.cwd(), "bench", ".world.json");
const STEPS = ["api", "evidence", "pages", "expiry"] as const;
type Step = (typeof STEPS)[number];

export interface BenchResults {
  date: string;
  machine: string;
  world: Pick<BenchWorld, "counts" | "seconds">;
  api?: { baseline: BaselineFigures; floor32: HttpFigures; request32: HttpFigures; request4: HttpFigures; check32: HttpFigures; check4: HttpFigures };
  evidence?: EvidenceFigures;
  pages?: PageWeight[];
  expiry?: ExpiryFigures[];
}

function loadWorld(): BenchWorld | null {
  if (!fs.existsSync(WORLD)) return null;
  const world = JSON.parse(fs.readFileSync(WORLD, "utf8")) as BenchWorld;
  return { ...world, now: new Date(world.now) };
}

async function main() {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((a) => !STEPS.includes(a as Step));
  if (unknown.length) throw new Error(`unknown part ${unknown.join(", ")}: choose from ${STEPS.join(", ")}`);
  const steps = new Set<Step>(asked.length ? (asked as Step[]) : STEPS);
  const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

  let world = asked.length ? loadWorld() : null;
  if (!world) {
    log(`generating the data set (scale ${BENCH.scale}) in database ${BENCH.database}`);
    world = await generate();
    fs.writeFileSync(WORLD, JSON.stringify(world), { mode: 0o600 });
  }
  log(`data set: ${JSON.stringify(world.counts)}`);
  const results: BenchResults = { date: new Date().toISOString(), machine: machine(), world: { counts: world.counts, seconds: world.seconds } };

  ensureProductionBuild();
  if (steps.has("api")) {
    log("baseline: the same SQL from postgres.js, no HTTP");
    const baseline = await runBaseline(world, BENCH.loadSeconds);
    log("Lapse over HTTP (autocannon)");
    const server = await startServer({ LAPSE_API_RATE_LIMIT_EXEMPT: "workload:bench-wl-*" });
    try {
      await requestLoad(server.url, world, 4, 3); // warm up
      await checkLoad(server.url, world, 4, 3);
      results.api = {
        baseline,
        floor32: await floorLoad(server.url, 32, BENCH.loadSeconds),
        request32: await requestLoad(server.url, world, 32, BENCH.loadSeconds),
        request4: await requestLoad(server.url, world, 4, BENCH.loadSeconds),
        check32: await checkLoad(server.url, world, 32, BENCH.loadSeconds),
        check4: await checkLoad(server.url, world, 4, BENCH.loadSeconds),
      };
    } finally {
      await server.stop();
    }
  }
  if (steps.has("evidence") || steps.has("pages")) {
    const server = await startServer();
    const browser = await launch().catch(async (error: unknown) => {
      await server.stop();
      throw error;
    });
    try {
      if (steps.has("evidence")) {
        log("evidence: audit pages, CSV export, chain verification");
        const auditor = await signedIn(browser, server.url, "auditor@lapse.test");
        results.evidence = await measureEvidence(server, await cookieHeader(auditor));
        await auditor.close();
      }
      if (steps.has("pages")) {
        log("pages: JavaScript loaded per route");
        results.pages = await measurePages(browser, server.url);
      }
    } finally {
      await browser.close();
      await server.stop();
    }
  }
  if (steps.has("expiry")) {
    log(`expiry: ${BENCH.dueAtOnce} grants due in the same second, record-only connector`);
    const expiry = [await expireRecordOnly(BENCH.dueAtOnce, 1, 5_000), await expireRecordOnly(BENCH.dueAtOnce, 2, 5_000)];
    log(`expiry: ${BENCH.roleConnectorDue} grants due at once, PostgreSQL role connector`);
    expiry.push(await expirePostgresRoles(BENCH.roleConnectorDue, 2, 5_000));
    results.expiry = expiry;
  }

  const markdown = renderResults(results);
  console.log(`\n${markdown}`);
  // A partial run reports only what it measured; the committed file comes from a full run.
  const file = path.join(process.cwd(), "bench", asked.length ? "RESULTS.partial.md" : "RESULTS.md");
  fs.writeFileSync(file, markdown);
  log(`written to ${path.relative(process.cwd(), file)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
