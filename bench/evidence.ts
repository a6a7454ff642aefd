// Evidence at a million events: how long the auditor's pages take to render on the server
// (first page and the 1,000th keyset page of /audit, and the main reports), how fast a CSV
// export streams and how much the server's memory grows meanwhile, and how fast the whole
// chain verifies.
import postgres from "postgres";
import { openPostgres } from "@/db/client";
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import { databaseUrl } from "./config";
import type { BenchServer } from "./server";
import { percentile } from "./stats";

export interface PageTiming {
  path: string;
  medianMs: number;
  maxMs: number;
}

export interface EvidenceFigures {
  events: number;
  pages: PageTiming[];
  export: { rows: number; seconds: number; rowsPerSecond: number; rssBeforeBytes: number; rssPeakBytes: number; megabytes: number };
  verify: { events: number; seconds: number; perSecond: number; ok: boolean };
}

const PAGE_SIZE = 50;

/** Server time for a page: the full response over loopback, median of `runs` after one warm-up. */
async function timePage(server: BenchServer, cookie: string, path: string, runs = 7): Promise<PageTiming> {
  const once = async () => {
    const started = performance.now();
    const res = await fetch(`${server.url}${path}`, { headers: { cookie }, redirect: "manual" });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
    if (!body.includes("</html>")) throw new Error(`${path} did not render a whole page`);
    return performance.now() - started;
  };
  await once();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await once());
  times.sort((a, b) => a - b);
  return { path, medianMs: percentile(times, 50), maxMs: times[times.length - 1] };
}

export async function measureEvidence(server: BenchServer, auditorCookie: string): Promise<EvidenceFigures> {
  const sql = postgres(databaseUrl(), { max: 1, onnotice: () => {} });
  const [{ head, count }] = await sql<{ head: string; count: string }[]>`select max(seq) as head, count(*) as count from audit_events`;
  await sql.end();
  const thousandth = Number(head) - PAGE_SIZE * 999 + 1;
  const paths = [
    "/audit",
    `/audit?before=${thousandth}`,
    "/audit?action=grant.expired",
    "/audit/reports/grants",
    "/audit/reports/revocation",
    "/audit/reports/separation-of-duties",
    "/audit/overview",
    "/audit/controls",
  ];
  const pages: PageTiming[] = [];
  for (const path of paths) pages.push(await timePage(server, auditorCookie, path));

  // The whole event log as CSV, read as it streams; memory sampled every 50 ms meanwhile.
  const rssBeforeBytes = server.rssBytes();
  let rssPeakBytes = rssBeforeBytes;
  const sampler = setInterval(() => (rssPeakBytes = Math.max(rssPeakBytes, server.rssBytes())), 50);
  const started = performance.now();
  const res = await fetch(`${server.url}/audit/reports/events/export?format=csv`, { headers: { cookie: auditorCookie } });
  if (res.status !== 200 || !res.body) throw new Error(`the export answered ${res.status}`);
  let newlines = 0;
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) newlines++;
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  // The file opens with a line naming the filter and the chain head, then the column names.
  const rows = newlines - 2;
  if (rows < Number(count)) throw new Error(`the export held ${rows} rows of ${count} events`);

  const handle = await openPostgres(databaseUrl(), { max: 2 });
  const verifyStarted = performance.now();
  const verdict = await verifyAuditChain(handle.db);
  const verifySeconds = (performance.now() - verifyStarted) / 1000;
  await handle.close();

  return {
    events: Number(count),
    pages,
    export: { rows, seconds, rowsPerSecond: rows / seconds, rssBeforeBytes, rssPeakBytes, megabytes: bytes / 2 ** 20 },
    verify: { events: verdict.count, seconds: verifySeconds, perSecond: verdict.count / verifySeconds, ok: verdict.ok },
  };
}
