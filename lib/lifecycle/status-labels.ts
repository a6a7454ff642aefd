import type { GrantStatus, RequestStatus } from "@/db/schema";

export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = {
  pending: "pending",
  approved: "approved",
  denied: "denied",
  cancelled: "cancelled",
  timed_out: "timed out",
};

export const GRANT_STATUS_LABELS: Record<GrantStatus, string> = {
  issuing: "issuing",
  active: "active",
  expired: "expired",
  revoked: "revoked",
};
