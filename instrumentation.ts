// Runs once when the server starts: opens the database (migrating it, and seeding the
// demo data on the embedded database) and starts the expiry worker.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { getDbHandle } = await import("./db/client");
  try {
    await getDbHandle();
  } catch (error) {
    // A server without its database (or on a folder another process holds) must not
    // pretend to serve: say why and stop.
    console.error(`Lapse cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  // LAPSE_WORKER=off leaves expiry to a separate worker process (PostgreSQL deployments).
  if (process.env.LAPSE_WORKER === "off") return;
  const { startWorker } = await import("./lib/worker/start-worker");
  startWorker();
}
