import { defineConfig } from "drizzle-kit";

// Only used to generate migrations (`npm run db:generate`); nothing applies them with `push`.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema.ts",
  out: "./db/migrations",
});
