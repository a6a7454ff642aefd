// A deterministic JSON text: object keys sorted at every depth, no whitespace, dates as
// ISO strings, undefined members left out. Hashing this text gives the same digest for
// the same content whatever key order the database hands back (jsonb reorders keys).
//
// Written for speed, since verifying the chain canonicalises every event ever recorded: one
// string built by concatenation, no intermediate arrays of entries. Keys sort by UTF-16 code
// units (Array.prototype.sort's default), the order `a < b` gives; canonical-json.test.ts
// pins this to the plain definition.
// Object keys repeat from one event to the next (a few dozen names in all): each one's JSON
// text is made once. Bounded, so keys an attacker varies cannot grow it without end.
const quotedKeys = new Map<string, string>();
const QUOTED_KEYS_MAX = 4096;
function quoteKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (quotedKeys.size < QUOTED_KEYS_MAX) quotedKeys.set(key, quoted);
  }
  return quoted;
}

export function canonicalJson(value: unknown): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new TypeError("canonicalJson: numbers must be finite");
      return JSON.stringify(value);
    case "object": {
      if (value instanceof Date) return `"${value.toISOString()}"`;
      if (Array.isArray(value)) {
        let out = "[";
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ",";
          const item: unknown = value[i];
          out += canonicalJson(item === undefined ? null : item);
        }
        return `${out}]`;
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      let out = "{";
      let first = true;
      for (const key of keys) {
        const member = record[key];
        if (member === undefined) continue;
        if (!first) out += ",";
        first = false;
        out += `${quoteKey(key)}:${canonicalJson(member)}`;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`canonicalJson: cannot encode ${typeof value}`);
  }
}
