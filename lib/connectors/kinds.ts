// The connector kinds and their secret fields, shared with client components (no server code).
export const CONNECTOR_KINDS = ["record-only", "postgres-role", "signed-token", "webhook"] as const;
export type ConnectorKind = (typeof CONNECTOR_KINDS)[number];

export const CONNECTOR_KIND_LABELS: Record<ConnectorKind, string> = {
  "record-only": "Record only (the grant is the access; targets ask Lapse)",
  "postgres-role": "PostgreSQL login role",
  "signed-token": "Signed short-lived token (JWT, ES256)",
  webhook: "Signed webhook (HMAC-SHA256)",
};

export const SECRET_FIELDS: Record<ConnectorKind, readonly string[]> = {
  "record-only": [],
  "postgres-role": ["adminPassword"],
  "signed-token": [],
  webhook: ["signingKey"],
};
