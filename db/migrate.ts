// `npm run db:migrate`: applies the migrations to the configured database and exits.
// The app also does this when it starts; this is for deployments that migrate first.
import { openConfiguredDb } from "./client";

async function main() {
  const handle = await openConfiguredDb();
  console.log(`Migrations applied (${handle.kind}).`);
  await handle.close();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
