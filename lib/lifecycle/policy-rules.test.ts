import { describe, expect, it } from "vitest";
import type { UserActor } from "@/lib/auth/actor";
import { approvalsRequired, checkTermsAgainstPolicy, isApproverFor, isEligibleRequester, type PolicyRules } from "./policy-rules";

const policy: PolicyRules = {
  accessLevels: ["read", "admin"],
  eligibleTeamIds: ["devops"],
  eligibleUserIds: ["u-contractor"],
  approvalRule: "single",
  approverTeamIds: ["iam", "pam"],
  defaultDurationMinutes: 15,
  maxDurationMinutes: 60,
  requireJustification: true,
  ticketPattern: "^CHG-[0-9]+$",
  ticketHint: null,
};
const actor = (over: Partial<UserActor>): UserActor => ({ kind: "user", id: "u1", email: "a@x", name: "A", roles: [], teamIds: [], ...over });
const terms = { accessLevel: "read", durationMinutes: 15, justification: "incident", ticket: "CHG-1" };

describe("policy rules", () => {
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
