// A connector whose issue/revoke fail until told otherwise: a target that is down. With
// `accessLingers`, revoke answers OK but verify still reads the access back (a target that
// acknowledged and did nothing).
import type { Connector } from "@/lib/connectors/types";
import { recordOnlyConnector } from "@/lib/connectors/record-only";

export function switchableConnector(kind = "switchable") {
  const state = { issueFails: false, revokeFails: false, accessLingers: false, issued: [] as string[], revoked: [] as string[] };
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
    async verify(grant, ctx) {
      const read = await recordOnlyConnector.verify(grant, ctx);
      return state.accessLingers ? { ...read, accessPresent: true, details: { ...read.details, lingering: true } } : read;
    },
  };
  return { connector, state };
}
