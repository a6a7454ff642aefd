// `npm run db:seed`: adds the demo data to the configured database (idempotent).
import { openConfiguredDb } from "./client";
import { seedDemoData } from "./seed";

async function main() {
  const handle = await openConfiguredDb();
  try {
    await seedDemoData(handle.db, new Date());
    console.log(`Demo data is in place (${handle.kind}).`);
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
