// The control catalogue Lapse ships with (DESIGN §6), using the published identifiers.
// It is installed once; after that it is data that admins edit in the portal.
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
    lapseDoes: "Disabling a person or workload ends their live grants at once and cancels their pending requests; every grant also ends by itself at its expiry.",
    actions: ["user.disabled", "request.withdrawn", "grant.revoke_requested", "grant.revoked", "grant.expired"],
  },
  {
    framework: NHI,
    identifier: "NHI5",
    title: "Overprivileged NHI",
    lapseDoes: "Access is asked for one access level, on one resource, for a bounded time under a versioned policy; nothing is standing.",
    actions: ["request.created", "request.approved", "grant.issued", "policy.changed", "policy.confirmed"],
  },
  {
    framework: NHI,
    identifier: "NHI7",
    title: "Long-Lived Secrets",
    lapseDoes: "Credentials exist only for the life of a grant and are revoked on schedule; the revocation lag is measured and overdue revocations are flagged.",
    actions: ["grant.issued", "grant.expired", "grant.revoked", "grant.revoke_failed", "grant.credentials_revealed", "signing_key.rotated"],
  },
  {
    framework: NHI,
    identifier: "NHI10",
    title: "Human Use of NHI",
    lapseDoes: "People and workloads are separate principals; each request records who asked, and break-glass use by a person is flagged and reviewed.",
    actions: ["request.created", "request.break_glass", "grant.reviewed"],
  },
  {
    framework: CSF,
    identifier: "PR.AA-05",
    title: "Access permissions, entitlements, and authorizations are defined in a policy, managed, enforced, and reviewed, and incorporate the principles of least privilege and separation of duties",
    lapseDoes: "Every grant rests on the policy version in force, approved by people other than the requester (two for dual approval); loosening a policy needs a second owner.",
    actions: ["request.approved", "request.denied", "request.self_decision_refused", "extension.approved", "extension.denied", "policy.proposed", "policy.confirmed", "raci.updated"],
  },
  {
    framework: CSF,
    identifier: "DE.CM-03",
    title: "Personnel activity and technology usage are monitored to find potentially adverse events",
    lapseDoes: "Every decision, issuance, revocation and exception is an event in a hash-chained, append-only log that auditors can filter and verify.",
    actions: ["request.break_glass", "grant.revoke_failed", "resource.frozen", "grant.reviewed", "grant.drift_detected"],
  },
  {
    framework: MAESTRO,
    identifier: "MAESTRO-L6",
    title: "Security and compliance (agentic and automated access flows)",
    lapseDoes: "Automated requesters go through the same policy, approvals, expiry and evidence as people; frozen resources refuse them too.",
    actions: ["resource.frozen", "resource.unfrozen", "request.timed_out"],
  },
];
