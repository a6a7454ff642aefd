// A connector whose issue/revoke fail until told otherwise: a target that is down.
import type { Connector } from "@/lib/connectors/types";
import { recordOnlyConnector } from "@/lib/connectors/record-only";

export function switchableConnector(kind = "switchable") {
  const state = { issueFails: false, revokeFails: false, issued: [] as string[], revoked: [] as string[] };
  const connector: Connector = {
    kind,
    async issue(grant, ctx) {
      if (state.issueFails) throw new Error("target unreachable");
      state.issued.push(grant.id);
      return recordOnlyConnector.issue(grant, ctx);
    },
    async revoke(grant, ctx) {
      if (state.revokeFails) throw new Error("target unreachable");
      state.revoked.push(grant.id);
      return recordOnlyConnector.revoke(grant, ctx);
    },
    verify: (grant, ctx) => recordOnlyConnector.verify(grant, ctx),
  };
  return { connector, state };
}
