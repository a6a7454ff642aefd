// The demo accounts the e2e tests sign in as, and where each one's session is saved.
export const DEMO_PASSWORD = "lapse-demo";

export const ROLES = {
  requester: "requester@lapse.test",
  approver: "approver@lapse.test",
  approver2: "approver2@lapse.test",
  owner: "owner@lapse.test",
  owner2: "owner2@lapse.test",
  auditor: "auditor@lapse.test",
  admin: "admin@lapse.test",
} as const;
export type DemoRole = keyof typeof ROLES;

/** Which server a Playwright project runs against: embedded (PGlite) or PostgreSQL. */
export type ServerName = "embedded" | "postgresql";

export const storageStatePath = (server: ServerName, role: DemoRole) => `e2e/.auth/${server}/${role}.json`;
