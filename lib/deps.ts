// What a service function needs from the outside world, passed in so tests can give it a
// database of their own, a clock they move, and connectors that fail on demand.
import type { Db } from "@/db/client";
import type { ConnectorRegistry } from "@/lib/connectors/registry";

export type Clock = () => Date;

export interface Deps {
  db: Db;
  clock: Clock;
  connectors: ConnectorRegistry;
}
