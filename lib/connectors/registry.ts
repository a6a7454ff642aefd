import "server-only";
import type { Connector } from "./types";
import { recordOnlyConnector } from "./record-only";

export type ConnectorRegistry = ReadonlyMap<string, Connector>;

export const defaultConnectors: ConnectorRegistry = new Map([[recordOnlyConnector.kind, recordOnlyConnector]]);

export function connectorFor(registry: ConnectorRegistry, kind: string): Connector {
  const connector = registry.get(kind);
  if (!connector) throw new Error(`No connector of kind "${kind}" is configured`);
  return connector;
}
