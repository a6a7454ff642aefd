// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WASM and data files that must be loaded from node_modules at run time,
  // and pino/postgres.js are Node libraries that gain nothing from bundling.
  serverExternalPackages: ["@electric-sql/pglite", "pino", "postgres"],
  poweredByHeader: false,
  experimental: {
    // forbidden() renders a real 403 for pages a role may not open.
    authInterrupts: true,
  },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

module.exports = nextConfig;
