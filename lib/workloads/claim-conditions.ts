// Claim conditions, written "claim=value" (one per line in the editors). A value may use *
// as a wildcard for any run of characters (a glob), e.g. "sub=repo:acme/payments:ref:refs/heads/*".
// Every condition must hold; a claim that is missing or not a string/number/boolean fails.
// Pure: the workload editor, the policy editor and the token check share it.

export interface ClaimCondition {
  claim: string;
  value: string;
}

const CLAIM_NAME = /^[A-Za-z0-9_.:-]{1,64}$/;

/** "claim=value" → condition; null when the line is not one. */
export function parseClaimCondition(line: string): ClaimCondition | null {
  const at = line.indexOf("=");
  if (at <= 0) return null;
  const claim = line.slice(0, at).trim();
  const value = line.slice(at + 1).trim();
  if (!CLAIM_NAME.test(claim) || value.length === 0 || value.length > 300) return null;
  return { claim, value };
}

export const formatClaimCondition = (c: ClaimCondition) => `${c.claim}=${c.value}`;

/** The canonical form of a list of lines: trimmed, "claim=value", no duplicates. Throws on a bad line. */
export function normaliseClaimConditions(lines: readonly string[]): string[] {
  const out = new Set<string>();
  for (const raw of lines) {
    if (!raw.trim()) continue;
    const parsed = parseClaimCondition(raw);
    if (!parsed) throw new RangeError(`"${raw.trim()}" is not claim=value`);
    out.add(formatClaimCondition(parsed));
  }
  return [...out];
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.split("*").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${escaped.join(".*")}$`, "su");
}

function claimText(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

/** The conditions (as "claim=value" strings) the claims fail; empty when all hold. */
export function unmetClaimConditions(conditions: readonly string[], claims: Readonly<Record<string, unknown>>): string[] {
  return conditions.filter((line) => {
    const condition = parseClaimCondition(line);
    if (!condition) return true; // a malformed stored condition fails closed
    const actual = claimText(claims[condition.claim]);
    return actual === null || !globToRegExp(condition.value).test(actual);
  });
}

export const claimsMeet = (conditions: readonly string[], claims: Readonly<Record<string, unknown>>) =>
  unmetClaimConditions(conditions, claims).length === 0;
