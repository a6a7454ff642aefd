// `npm run audit:verify`: walks the audit chain of the configured database, holds it to the
// signed checkpoints (the server secret must be set to check their signatures), and prints the
// verdict; exits 1 when a link is broken, so it can run from cron or CI.
import { openConfiguredDb } from "@/db/client";
import { verifyChainAndCheckpoints } from "./check-integrity";
import { configuredCheckpointKey } from "./checkpoint-key";

async function main() {
  const handle = await openConfiguredDb();
  try {
    const verdict = await verifyChainAndCheckpoints(handle.db, configuredCheckpointKey());
    if (verdict.ok) {
      console.log(`OK: ${verdict.count} events, head ${verdict.headHash}, agrees with ${verdict.checkpointsChecked} signed checkpoints (${handle.kind})`);
    } else {
      console.error(`BROKEN at event #${verdict.brokenSeq}: ${verdict.reason} (${verdict.count} events before it verify)`);
      process.exitCode = 1;
    }
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
