import "server-only";
// What the admin page shows of a resource's connector: kind, settings, and for each secret
// field only whether it is set.
import { asc, eq } from "drizzle-orm";
import { connectorConfigs, resources } from "@/db/schema";
import type { UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { notFound } from "@/lib/errors";
import { CONNECTOR_KINDS, secretFieldsOf, type ConnectorKind } from "./settings";

export interface ConnectorConfigView {
  resource: { id: string; slug: string; name: string };
  kind: ConnectorKind;
  settings: Record<string, unknown>;
  secretsSet: string[];
  revision: number;
  updatedAt: Date | null;
  updatedBy: string | null;
}

const asKind = (kind: string): ConnectorKind => ((CONNECTOR_KINDS as readonly string[]).includes(kind) ? (kind as ConnectorKind) : "record-only");

export async function listConnectorConfigs(actor: UserActor, deps: Deps) {
  authorize(actor, "admin.read");
  return deps.db
    .select({ id: resources.id, slug: resources.slug, name: resources.name, kind: resources.connectorKind, updatedAt: connectorConfigs.updatedAt })
    .from(resources)
    .leftJoin(connectorConfigs, eq(connectorConfigs.resourceId, resources.id))
    .orderBy(asc(resources.name));
}

export async function getConnectorConfig(actor: UserActor, slug: string, deps: Deps): Promise<ConnectorConfigView> {
  authorize(actor, "admin.read");
  const [row] = await deps.db
    .select({ resource: { id: resources.id, slug: resources.slug, name: resources.name, kind: resources.connectorKind }, config: connectorConfigs })
    .from(resources)
    .leftJoin(connectorConfigs, eq(connectorConfigs.resourceId, resources.id))
    .where(eq(resources.slug, slug));
  if (!row) throw notFound("No such resource.");
  const kind = asKind(row.config?.kind ?? row.resource.kind);
  const secretsSet = row.config?.secretCiphertext ? secretFieldsOf(kind) : [];
  return {
    resource: { id: row.resource.id, slug: row.resource.slug, name: row.resource.name },
    kind,
    settings: row.config?.settings ?? {},
    secretsSet,
    revision: row.config?.revision ?? 0,
    updatedAt: row.config?.updatedAt ?? null,
    updatedBy: row.config?.updatedBy ?? null,
  };
}
