import type { GrantStatus, RequestStatus } from "@/db/schema";
import { GRANT_STATUS_LABELS, REQUEST_STATUS_LABELS } from "@/lib/lifecycle/status-labels";
import { Badge, type BadgeTone } from "./ui/badge";

const REQUEST_TONES: Record<RequestStatus, BadgeTone> = {
  pending: "info",
  approved: "success",
  denied: "danger",
  cancelled: "neutral",
  timed_out: "neutral",
};

const GRANT_TONES: Record<GrantStatus, BadgeTone> = {
  issuing: "warning",
  active: "success",
  expired: "neutral",
  revoked: "neutral",
};

export function RequestStatusBadge({ status }: { status: RequestStatus }) {
  return <Badge tone={REQUEST_TONES[status]}>{REQUEST_STATUS_LABELS[status]}</Badge>;
}

export function GrantStatusBadge({ status }: { status: GrantStatus }) {
  return <Badge tone={GRANT_TONES[status]}>{GRANT_STATUS_LABELS[status]}</Badge>;
}
