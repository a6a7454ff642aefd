// The demo accounts the e2e tests sign in as, and where each one's session is saved.
export const DEMO_PASSWORD = "lapse-demo";

export const ROLES = {
  requester: "requester@lapse.test",
  approver: "approver@lapse.test",
  approver2: "approver2@lapse.test",
  owner: "owner@lapse.test",
  auditor: "auditor@lapse.test",
  admin: "admin@lapse.test",
} as const;
export type DemoRole = keyof typeof ROLES;

export const storageState = (role: DemoRole) => `e2e/.auth/${role}.json`;
