import "server-only";
// DESIGN §7 for OIDC issuers and their key sets: https only, no credentials in the URL, and
// no private, loopback or link-local address unless LAPSE_ALLOW_PRIVATE_TARGETS=1 (tests).
// Checked when a workload is saved and again, after DNS, before Lapse fetches from it.
import { assertReachableTarget, OutboundTargetError, urlProblem } from "@/lib/connectors/outbound-target";

/** Issuers are compared as strings with `iss`; a trailing slash is kept as written. */
export function issuerUrlProblem(raw: string): string | null {
  const problem = urlProblem(raw);
  if (problem) return `The issuer URL ${problem}.`;
  const url = new URL(raw);
  if (url.search || url.hash) return "The issuer URL must not have a query or fragment.";
  return null;
}

/** Before fetching discovery or keys: the URL's scheme and where its host resolves. */
export async function assertFetchableUrl(raw: string): Promise<URL> {
  const problem = urlProblem(raw);
  if (problem) throw new OutboundTargetError(`URL ${problem}`);
  const url = new URL(raw);
  await assertReachableTarget(url.hostname);
  return url;
}
