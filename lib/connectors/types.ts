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
  /** The target's own name for the access (a role name), when it has one: drift findings use it. */
  subject?: string;
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
  /**
   * True when the connector talks to nothing outside Lapse's own database (the record-only
   * connector): the expiry sweep then ends a whole batch at once instead of a few at a time.
   */
  readonly localOnly?: boolean;
  /** True when verify reads the target itself (not Lapse's ledger): only then can it reveal drift. */
  readonly verifiesTarget?: boolean;
  /**
   * The grant ids of every access this connector manages on the resource's target right now
   * (e.g. roles named lapse_<grant id>), so the drift sweep can find access Lapse never issued
   * or already ended.
   */
  listManaged?(resourceId: string, ctx: ConnectorContext): Promise<string[]>;
  /**
   * Moves the end of access on the target after an approved extension (idempotent). May
   * return new credentials (a token with the later `exp`), sealed for the holder like at issue.
   */
  extend?(grant: ConnectorGrant, newExpiresAt: Date, ctx: ConnectorContext): Promise<IssueResult>;
  /**
   * For a live grant, what the target gives beyond it (access that would outlast its end), in
   * words, or null. The drift sweep reports it and sets the end back with `extend`.
   */
  exceedsGrant?(grant: ConnectorGrant, result: VerifyResult): string | null;
}
