// DESIGN §7: when a workload acts, the evidence names the workload, how it authenticated and
// the run it acted for (its verified token claims), on every event it causes, not only the
// request: an auditor reading a relinquish or an extension sees which pipeline run did it.
import type { Actor } from "./actor";

/** The verified token claims worth keeping as evidence: who issued it, for whom, which run. */
const EVIDENCE_CLAIMS = ["iss", "sub", "aud", "repository", "ref", "workflow", "run_id", "run_attempt", "sha", "actor", "job_workflow_ref", "environment", "jti"];

export function evidenceClaims(claims: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(EVIDENCE_CLAIMS.filter((k) => claims[k] !== undefined).map((k) => [k, claims[k]]));
}

/** `{ workload: … }` for an event a workload caused, to spread into its details; nothing for a person. */
export function workloadEvidence(actor: Actor): { workload?: { id: string; name: string; authenticatedBy: string; claims: Record<string, unknown> } } {
  if (actor.kind !== "workload") return {};
  return { workload: { id: actor.workloadId, name: actor.name, authenticatedBy: actor.via, claims: evidenceClaims(actor.claims) } };
}
