import "server-only";
// The signed checkpoints as a file to keep outside Lapse and compare later. Each carries what
// this server made of it at export time: its signature checked against the server's own key
// (named at the top), and whether the chain still holds that head.
import type { UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { configuredCheckpointKey, type CheckpointKey } from "./checkpoint-key";
import { listCheckpoints, serverKeyView } from "./checkpoints";

const EXPORT_LIMIT = 10_000;

export async function exportCheckpoints(actor: UserActor, deps: Pick<Deps, "db" | "clock">, serverKey: CheckpointKey | null = configuredCheckpointKey()) {
  authorize(actor, "audit.read");
  const checkpoints = await listCheckpoints(actor, deps, EXPORT_LIMIT, serverKey);
  return {
    format: "lapse-checkpoint:v1",
    signedContent: "lapse-checkpoint:v1:<seq>:<headHash>:<createdAt ISO 8601>, Ed25519, public key as base64 SPKI DER",
    exportedAt: deps.clock().toISOString(),
    checkedAgainst: serverKeyView(serverKey),
    truncated: checkpoints.length === EXPORT_LIMIT,
    checkpoints: checkpoints.map(({ seq, headHash, createdAt, keyId, publicKey, signature, signatureValid, signatureNote, matchesChain }) => ({
      seq,
      headHash,
      createdAt,
      keyId,
      publicKey,
      signature,
      signatureValid,
      signatureNote,
      matchesChain,
    })),
  };
}
