import "server-only";
// The worker signs a checkpoint of the audit chain once per interval (default hourly,
// LAPSE_CHECKPOINT_INTERVAL_MS), when a signing secret is configured.
import type { Deps } from "@/lib/deps";
import { configuredCheckpointKey, type CheckpointKey } from "./checkpoint-key";
import { createCheckpoint, latestCheckpointAt } from "./checkpoints";

const DEFAULT_INTERVAL_MS = 3_600_000;

export async function checkpointIfDue(
  deps: Pick<Deps, "db" | "clock">,
  key: CheckpointKey | null = configuredCheckpointKey(),
  intervalMs = Number(process.env.LAPSE_CHECKPOINT_INTERVAL_MS) || DEFAULT_INTERVAL_MS,
): Promise<boolean> {
  if (!key) return false;
  const now = deps.clock();
  const latest = await latestCheckpointAt(deps.db);
  if (latest && now.getTime() - latest.getTime() < intervalMs) return false;
  return (await createCheckpoint(deps.db, key, now)) !== null;
}
