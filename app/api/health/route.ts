import { getDbHandle } from "@/db/client";
import { log } from "@/lib/log";
import { checkHealth } from "@/lib/runtime/health";
import { workerIntervalMs } from "@/lib/worker/start-worker";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    const report = await checkHealth(await getDbHandle(), new Date(), workerIntervalMs());
    return Response.json(report, { status: report.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
  } catch (error) {
    log.error({ err: error }, "health check failed");
    return Response.json(
      { status: "down", database: { ok: false }, worker: { ok: false } },
      { status: 503, headers: { "cache-control": "no-store" } },
    );
  }
}
