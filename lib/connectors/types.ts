// The one small interface between Lapse and the systems it grants access on.
// Every method must be idempotent: a worker may call it again after a crash or timeout.
import type { Db } from "@/db/client";

export interface ConnectorGrant {
  id: string;
  resourceId: string;
  principal: string;
  accessLevel: string;
  issuedAt: Date;
  expiresAt: Date;
}

export interface ConnectorContext {
  db: Db;
  now: Date;
}

export interface VerifyResult {
  /** True when the target still lets the principal in through this grant. */
  accessPresent: boolean;
  /** What was read back, kept as evidence. */
  details: Record<string, unknown>;
}

export interface IssueResult {
  /** What was done on the target, kept as evidence in the audit event. Nothing secret. */
  details: Record<string, unknown>;
  /**
   * Credentials only the grant's holder may see (a password, a token). Never written to
   * the audit log: the issuer seals them into a one-time envelope (grant_secrets).
   */
  secret?: Record<string, unknown>;
}

export interface Connector {
  readonly kind: string;
  issue(grant: ConnectorGrant, ctx: ConnectorContext): Promise<IssueResult>;
  revoke(grant: ConnectorGrant, ctx: ConnectorContext): Promise<void>;
  verify(grant: ConnectorGrant, ctx: ConnectorContext): Promise<VerifyResult>;
  /** Moves the end of access on the target after an approved extension (idempotent). */
  extend?(grant: ConnectorGrant, newExpiresAt: Date, ctx: ConnectorContext): Promise<{ details: Record<string, unknown> }>;
}
