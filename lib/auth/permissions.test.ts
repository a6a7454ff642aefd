import { describe, expect, it } from "vitest";
import { ROLES } from "@/db/schema";
import { ServiceError } from "@/lib/errors";
import type { UserActor } from "./actor";
import { ACTIONS, authorize, can, PERMISSIONS } from "./permissions";

const withRoles = (...roles: UserActor["roles"][number][]): UserActor => ({ kind: "user", id: "u", email: "u@x", name: "U", roles, teamIds: [], authenticatedAt: null });

describe("permissions", () => {
  it("grants each action to at least one role and names only known actions", () => {
    const granted = new Set(ROLES.flatMap((role) => PERMISSIONS[role] as readonly string[]));
    expect([...granted].sort()).toEqual([...ACTIONS].sort());
  });

  it("keeps deciding and auditing away from requesters", () => {
    const requester = withRoles("requester");
    expect(can(requester, "request.create")).toBe(true);
    expect(can(requester, "request.decide")).toBe(false);
    expect(can(requester, "audit.read")).toBe(false);
    expect(() => authorize(requester, "request.decide")).toThrow(ServiceError);
    expect(can(requester, "extension.request")).toBe(true);
    expect(can(requester, "extension.decide")).toBe(false);
    expect(can(withRoles("approver"), "extension.decide")).toBe(true);
    expect(can(withRoles("approver"), "extension.request")).toBe(false);
  });

  it("lets an auditor read evidence and the RACI, and change nothing but their own sessions, tokens and notification choices", () => {
    const auditor = withRoles("auditor");
    expect(ACTIONS.filter((action) => can(auditor, action))).toEqual(["raci.read", "audit.read", "controls.read", "session.manage-own", "notification.read-own", "notification.preferences", "access.check", "token.manage-own"]);
  });

  it("lets a workload request and hold its own access, and nothing a person must do", () => {
    const workload = { kind: "workload", id: "w", workloadId: "wid", name: "ci", email: "ci@w", roles: [], teamIds: [], ownerTeamId: "t", mayCheckAccess: false, claims: {}, via: "oidc" } as const;
    expect(ACTIONS.filter((action) => can(workload, action))).toEqual([
      "request.create", "request.cancel", "request.read-own", "grant.read-own", "grant.relinquish", "extension.request",
    ]);
    expect(can({ ...workload, mayCheckAccess: true }, "access.check")).toBe(true);
    expect(can(workload, "access.check")).toBe(false);
  });

  it("keeps confirming a loosened policy with control owners, not admins", () => {
    expect(can(withRoles("admin"), "policy.edit")).toBe(true);
    expect(can(withRoles("admin"), "policy.review")).toBe(false);
    expect(can(withRoles("owner"), "policy.review")).toBe(true);
    expect(can(withRoles("owner"), "admin.manage")).toBe(false);
  });

  it("lets control owners keep the control catalogue's mapping without reading the evidence behind it", () => {
    expect(can(withRoles("owner"), "controls.edit")).toBe(true);
    expect(can(withRoles("owner"), "controls.read")).toBe(false);
    expect(can(withRoles("owner"), "audit.read")).toBe(false);
    expect(can(withRoles("auditor"), "controls.edit")).toBe(false);
  });

  it("adds up the actions of several roles, and gives none without a role", () => {
    expect(can(withRoles("requester", "approver"), "request.decide")).toBe(true);
    expect(ACTIONS.filter((action) => can(withRoles(), action))).toEqual([]);
  });
});
