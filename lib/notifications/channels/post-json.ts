import "server-only";
// A POST of JSON to an outbound URL an admin configured: checked against private targets
// after DNS, no redirects followed, a timeout, and any non-2xx answer is a failure.
import { assertReachableTarget } from "@/lib/connectors/outbound-target";

export async function postJson(url: string, body: string, headers: Record<string, string> = {}): Promise<void> {
  const target = new URL(url);
  await assertReachableTarget(target.hostname);
  const response = await fetch(target, {
    method: "POST",
    headers: { "content-type": "application/json", "user-agent": "lapse-notifications/1", ...headers },
    body,
    redirect: "manual",
    signal: AbortSignal.timeout(10_000),
  });
  await response.body?.cancel().catch(() => {});
  if (response.status < 200 || response.status >= 300) throw new Error(`${target.host} answered HTTP ${response.status}`);
}
