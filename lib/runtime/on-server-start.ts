import "server-only";
// Opens the database (migrating it, and seeding the demo data on the embedded database)
// and starts the expiry worker.
import { getDbHandle } from "@/db/client";
import { peerAddressAppended, trustedProxyHops } from "@/lib/http/client-address";
import { log } from "@/lib/log";
import { startWorker } from "@/lib/worker/start-worker";

export async function onServerStart(): Promise<void> {
  try {
    trustedProxyHops(); // a mistyped value stops the server here, rather than failing every sign-in later
    await getDbHandle();
  } catch (error) {
    // A server without its database (or on a folder another process holds) must not
    // pretend to serve: say why and stop.
    console.error(`Lapse cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  if (!peerAddressAppended()) {
    log.warn("started without scripts/peer-address-hook.mjs (use npm start): client addresses are unknown, so only the per-account sign-in limit applies");
  }
  // LAPSE_WORKER=off leaves expiry to a separate worker process (PostgreSQL deployments).
  if (process.env.LAPSE_WORKER !== "off") startWorker();
}
