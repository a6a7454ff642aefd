import { describe, expect, it } from "vitest";
import type { UserActor, WorkloadActor } from "@/lib/auth/actor";
import { approvalsRequired, approvalsRequiredFor, checkTermsAgainstPolicy, isApproverFor, isEligibleRequester, type PolicyRules } from "./policy-rules";

const policy: PolicyRules = {
  accessLevels: ["read", "admin"],
  eligibleTeamIds: ["devops"],
  eligibleUserIds: ["u-contractor"],
  eligibleWorkloadIds: ["w-deploy"],
  autoApprovalClaims: [],
  approvalRule: "single",
  approverTeamIds: ["iam", "pam"],
  defaultDurationMinutes: 15,
  maxDurationMinutes: 60,
  requireJustification: true,
  ticketPattern: "^CHG-[0-9]+$",
  ticketHint: null,
};
const actor = (over: Partial<UserActor>): UserActor => ({ kind: "user", id: "u1", email: "a@x", name: "A", roles: [], teamIds: [], authenticatedAt: null, ...over });
const terms = { accessLevel: "read", durationMinutes: 15, justification: "incident", ticket: "CHG-1" };

const workload = (over: Partial<WorkloadActor>): WorkloadActor => ({
  kind: "workload", id: "wu", workloadId: "w-deploy", name: "deploy", email: "deploy@w", roles: [], teamIds: [], ownerTeamId: "t",
  mayCheckAccess: false, claims: {}, via: "oidc", ...over,
});

describe("policy rules", () => {
  it("makes a workload eligible only by name, never through the teams or people listed", () => {
    expect(isEligibleRequester(policy, workload({}))).toBe(true);
    expect(isEligibleRequester(policy, workload({ workloadId: "w-other", id: "u-contractor", teamIds: ["devops"] }))).toBe(false);
  });

  it("auto-approves under required claims only a workload whose verified claims meet them", () => {
    const auto = { approvalRule: "auto" as const, autoApprovalClaims: ["repository=acme/payments", "ref=refs/heads/main"] };
    expect(approvalsRequiredFor(auto, workload({ claims: { repository: "acme/payments", ref: "refs/heads/main" } }))).toBe(0);
    expect(approvalsRequiredFor(auto, workload({ claims: { repository: "acme/payments", ref: "refs/heads/feature" } }))).toBe(1);
    expect(approvalsRequiredFor(auto, actor({ teamIds: ["devops"] }))).toBe(1);
    expect(approvalsRequiredFor({ approvalRule: "auto", autoApprovalClaims: [] }, actor({}))).toBe(0);
    expect(approvalsRequiredFor({ approvalRule: "dual", autoApprovalClaims: [] }, workload({}))).toBe(2);
  });

  it("makes a requester eligible by team or by name", () => {
    expect(isEligibleRequester(policy, actor({ teamIds: ["devops"] }))).toBe(true);
    expect(isEligibleRequester(policy, actor({ id: "u-contractor" }))).toBe(true);
    expect(isEligibleRequester(policy, actor({ teamIds: ["sre"] }))).toBe(false);
  });

  it("needs both the approver role and an approver team to approve", () => {
    expect(isApproverFor(policy, actor({ roles: ["approver"], teamIds: ["pam"] }))).toBe(true);
    expect(isApproverFor(policy, actor({ roles: ["approver"], teamIds: ["devops"] }))).toBe(false);
    expect(isApproverFor(policy, actor({ roles: ["owner"], teamIds: ["iam"] }))).toBe(false);
  });

  it("counts approvals per rule", () => {
    expect(["auto", "single", "dual"].map((r) => approvalsRequired(r as PolicyRules["approvalRule"]))).toEqual([0, 1, 2]);
  });

  it("accepts terms within the policy and names each field that is not", () => {
    expect(checkTermsAgainstPolicy(policy, terms)).toEqual({});
    expect(checkTermsAgainstPolicy(policy, { ...terms, durationMinutes: 60 })).toEqual({});
    expect(Object.keys(checkTermsAgainstPolicy(policy, { ...terms, durationMinutes: 61 }))).toEqual(["durationMinutes"]);
    expect(Object.keys(checkTermsAgainstPolicy(policy, { ...terms, durationMinutes: 0 }))).toEqual(["durationMinutes"]);
    expect(Object.keys(checkTermsAgainstPolicy(policy, { ...terms, accessLevel: "Admin" }))).toEqual(["accessLevel"]);
    expect(Object.keys(checkTermsAgainstPolicy(policy, { ...terms, justification: " " }))).toEqual(["justification"]);
    expect(Object.keys(checkTermsAgainstPolicy(policy, { ...terms, ticket: null }))).toEqual(["ticket"]);
    expect(Object.keys(checkTermsAgainstPolicy(policy, { ...terms, ticket: "xCHG-1" }))).toEqual(["ticket"]);
  });

  it("needs no ticket or justification when the policy does not ask for them", () => {
    const lenient = { ...policy, ticketPattern: null, requireJustification: false };
    expect(checkTermsAgainstPolicy(lenient, { ...terms, ticket: null, justification: "" })).toEqual({});
  });

  it("explains a mismatched ticket in the policy's words when it has them", () => {
    const hinted = { ...policy, ticketHint: "a change number such as CHG-123" };
    expect(checkTermsAgainstPolicy(hinted, { ...terms, ticket: "JIRA-1" }).ticket).toEqual(["Enter a change number such as CHG-123."]);
    expect(checkTermsAgainstPolicy(policy, { ...terms, ticket: "JIRA-1" }).ticket).toEqual(["The ticket reference must match ^CHG-[0-9]+$."]);
  });

  it("fails closed on a broken ticket pattern", () => {
    expect(Object.keys(checkTermsAgainstPolicy({ ...policy, ticketPattern: "([" }, terms))).toEqual(["ticket"]);
  });
});
