// `npm run db:seed`: adds the demo data to the configured database (idempotent).
import { openConfiguredDb } from "./client";
import { seedDemoData } from "./seed";

const handle = await openConfiguredDb();
try {
  await seedDemoData(handle.db, new Date());
  console.log(`Demo data is in place (${handle.kind}).`);
} finally {
  await handle.close();
}
