#!/usr/bin/env node
// lapse — the Lapse CLI for pipelines and people (npx lapse …). Plain Node (18+), no dependencies.
//
//   lapse request --resource <slug> --level <level> --duration PT15M --reason "…" [--ticket T]
//                 [--timeout 600] [--credentials-file F | --dotenv F] [--print-credentials]
//   lapse status  [--request <id>]          your live grants, or one request
//   lapse relinquish --grant <id>           give a grant back now
//
// Server: LAPSE_URL (or --url). Token: LAPSE_TOKEN (a personal token or workload API key), else
// an OIDC token from LAPSE_OIDC_TOKEN, else from the file LAPSE_OIDC_TOKEN_FILE (re-read when
// the token expires), else GitHub Actions' ID token (ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN,
// audience LAPSE_AUDIENCE; fetched again when it expires). Credentials never go to standard output unless
// --print-credentials is given: CI logs keep what is printed. Exit codes: 0 ok, 1 refused or
// error, 2 denied/cancelled/timed out by Lapse, 3 gave up waiting.
// package.json's "bin" installs bin/lapse, a launcher that imports this file.
import { randomUUID } from "node:crypto";
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";

class CliError extends Error {
  constructor(message, code = 1) {
    super(message);
    this.code = code;
  }
}

const OPTIONS = {
  url: { type: "string" },
  resource: { type: "string" },
  level: { type: "string" },
  duration: { type: "string" },
  reason: { type: "string" },
  ticket: { type: "string" },
  timeout: { type: "string", default: "600" },
  interval: { type: "string", default: "2" },
  "credentials-file": { type: "string" },
  "dotenv": { type: "string" },
  "print-credentials": { type: "boolean", default: false },
  request: { type: "string" },
  grant: { type: "string" },
  help: { type: "boolean", short: "h", default: false },
};

const USAGE = `usage: lapse request --resource <slug> --level <level> --duration PT15M --reason "…" [--ticket T] [--timeout 600] [--credentials-file F | --dotenv F] [--print-credentials]
       lapse status [--request <id>]
       lapse relinquish --grant <id>
environment: LAPSE_URL, LAPSE_TOKEN, LAPSE_OIDC_TOKEN or LAPSE_OIDC_TOKEN_FILE (or GitHub Actions OIDC with LAPSE_AUDIENCE)`;

/**
 * Where the token comes from, and whether asking again can give a fresh one: a CI OIDC token
 * lives minutes and may expire while the CLI waits for a person's decision.
 */
function tokenSource() {
  const env = process.env;
  if (env.LAPSE_TOKEN) return { get: async () => env.LAPSE_TOKEN, renewable: false };
  if (env.LAPSE_OIDC_TOKEN) return { get: async () => env.LAPSE_OIDC_TOKEN, renewable: false };
  if (env.LAPSE_OIDC_TOKEN_FILE) {
    const file = env.LAPSE_OIDC_TOKEN_FILE;
    const get = async () => {
      try {
        return readFileSync(file, "utf8").trim();
      } catch (error) {
        throw new CliError(`cannot read LAPSE_OIDC_TOKEN_FILE ${file}: ${error.code ?? error.message}`);
      }
    };
    return { get, renewable: true };
  }
  if (env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
    const get = async () => {
      const url = new URL(env.ACTIONS_ID_TOKEN_REQUEST_URL);
      if (env.LAPSE_AUDIENCE) url.searchParams.set("audience", env.LAPSE_AUDIENCE);
      const response = await fetch(url, { headers: { authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` } });
      if (!response.ok) throw new CliError(`could not get the GitHub Actions OIDC token (${response.status})`);
      return (await response.json()).value;
    };
    return { get, renewable: true };
  }
  throw new CliError("no token: set LAPSE_TOKEN, LAPSE_OIDC_TOKEN or LAPSE_OIDC_TOKEN_FILE, or run in GitHub Actions with id-token: write");
}

/** What the pipeline run is, from the CI's own variables; context for the evidence, not identity. */
function pipelineContext() {
  const env = process.env;
  const context = {
    repository: env.LAPSE_PIPELINE_REPOSITORY ?? env.GITHUB_REPOSITORY ?? env.CI_PROJECT_PATH,
    runId: env.LAPSE_PIPELINE_RUN_ID ?? env.GITHUB_RUN_ID ?? env.CI_PIPELINE_ID,
    commit: env.LAPSE_PIPELINE_COMMIT ?? env.GITHUB_SHA ?? env.CI_COMMIT_SHA,
    workflow: env.LAPSE_PIPELINE_WORKFLOW ?? env.GITHUB_WORKFLOW ?? env.CI_JOB_NAME,
  };
  const present = Object.fromEntries(Object.entries(context).filter(([, v]) => v));
  return Object.keys(present).length ? present : undefined;
}

function client(base, source) {
  let token = null;
  const send = async (method, path, body, headers) => {
    try {
      return await fetch(`${base.replace(/\/$/, "")}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, accept: "application/json", ...(body ? { "content-type": "application/json" } : {}), ...headers },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      throw new CliError(`cannot reach Lapse at ${base}: ${error.cause?.code ?? error.message}`);
    }
  };
  return async function call(method, path, body, headers = {}) {
    token ??= await source.get();
    let response = await send(method, path, body, headers);
    // Refused as unauthenticated with a token that can be renewed (it has likely expired while
    // we waited): once more with a fresh one. A POST carries its Idempotency-Key, so a retry never doubles it.
    if (response.status === 401 && source.renewable) {
      token = await source.get();
      response = await send(method, path, body, headers);
    }
    const text = await response.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (!response.ok) {
      const fields = json?.errors ? ` (${Object.entries(json.errors).map(([f, m]) => `${f}: ${m.join(" ")}`).join("; ")})` : "";
      const problem = new CliError(`${response.status} ${json?.detail ?? json?.title ?? response.statusText}${fields}`);
      problem.status = response.status;
      throw problem;
    }
    return json;
  };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (value, name) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new CliError(`--${name} must be a number of seconds`);
  return n;
};

/** `validUntil` → `LAPSE_CREDENTIAL_VALID_UNTIL`. The prefix keeps a connector's `token` from
 * overwriting LAPSE_TOKEN (the caller's own Lapse token) when the file is $GITHUB_ENV. */
const credentialVariable = (key) => `LAPSE_CREDENTIAL_${key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/[^A-Za-z0-9]/g, "_").toUpperCase()}`;

const wantsCredentials = (args) => Boolean(args["dotenv"] || args["credentials-file"] || args["print-credentials"]);

function writeCredentials(args, grant, credentials) {
  const values = { LAPSE_GRANT_ID: grant.id, LAPSE_GRANT_EXPIRES_AT: grant.expiresAt ?? "", ...Object.fromEntries(Object.entries(credentials ?? {}).map(([k, v]) => [credentialVariable(k), typeof v === "string" ? v : JSON.stringify(v)])) };
  if (args["dotenv"]) {
    // Appends, so it works with $GITHUB_ENV; values on one line each.
    appendFileSync(args["dotenv"], Object.entries(values).map(([k, v]) => `${k}=${String(v).replace(/\r?\n/g, " ")}\n`).join(""), { mode: 0o600 });
  }
  if (args["credentials-file"]) writeFileSync(args["credentials-file"], `${JSON.stringify({ grant, credentials: credentials ?? null }, null, 2)}\n`, { mode: 0o600 });
  if (args["print-credentials"] && credentials) process.stderr.write(`${JSON.stringify(credentials)}\n`);
}

async function request(args, call) {
  for (const name of ["resource", "level", "duration"]) if (!args[name]) throw new CliError(`--${name} is required`);
  const timeout = seconds(args.timeout, "timeout");
  const interval = Math.max(0.2, seconds(args.interval, "interval"));
  // One key for this invocation: a retried POST (say, after a dropped connection) is not a second request.
  const idempotencyKey = randomUUID();
  const body = { resource: args.resource, accessLevel: args.level, duration: args.duration, justification: args.reason ?? "", ticket: args.ticket, pipeline: pipelineContext() };
  let created;
  for (let attempt = 0; ; attempt++) {
    try {
      created = await call("POST", "/requests", body, { "idempotency-key": idempotencyKey });
      break;
    } catch (error) {
      if (attempt < 2 && (error.status === undefined || error.status >= 500 || error.status === 409)) {
        await sleep(1000 * (attempt + 1));
        continue;
      }
      throw error;
    }
  }
  const deadline = Date.now() + timeout * 1000;
  let current = created;
  if (current.status === "pending") process.stderr.write(`lapse: request ${current.id} is waiting for approval\n`);
  for (;;) {
    if (current.status === "denied" || current.status === "cancelled" || current.status === "timed_out") {
      throw new CliError(`request ${current.id} was ${current.status.replace("_", " ")}`, 2);
    }
    if (current.status === "approved" && current.grant?.status === "active" && current.grant.live) break;
    if (current.grant && (current.grant.status === "expired" || current.grant.status === "revoked")) throw new CliError(`grant ${current.grant.id} already ${current.grant.status}`, 2);
    if (Date.now() >= deadline) throw new CliError(`timed out after ${timeout} s waiting for request ${current.id} (${current.status})`, 3);
    await sleep(interval * 1000);
    current = await call("GET", `/requests/${current.id}`);
  }
  // Credentials are shown once: fetching them with nowhere to put them would throw them away,
  // so without a destination they stay with Lapse (the holder can see them once in the portal).
  let credentials = null;
  if (wantsCredentials(args)) {
    try {
      credentials = (await call("POST", `/grants/${current.grant.id}/credentials`, {})).credentials;
    } catch (error) {
      if (error.status !== 404) throw error;
    }
  }
  writeCredentials(args, current.grant, credentials);
  process.stdout.write(`${JSON.stringify(current.grant)}\n`);
}

async function status(args, call) {
  const result = args.request ? await call("GET", `/requests/${encodeURIComponent(args.request)}`) : await call("GET", "/grants?live=true");
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

async function relinquish(args, call) {
  if (!args.grant) throw new CliError("--grant is required");
  const result = await call("POST", `/grants/${encodeURIComponent(args.grant)}/relinquish`, {});
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

async function main(argv) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError(error.message);
  }
  const { values: args, positionals } = parsed;
  const command = positionals[0];
  if (args.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const commands = { request, status, relinquish };
  if (!commands[command]) throw new CliError(`unknown command "${command}"; try lapse --help`);
  const base = args.url ?? process.env.LAPSE_URL;
  if (!base) throw new CliError("no server: set LAPSE_URL or pass --url");
  await commands[command](args, client(base, tokenSource()));
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`lapse: ${error instanceof CliError ? error.message : `unexpected error: ${error.message}`}\n`);
  process.exitCode = error instanceof CliError ? error.code : 1;
});
