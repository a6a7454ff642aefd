// The JavaScript each main page really loads (Next 16's build no longer prints it): every
// script response of a first load in Chromium, summed as transferred (compressed) bytes,
// and the time until the page's load event.
import { gzipSync } from "node:zlib";
import type { Browser } from "@playwright/test";
import { signedIn } from "./browser";

export interface PageWeight {
  role: string;
  path: string;
  scripts: number;
  transferredBytes: number;
  uncompressedBytes: number;
  loadMs: number;
}

const ROUTES: { role: string; email: string; paths: string[] }[] = [
  { role: "requester", email: "requester@lapse.test", paths: ["/requests", "/notifications", "/profile"] },
  { role: "approver", email: "approver@lapse.test", paths: ["/approvals"] },
  { role: "owner", email: "owner@lapse.test", paths: ["/owner", "/owner/resources/payments-db-prod/policy", "/owner/resources/payments-db-prod/raci", "/raci"] },
  { role: "auditor", email: "auditor@lapse.test", paths: ["/audit", "/audit/overview", "/audit/reports/grants"] },
  { role: "admin", email: "admin@lapse.test", paths: ["/admin", "/admin/workloads", "/api-docs"] },
];

export async function measurePages(browser: Browser, baseURL: string): Promise<PageWeight[]> {
  const out: PageWeight[] = [];
  const anonymous = await browser.newContext({ baseURL });
  out.push(await weigh(anonymous, "anyone", "/login"));
  await anonymous.close();
  for (const { role, email, paths } of ROUTES) {
    const context = await signedIn(browser, baseURL, email);
    for (const path of paths) out.push(await weigh(context, role, path));
    await context.close();
  }
  return out;
}

async function weigh(context: Awaited<ReturnType<Browser["newContext"]>>, role: string, path: string): Promise<PageWeight> {
  const page = await context.newPage();
  // No cache: each measurement is a first visit's download.
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  const scripts: Promise<{ transferred: number; size: number }>[] = [];
  page.on("response", (response) => {
    if (response.request().resourceType() !== "script") return;
    scripts.push(
      (async () => {
        const body = await response.body().catch(() => Buffer.alloc(0));
        // Gzipped here rather than read from the network: Chromium reports no transfer size
        // for some responses, and gzip (what the production server sends) is the target's unit.
        return { transferred: gzipSync(body).length, size: body.length };
      })(),
    );
  });
  const res = await page.goto(path, { waitUntil: "load" });
  if (!res || res.status() !== 200) throw new Error(`${path} answered ${res?.status()} for ${role}`);
  await page.waitForLoadState("networkidle");
  const loadMs = await page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    return nav.loadEventEnd - nav.startTime;
  });
  const measured = await Promise.all(scripts);
  await page.close();
  return {
    role,
    path,
    scripts: measured.length,
    transferredBytes: measured.reduce((sum, s) => sum + s.transferred, 0),
    uncompressedBytes: measured.reduce((sum, s) => sum + s.size, 0),
    loadMs,
  };
}
