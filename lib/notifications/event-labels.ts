// How people read each notification event, on the preferences page and in the list.
import type { NotificationEvent, Role, UserChannel } from "@/db/enums";

export const NOTIFICATION_EVENT_LABELS: Record<NotificationEvent, { label: string; hint: string; roles: readonly Role[] }> = {
  "request.awaiting_decision": { label: "A request waits for my decision", hint: "Requests on resources you may approve; never your own.", roles: ["approver"] },
  "request.decided": { label: "My request was decided", hint: "Approved, denied or timed out.", roles: ["requester"] },
  "request.decided_elsewhere": { label: "A request I was asked about is already decided", hint: "So you do not act on a stale message.", roles: ["approver"] },
  "grant.issued": { label: "My access was granted", hint: "With the time it ends.", roles: ["requester"] },
  "grant.expiring": { label: "My access ends soon", hint: "Before it ends, by the policy's lead time (10 minutes unless set), with an extension link when allowed.", roles: ["requester"] },
  "grant.ended": { label: "My access expired or was revoked", hint: "", roles: ["requester"] },
  "grant.revocation_overdue": { label: "Revocation overdue on a resource my team owns", hint: "The target did not confirm removal; Lapse keeps retrying.", roles: ["owner"] },
  "grant.drift_detected": { label: "Drift on a resource my team owns", hint: "The target shows access Lapse ended or never issued.", roles: ["owner"] },
  "break_glass.review_due": { label: "A break-glass exception needs my team's review", hint: "", roles: ["owner"] },
  "break_glass.review_overdue": { label: "A break-glass review is overdue", hint: "", roles: ["owner"] },
  "policy.awaiting_confirmation": { label: "A policy change waits for a second owner", hint: "Loosening changes proposed by another owner of my team.", roles: ["owner"] },
  "policy.reviewed": { label: "A policy change I proposed was confirmed or rejected", hint: "From the second owner, with their name.", roles: ["owner", "admin"] },
};

export const USER_CHANNEL_LABELS: Record<UserChannel, string> = { portal: "In Lapse", email: "Email" };
