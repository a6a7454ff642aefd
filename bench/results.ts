// Renders one benchmark run as bench/RESULTS.md: every figure beside its target and the
// command that reproduces it. Ratios compare figures measured in the same run, on the same
// machine, since absolute times on two shared cores say little on their own.
import type { BenchResults } from "./run";
import { fmt, mb } from "./stats";

const ms = (n: number) => `${fmt(n, n < 10 ? 1 : 0)} ms`;
const perSecond = (n: number) => `${fmt(n)}/s`;
const percent = (part: number, whole: number) => (whole > 0 ? `${fmt((100 * part) / whole)} %` : "—");
const verdict = (ok: boolean) => (ok ? "met" : "**not met**");
const kB = (bytes: number) => `${fmt(bytes / 1024, 1)} kB`;

function table(head: string[], rows: (string | number)[][]): string {
  return [`| ${head.join(" | ")} |`, `| ${head.map(() => "---").join(" | ")} |`, ...rows.map((row) => `| ${row.join(" | ")} |`)].join("\n");
}

function apiSection(api: NonNullable<BenchResults["api"]>): string {
  const { baseline } = api;
  const requestRatio = api.request32.perSecond / baseline.requestThroughput.perSecond;
  const checkRatio = api.check32.perSecond / baseline.checkThroughput.perSecond;
  const chainShare = baseline.requestThroughput.perSecond / baseline.requestUnchainedThroughput.perSecond;
  return [
    "## API against the physical limit",
    "",
    "Baseline: the same SQL as one auto-approved request → grant → audit events (and one access check), sent by",
    "postgres.js straight to the database, no HTTP, no Lapse. Lapse: its `/api/v1` over HTTP (production build,",
    "autocannon), authenticated as workload identities with API keys. Throughput at 32 connections, latency at 4.",
    "",
    table(
      ["Operation", "Baseline /s", "Lapse /s", "Lapse ÷ baseline", "Target", "Lapse p50 @4", "Lapse p99 @4", "Baseline p99 @4", "Lapse errors"],
      [
        [
          "request → grant",
          fmt(baseline.requestThroughput.perSecond),
          fmt(api.request32.perSecond),
          percent(api.request32.perSecond, baseline.requestThroughput.perSecond),
          `≥ 50 %: ${verdict(requestRatio >= 0.5)}`,
          ms(api.request4.p50Ms),
          ms(api.request4.p99Ms),
          ms(baseline.requestLatency.p99Ms),
          api.request32.failed + api.request4.failed,
        ],
        [
          "access check",
          fmt(baseline.checkThroughput.perSecond),
          fmt(api.check32.perSecond),
          percent(api.check32.perSecond, baseline.checkThroughput.perSecond),
          `≥ 50 % and p99 < 10 ms: ${verdict(checkRatio >= 0.5 && api.check4.p99Ms < 10)}`,
          ms(api.check4.p50Ms),
          ms(api.check4.p99Ms),
          ms(baseline.checkLatency.p99Ms),
          api.check32.failed + api.check4.failed,
        ],
      ],
    ),
    "",
    `**The HTTP floor.** The same server answering an unknown \`/api/v1\` path (404 from the API pipeline, before`,
    `authentication or any database call) serves ${perSecond(api.floor32.perSecond)} at 32 connections (p50 ${ms(api.floor32.p50Ms)}):`,
    "what one request through Next costs on this machine, load generator included. No operation over HTTP can",
    `beat it; the access-check target (50 % of the baseline, ${perSecond(baseline.checkThroughput.perSecond / 2)}) is ${api.floor32.perSecond >= baseline.checkThroughput.perSecond / 2 ? "within" : "**beyond**"} it.`,
    "",
    `**The serialised audit chain.** The baseline's request → grant with the chain (advisory lock, read the head,`,
    `hash, insert) reaches ${perSecond(baseline.requestThroughput.perSecond)}; the same work writing its events`,
    `without the chain reaches ${perSecond(baseline.requestUnchainedThroughput.perSecond)}.`,
    ...(chainShare < 0.95
      ? [
          `The chain keeps ${percent(chainShare, 1)} of the unchained write throughput: that is the price of one gapless, fork-free order`,
          "of events, and the ceiling every writer shares whatever the number of app instances.",
        ]
      : [
          `The two are within this run's noise of each other (${percent(chainShare, 1)}): at this load the chain's lock is not what`,
          "limits writes (rerun `npm run bench -- api` to see it again); it stays the ceiling every writer shares as load grows.",
        ]),
    "",
    "Reproduce: `npm run bench -- api` (after one full run has generated the data).",
  ].join("\n");
}

function expirySection(expiry: NonNullable<BenchResults["expiry"]>): string {
  return [
    "## Expiry: many grants due in the same second",
    "",
    "Live grants picked at random among the live ones are made due at the same instant; worker processes",
    "(`npm run worker`, as deployed) end them: revoke, verify, record, one audit event each. Measured from the",
    "database (`ended_at − expires_at`). The noop target is the record-only connector; the PostgreSQL role",
    "connector drops a real login role per grant on a separate PostgreSQL server and reads `pg_roles` back.",
    "",
    table(
      ["Connector", "Due at once", "Workers", "All ended after", "Lag p50", "Lag p99", "Lag max", "Ended once, one event each", "Target (noop: all in 10 s, p99 < 2 s)"],
      expiry.map((e) => [
        e.connector,
        fmt(e.due),
        e.workers,
        `${fmt(e.allEndedSeconds, 1)} s`,
        ms(e.lagP50Ms),
        ms(e.lagP99Ms),
        ms(e.lagMaxMs),
        e.endedOnce ? "yes" : `**no** (${fmt(e.eventsPerGrant, 2)} events per grant)`,
        e.connector === "record-only" ? verdict(e.allEndedSeconds <= 10 && e.lagP99Ms < 2_000) : "no target (a network round trip per grant)",
      ]),
    ),
    "",
    "Reproduce: `npm run bench -- expiry`.",
  ].join("\n");
}

function evidenceSection(evidence: NonNullable<BenchResults["evidence"]>): string {
  const growth = evidence.export.rssPeakBytes - evidence.export.rssBeforeBytes;
  return [
    `## Evidence at ${fmt(evidence.events)} audit events`,
    "",
    "Server time of each page (full HTML response over loopback, median of 7 after a warm-up), signed in as",
    "the auditor. `/audit?before=…` is the 1,000th keyset page.",
    "",
    table(
      ["Page", "Median", "Max", "Target < 300 ms"],
      evidence.pages.map((p) => [`\`${p.path}\``, ms(p.medianMs), ms(p.maxMs), verdict(p.maxMs < 300)]),
    ),
    "",
    table(
      ["Measure", "Figure", "Target"],
      [
        ["CSV export of every event", `${fmt(evidence.export.rows)} rows, ${fmt(evidence.export.megabytes)} MB in ${fmt(evidence.export.seconds, 1)} s = ${perSecond(evidence.export.rowsPerSecond)}`, `≥ 100,000 rows/s: ${verdict(evidence.export.rowsPerSecond >= 100_000)}`],
        ["Server memory during the export", `${mb(evidence.export.rssBeforeBytes)} before, ${mb(evidence.export.rssPeakBytes)} peak (+${mb(growth)})`, `< 100 MB growth: ${verdict(growth < 100 * 2 ** 20)}`],
        ["Full chain verification", `${fmt(evidence.verify.events)} events in ${fmt(evidence.verify.seconds, 1)} s = ${perSecond(evidence.verify.perSecond)} (${evidence.verify.ok ? "intact" : "**broken**"})`, `≥ 200,000 events/s: ${verdict(evidence.verify.perSecond >= 200_000)}`],
      ],
    ),
    "",
    "Reproduce: `npm run bench -- evidence`.",
  ].join("\n");
}

function pagesSection(pages: NonNullable<BenchResults["pages"]>): string {
  return [
    "## JavaScript each page loads",
    "",
    "Every script response of a first visit in Chromium (cache disabled), summed gzipped (each script compressed",
    "at gzip's default level, as the production server sends it) and uncompressed, and the time until the load event.",
    "",
    table(
      ["Role", "Page", "Scripts", "Gzipped", "Uncompressed", "Load", "Target ≤ 200 kB gzipped"],
      pages.map((p) => [p.role, `\`${p.path}\``, p.scripts, kB(p.transferredBytes), kB(p.uncompressedBytes), ms(p.loadMs), verdict(p.transferredBytes <= 200 * 1024)]),
    ),
    "",
    "Reproduce: `npm run bench -- pages`.",
  ].join("\n");
}

export function renderResults(results: BenchResults): string {
  const { counts, seconds } = results.world;
  return [
    "# Lapse benchmark results",
    "",
    `Run ${results.date} on ${results.machine}, PostgreSQL 15 on the same machine.`,
    "Produced by `npm run bench` (see `bench/run.ts`); `BENCH_SCALE=0.1 npm run bench` is a quick look at a tenth of the data.",
    "",
    "## Data set",
    "",
    table(
      ["Users", "Resources", "Workloads", "Ended grants", "Live grants", "Audit events (valid chain)"],
      [[fmt(counts.users), fmt(counts.resources), fmt(counts.workloads), fmt(counts.endedGrants), fmt(counts.liveGrants), fmt(counts.auditEvents)]],
    ),
    "",
    `Generated in ${Object.entries(seconds)
      .map(([step, s]) => `${step} ${fmt(s, 1)} s`)
      .join(", ")}. The workloads that drive the load are left out of the API rate limit with`,
    "`LAPSE_API_RATE_LIMIT_EXEMPT=workload:bench-wl-*` (no counter is written for them).",
    "",
    ...(results.api ? [apiSection(results.api), ""] : []),
    ...(results.expiry ? [expirySection(results.expiry), ""] : []),
    ...(results.evidence ? [evidenceSection(results.evidence), ""] : []),
    ...(results.pages ? [pagesSection(results.pages), ""] : []),
  ].join("\n");
}
