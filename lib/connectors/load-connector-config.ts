import "server-only";
// The configuration a connector acts with, secrets decrypted. Only connectors call this;
// nothing it returns may reach a page, an API answer, an audit event or a log line.
import { eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { connectorConfigs } from "@/db/schema";
import { openJson } from "@/lib/crypto/secret-box";
import { SETTINGS_SCHEMAS, type ConnectorKind } from "./settings";

export const connectorSecretContext = (resourceId: string) => `connector_configs:${resourceId}`;

export async function loadConnectorConfig<K extends ConnectorKind>(
  db: Executor,
  resourceId: string,
  kind: K,
): Promise<{ settings: ReturnType<(typeof SETTINGS_SCHEMAS)[K]["settings"]["parse"]>; secrets: ReturnType<(typeof SETTINGS_SCHEMAS)[K]["secrets"]["parse"]> }> {
  const [row] = await db.select().from(connectorConfigs).where(eq(connectorConfigs.resourceId, resourceId));
  if (!row || row.kind !== kind) throw new Error(`resource has no ${kind} connector configuration`);
  const schemas = SETTINGS_SCHEMAS[kind];
  const secrets = row.secretCiphertext ? openJson<Record<string, unknown>>(row.secretCiphertext, connectorSecretContext(resourceId)) : {};
  return {
    settings: schemas.settings.parse(row.settings) as never,
    secrets: schemas.secrets.parse(secrets) as never,
  };
}
