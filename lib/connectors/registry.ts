import "server-only";
import type { Connector } from "./types";
import { postgresRoleConnector } from "./postgres-role";
import { recordOnlyConnector } from "./record-only";
import { signedTokenConnector } from "./signed-token";
import { webhookConnector } from "./webhook";

export type ConnectorRegistry = ReadonlyMap<string, Connector>;

// Built-in connectors by kind. Those that reach a target read their resource's settings
// (lib/connectors/load-connector-config.ts) on every call, so a saved change applies at once.
export const defaultConnectors: ConnectorRegistry = new Map<string, Connector>(
  [recordOnlyConnector, postgresRoleConnector, signedTokenConnector, webhookConnector].map((connector) => [connector.kind, connector]),
);

export function connectorFor(registry: ConnectorRegistry, kind: string): Connector {
  const connector = registry.get(kind);
  if (!connector) throw new Error(`No connector of kind "${kind}" is configured`);
  return connector;
}
