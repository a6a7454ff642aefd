// The hash that links each audit event to the one before it.
import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical-json";

export const GENESIS_HASH = "0".repeat(64);

export interface HashedContent {
  seq: number;
  occurredAt: Date;
  actorKind: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  resourceId: string | null;
  requestId: string | null;
  grantId: string | null;
  details: Record<string, unknown>;
  prevHash: string;
}

export function computeEventHash(content: HashedContent): string {
  const text = canonicalJson({
    seq: content.seq,
    occurredAt: content.occurredAt,
    actorKind: content.actorKind,
    actorId: content.actorId,
    actorLabel: content.actorLabel,
    action: content.action,
    resourceId: content.resourceId,
    requestId: content.requestId,
    grantId: content.grantId,
    details: content.details,
    prevHash: content.prevHash,
  });
  return createHash("sha256").update(text).digest("hex");
}
