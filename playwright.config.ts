import fs from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import type { ServerName } from "./e2e/roles";

// Playwright cannot download its own browser here: use Debian's Chromium when present.
const chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => fs.existsSync(p));

// The same specs run against the embedded database and, when TEST_DATABASE_URL is set
// (always in CI), against a server on real PostgreSQL.
// E2E_PORT lets two checkouts on one machine run their suites side by side.
const basePort = Number(process.env.E2E_PORT || 3100);
const servers: { name: ServerName; port: number }[] = [
  { name: "embedded", port: basePort },
  ...(process.env.TEST_DATABASE_URL ? [{ name: "postgresql" as const, port: basePort + 1 }] : []),
];

export default defineConfig({
  testDir: "e2e",
  forbidOnly: !!process.env.CI,
  retries: 0,
  // One worker per server: specs share the demo accounts, so within one server they run one at a time.
  workers: servers.length,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    // A zone other than UTC, so the tests see times shown in the viewer's zone.
    timezoneId: "Europe/Berlin",
    locale: "en-GB",
    launchOptions: {
      executablePath: chromium,
      args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
    },
  },
  projects: servers.flatMap(({ name, port }) => {
    const use = { baseURL: `http://localhost:${port}` };
    return [
      { name: `setup-${name}`, testMatch: /auth\.setup\.ts/, use, metadata: { server: name } },
      {
        name,
        use: { ...devices["Desktop Chrome"], ...use },
        metadata: { server: name },
        dependencies: [`setup-${name}`],
      },
    ];
  }),
  webServer: servers.map(({ name, port }) => ({
    command: "node scripts/e2e-server.mjs",
    url: `http://localhost:${port}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe" as const,
    stderr: "pipe" as const,
    env: { PORT: String(port), E2E_DATABASE: name, LOG_LEVEL: "warn" },
  })),
});
