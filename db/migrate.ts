// `npm run db:migrate`: applies the migrations to the configured database and exits.
// The app also does this when it starts; this is for deployments that migrate first.
import { openConfiguredDb } from "./client";

const handle = await openConfiguredDb();
console.log(`Migrations applied (${handle.kind}).`);
await handle.close();
