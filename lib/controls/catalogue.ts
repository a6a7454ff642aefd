// The control catalogue Lapse ships with (DESIGN §6), using the published identifiers.
// Installed into an empty table whole; on a database that already has one, controls and
// mappings added here since are added to it, and nothing an admin changed is undone
// (lib/controls/install-catalogue.ts). After that it is data that admins edit in the portal.
// Every audit action is evidence for at least one control (catalogue.test.ts checks).
import type { AuditAction } from "@/lib/audit/actions";

export interface CatalogueEntry {
  framework: string;
  identifier: string;
  title: string;
  lapseDoes: string;
  actions: AuditAction[];
}

const NHI = "OWASP Non-Human Identities Top 10 (2025)";
const CSF = "NIST CSF 2.0";
const MAESTRO = "CSA MAESTRO";

export const CONTROL_CATALOGUE: CatalogueEntry[] = [
  {
    framework: NHI,
    identifier: "NHI1",
    title: "Improper Offboarding",
    lapseDoes:
      "Disabling a person or workload ends their live grants at once and cancels their pending requests; every grant also ends by itself at its expiry, and a later check of the target proves the access gone. Tokens and workload keys can be revoked one by one.",
    actions: ["user.disabled", "request.withdrawn", "grant.revoke_requested", "grant.revoked", "grant.expired", "grant.drift_resolved", "api_token.revoked"],
  },
  {
    framework: NHI,
    identifier: "NHI5",
    title: "Overprivileged NHI",
    lapseDoes:
      "Access is asked for one access level, on one resource, for a bounded time under a versioned policy; nothing is standing. A workload identity is registered with the claims it must present and whether it may check access at all.",
    actions: ["request.created", "request.approved", "grant.issued", "policy.created", "policy.changed", "policy.confirmed", "workload.created", "workload.updated"],
  },
  {
    framework: NHI,
    identifier: "NHI7",
    title: "Long-Lived Secrets",
    lapseDoes:
      "Credentials exist only for the life of a grant and are revoked on schedule; the revocation lag is measured and overdue revocations are flagged. An extension reaches the target only once re-authorised. API tokens and workload keys always expire (a year at most), and token signing keys rotate.",
    actions: [
      "grant.issued",
      "grant.expired",
      "grant.revoked",
      "grant.revoke_failed",
      "grant.credentials_revealed",
      "grant.target_extended",
      "grant.target_extend_failed",
      "signing_key.rotated",
      "api_token.created",
      "api_token.revoked",
      "workload.key_issued",
    ],
  },
  {
    framework: NHI,
    identifier: "NHI10",
    title: "Human Use of NHI",
    lapseDoes:
      "People and workloads are separate principals; each request records who asked, and break-glass use by a person is flagged and reviewed. People automate with personal tokens that act as themselves, and every workload key records the admin who issued it.",
    actions: ["request.created", "request.break_glass", "grant.reviewed", "api_token.created", "workload.key_issued"],
  },
  {
    framework: CSF,
    identifier: "PR.AA-01",
    title: "Identities and credentials for authorized users, services, and hardware are managed by the organization",
    lapseDoes:
      "People and workload identities are created, enabled and disabled by admins, each change recorded; the credentials Lapse issues (API tokens, workload keys, token signing keys, sessions) are issued, expired and revoked on the record.",
    actions: [
      "user.created",
      "user.enabled",
      "user.disabled",
      "workload.created",
      "workload.updated",
      "workload.key_issued",
      "api_token.created",
      "api_token.revoked",
      "signing_key.rotated",
      "auth.signed_out_everywhere",
    ],
  },
  {
    framework: CSF,
    identifier: "PR.AA-03",
    title: "Users, services, and hardware are authenticated",
    lapseDoes:
      "Every sign-in, failed attempt, lock-out and single sign-on refusal is recorded; sensitive steps ask the person to confirm who they are again; workloads authenticate with OIDC tokens of their issuer or keys that expire.",
    actions: ["auth.signed_in", "auth.sign_in_failed", "auth.sign_in_refused", "auth.oidc_sign_in_refused", "auth.step_up", "auth.step_up_failed", "auth.signed_out_everywhere"],
  },
  {
    framework: CSF,
    identifier: "PR.AA-05",
    title:
      "Access permissions, entitlements, and authorizations are defined in a policy, managed, enforced, and reviewed, and incorporate the principles of least privilege and separation of duties",
    lapseDoes:
      "Every grant and extension rests on the policy version in force, approved by people other than the requester (two for dual approval); loosening a policy needs a second owner. Roles and team memberships, which decide who may request and approve, change on the record.",
    actions: [
      "request.approval_recorded",
      "request.approved",
      "request.denied",
      "request.cancelled",
      "request.timed_out",
      "request.self_decision_refused",
      "extension.requested",
      "extension.approval_recorded",
      "extension.approved",
      "extension.denied",
      "extension.cancelled",
      "extension.void",
      "extension.self_decision_refused",
      "policy.created",
      "policy.changed",
      "policy.proposed",
      "policy.confirmed",
      "policy.rejected",
      "policy.withdrawn",
      "policy.superseded",
      "raci.updated",
      "user.roles_changed",
      "user.teams_changed",
    ],
  },
  {
    framework: CSF,
    identifier: "PR.PS-01",
    title: "Configuration management practices are established and applied",
    lapseDoes:
      "Access policies are versioned: a tightening applies at once, a loosening waits for a second owner, and every proposal ends confirmed, rejected, withdrawn or superseded. Connector settings, resources, notification channels and the control mappings change only by a recorded edit.",
    actions: [
      "policy.created",
      "policy.changed",
      "policy.proposed",
      "policy.confirmed",
      "policy.rejected",
      "policy.withdrawn",
      "policy.superseded",
      "connector.configured",
      "resource.renamed",
      "resource.deleted",
      "team.notifications_changed",
      "control.updated",
    ],
  },
  {
    framework: CSF,
    identifier: "GV.RR-02",
    title: "Roles, responsibilities, and authorities related to cybersecurity risk management are established, communicated, understood, and enforced",
    lapseDoes:
      "Each resource has one accountable owner team and a RACI matrix per control activity; a matrix with a gap stops new requests. Teams, their function, and each person's roles and teams change on the record.",
    actions: ["raci.updated", "team.created", "team.updated", "user.roles_changed", "user.teams_changed"],
  },
  {
    framework: CSF,
    identifier: "DE.CM-03",
    title: "Personnel activity and technology usage are monitored to find potentially adverse events",
    lapseDoes:
      "What may be adverse is recorded as it happens, in the hash-chained, append-only log auditors filter and verify: break-glass and its review, failed issuance and revocation, drift found on the target, credentials revealed, refused self-approvals and failed sign-ins. (The ordinary lifecycle is evidence under the access controls.)",
    actions: [
      "request.break_glass",
      "grant.reviewed",
      "grant.issue_failed",
      "grant.revoke_failed",
      "grant.target_extend_failed",
      "grant.drift_detected",
      "grant.drift_resolved",
      "grant.credentials_revealed",
      "resource.frozen",
      "request.self_decision_refused",
      "extension.self_decision_refused",
      "auth.sign_in_failed",
      "auth.sign_in_refused",
      "auth.oidc_sign_in_refused",
      "auth.step_up_failed",
    ],
  },
  {
    framework: MAESTRO,
    identifier: "MAESTRO-L6",
    title: "Security and compliance (agentic and automated access flows)",
    lapseDoes:
      "Automated requesters go through the same policy, approvals, expiry and evidence as people; frozen resources refuse them too. Workload identities, their keys and the connectors that act on targets are registered and changed on the record.",
    actions: ["resource.frozen", "resource.unfrozen", "request.timed_out", "workload.created", "workload.updated", "workload.key_issued", "connector.configured"],
  },
];
