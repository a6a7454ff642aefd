// Lapse's API under load, over HTTP against the production build (autocannon): auto-approved
// request → grant as workloads with API keys, and the access check as a target system.
import autocannon from "autocannon";
import type { BenchWorld } from "./generate";

export interface HttpFigures {
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  ok: number;
  failed: number;
}

function figures(result: autocannon.Result): HttpFigures {
  return {
    perSecond: result["2xx"] / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    ok: result["2xx"],
    failed: result.non2xx + result.errors,
  };
}

function run(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** Each connection is one workload asking for 15 minutes on a resource of its own. */
export async function requestLoad(url: string, world: BenchWorld, connections: number, seconds: number): Promise<HttpFigures> {
  let next = 0;
  const result = await run({
    url: `${url}/api/v1/requests`,
    connections,
    duration: seconds,
    method: "POST",
    setupClient(client) {
      const n = next++;
      const workload = world.workloads[n % world.workloads.length];
      const resource = world.resources[(n + 1) % world.resources.length];
      client.setHeadersAndBody(
        { authorization: `Bearer ${workload.key}`, "content-type": "application/json" },
        JSON.stringify({ resource: resource.slug, accessLevel: "read", duration: "PT15M", justification: "bench load" }),
      );
    },
  });
  return figures(result);
}

/** A target system (the workload allowed to check) asks about principals that hold live grants. */
export async function checkLoad(url: string, world: BenchWorld, connections: number, seconds: number): Promise<HttpFigures> {
  const checker = world.workloads[0];
  let i = 0;
  const result = await run({
    url,
    connections,
    duration: seconds,
    headers: { authorization: `Bearer ${checker.key}` },
    requests: [
      {
        method: "GET",
        setupRequest(request) {
          const sample = world.liveSamples[i++ % world.liveSamples.length];
          const query = new URLSearchParams({ principal: sample.principal, resource: sample.resource, level: sample.level });
          return { ...request, path: `/api/v1/access/check?${query}` };
        },
      },
    ],
  });
  return figures(result);
}

/**
 * What an HTTP request through Next costs before Lapse does any work: an unknown /api/v1 path,
 * answered 404 by the API pipeline before authentication or any database call. No operation
 * over HTTP can be faster than this on the same machine.
 */
export async function floorLoad(url: string, connections: number, seconds: number): Promise<HttpFigures> {
  const result = await run({ url: `${url}/api/v1/no-such-operation`, connections, duration: seconds });
  const { perSecond: _, ok: __, failed: ___, ...latency } = figures(result);
  // Every answer is the expected 404; count those as served.
  return { perSecond: result.non2xx / result.duration, ok: result.non2xx, failed: result.errors, ...latency };
}
