// fast-check arbitraries derived from a zod schema, for fuzzing what the schema guards. The
// schema's input side is read as JSON Schema (inputJsonSchema, the same the OpenAPI document is
// made from) and turned into:
//   valid     values that keep every constraint JSON Schema can state: types, required keys,
//             lengths, bounds, formats, patterns, enums. Their text is often hostile (markup,
//             SQL, formula prefixes, right-to-left overrides, emoji) and lengths hit the bounds.
//             Refinements and transforms are invisible to JSON Schema, so a value can still be
//             refused by them; `hints` supply values by property name where that matters
//             (ids that exist, an email behind a .pipe()).
//   nearMiss  a valid value with exactly one thing broken: a property of the wrong type,
//             missing, too long or too short by one, very long, out of range by one, not a
//             whole number, NaN or infinite, malformed (uuid, email, date-time, pattern), not
//             in the enum, with a NUL byte, an array one item too long or short.
//   input     both, plus numeric strings and fast-check's anything(): what a fuzzer sends.
// A near-miss breaks a constraint of the branch (of a union) it came from; z.coerce may still
// accept some (true is 1), which is fine for fuzzing: the service must answer either way.
import fc from "fast-check";
import type { z } from "zod";
import { inputJsonSchema } from "@/lib/api/openapi";

type Node = Record<string, any>;
type Arb = fc.Arbitrary<unknown>;

export interface SchemaArbitraryOptions {
  /** Valid values for properties of these names, wherever they appear, instead of derived ones (near-misses are still derived). */
  hints?: Record<string, fc.Arbitrary<unknown>>;
  /** Draw the derived values beside the hints (1 in 4) rather than never: for fuzzing, where the bounds matter too. */
  mixHints?: boolean;
}

export interface SchemaArbitraries {
  jsonSchema: Node;
  valid: Arb;
  nearMiss: Arb;
  input: Arb;
}

/** Text an attacker or a careless paste would send; each is used only where it fits the bounds. */
export const HOSTILE_TEXT = [
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  '"><svg onload=alert(1)>',
  "'; drop table users; --",
  "' or '1'='1",
  "=1+2",
  "@SUM(A1:A9)",
  "+cmd|' /C calc'!A0",
  "\u202egnp.exe",
  "🙂👩‍👩‍👧‍👦",
  "Zalgo z̷̢̛a̶l̸g̵o",
  "ＦＵＬＬＷＩＤＴＨ",
  "line\r\nbreak\ttab",
  "${7*7}{{7*7}}",
  "../../etc/passwd",
  "null",
  "undefined",
  "%00",
];

/** Very long text for fields that have no smaller bound. */
const VERY_LONG = 50_000;
const WRONG_TYPES: Arb = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.string({ maxLength: 5 }), { minLength: 1, maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { minKeys: 1, maxKeys: 2 }),
);
const NOT_A_STRING: Arb = fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant([]), fc.constant({}), fc.constant(["a"]));
const NOT_A_NUMBER: Arb = fc.oneof(fc.constantFrom("abc", "", " ", "12abc", "0x", "--1", "1e309x"), fc.constant(null), fc.constant({}), fc.constant(["a", "b"]), fc.constant(Number.NaN));

export function schemaArbitraries(schema: z.ZodType, options: SchemaArbitraryOptions = {}): SchemaArbitraries {
  const jsonSchema = inputJsonSchema(schema);
  const derive = new Derivation(jsonSchema, options.hints ?? {}, options.mixHints ?? false);
  const valid = derive.valid(jsonSchema, 0);
  const nearMiss = derive.nearMiss(jsonSchema, 0);
  const odd = fc.oneof(fc.anything({ maxDepth: 2 }), fc.constantFrom("1", "-0", "1e3", " 42 ", "Infinity", "0x10"));
  const input = fc.oneof({ arbitrary: valid, weight: 4 }, { arbitrary: nearMiss, weight: 5 }, { arbitrary: odd, weight: 1 });
  return { jsonSchema, valid, nearMiss, input };
}

class Derivation {
  constructor(
    private readonly root: Node,
    private readonly hints: Record<string, Arb>,
    private readonly mixHints: boolean,
  ) {}

  private resolve(node: Node): Node {
    if (typeof node.$ref !== "string") return node;
    if (node.$ref === "#") return this.root;
    const name = node.$ref.replace(/^#\/(\$defs|definitions)\//, "");
    const target = this.root.$defs?.[name] ?? this.root.definitions?.[name];
    if (!target) throw new Error(`unresolvable $ref ${node.$ref}`);
    return target;
  }

  private typesOf(node: Node): string[] {
    if (Array.isArray(node.type)) return node.type;
    if (typeof node.type === "string") return [node.type];
    if (node.properties || node.additionalProperties) return ["object"];
    if (node.items || node.prefixItems) return ["array"];
    return [];
  }

  valid(raw: Node, depth: number): Arb {
    const node = this.resolve(raw);
    if ("const" in node) return fc.constant(node.const);
    if (Array.isArray(node.enum)) return fc.constantFrom(...node.enum);
    const union = node.anyOf ?? node.oneOf;
    if (union) return fc.oneof(...union.map((branch: Node) => this.valid(branch, depth)));
    if (node.allOf) return this.valid(Object.assign({}, ...node.allOf.map((part: Node) => this.resolve(part))), depth);
    const types = this.typesOf(node);
    if (types.length > 1) return fc.oneof(...types.map((type) => this.valid({ ...node, type }, depth)));
    switch (types[0]) {
      case "string":
        return validString(node);
      case "integer":
        return validInteger(node);
      case "number":
        return validNumber(node);
      case "boolean":
        return fc.boolean();
      case "null":
        return fc.constant(null);
      case "array":
        return this.validArray(node, depth);
      case "object":
        return this.validObject(node, depth);
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  }

  private validArray(node: Node, depth: number): Arb {
    if (Array.isArray(node.prefixItems)) return fc.tuple(...node.prefixItems.map((item: Node) => this.valid(item, depth + 1)));
    const item = node.items && typeof node.items === "object" ? this.valid(node.items, depth + 1) : fc.jsonValue({ maxDepth: 1 });
    const minLength = node.minItems ?? 0;
    const maxLength = Math.min(node.maxItems ?? minLength + 4, minLength + 4);
    return node.uniqueItems ? fc.uniqueArray(item, { minLength, maxLength, selector: (v) => JSON.stringify(v) }) : fc.array(item, { minLength, maxLength });
  }

  private propertyValue(name: string, node: Node, depth: number): Arb {
    const hint = this.hints[name];
    if (!hint) return this.valid(node, depth + 1);
    return this.mixHints ? fc.oneof({ arbitrary: hint, weight: 3 }, { arbitrary: this.valid(node, depth + 1), weight: 1 }) : hint;
  }

  private validObject(node: Node, depth: number): Arb {
    const properties: Record<string, Node> = node.properties ?? {};
    const required: string[] = node.required ?? [];
    const model = Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, this.propertyValue(name, property, depth)]));
    const known = fc.record(model, { requiredKeys: required.filter((name) => name in model) });
    // Keys the schema does not name: a map's entries, or (where extra keys are allowed) the
    // prototype-polluting ones a JSON body can carry as own properties.
    let extra: fc.Arbitrary<Record<string, unknown>> = fc.constant({});
    if (node.additionalProperties && typeof node.additionalProperties === "object") {
      const key = node.propertyNames ? validString({ type: "string", ...this.resolve(node.propertyNames) }) : fc.string({ maxLength: 10 });
      extra = fc.dictionary(key.filter((k) => typeof k === "string" && !(k in properties)) as fc.Arbitrary<string>, this.valid(node.additionalProperties, depth + 1), { maxKeys: 3 });
    } else if (node.additionalProperties !== false && depth < 2) {
      extra = fc.option(fc.dictionary(fc.constantFrom("__proto__", "constructor", "prototype", "isAdmin", "toString"), WRONG_TYPES, { maxKeys: 2 }), { nil: {} }) as fc.Arbitrary<Record<string, unknown>>;
    }
    return fc.tuple(known, extra).map(([value, more]) => withOwnKeys(more, value as Record<string, unknown>));
  }

  nearMiss(raw: Node, depth: number): Arb {
    const node = this.resolve(raw);
    if ("const" in node || Array.isArray(node.enum)) {
      const allowed: unknown[] = "const" in node ? [node.const] : node.enum;
      const strings = allowed.filter((v): v is string => typeof v === "string");
      const neighbours = strings.flatMap((v) => [v.toUpperCase(), `${v} `, `${v}x`, v.slice(0, -1), ""]).filter((v) => !allowed.includes(v));
      const notAllowed = WRONG_TYPES.filter((v) => !allowed.some((a) => JSON.stringify(a) === JSON.stringify(v)));
      return neighbours.length ? fc.oneof(fc.constantFrom(...neighbours), notAllowed) : notAllowed;
    }
    const union = node.anyOf ?? node.oneOf;
    if (union) return fc.oneof(...union.map((branch: Node) => this.nearMiss(branch, depth)));
    if (node.allOf) return this.nearMiss(Object.assign({}, ...node.allOf.map((part: Node) => this.resolve(part))), depth);
    const types = this.typesOf(node);
    if (types.length > 1) return fc.oneof(...types.map((type) => this.nearMiss({ ...node, type }, depth)));
    switch (types[0]) {
      case "string":
        return nearMissString(node);
      case "integer":
      case "number":
        return nearMissNumber(node, types[0] === "integer");
      case "boolean":
        return fc.oneof(fc.constantFrom("yes", "TRUE ", 2, -1), fc.constant(null), fc.constant([true]), fc.constant({}));
      case "null":
        return fc.oneof(fc.constantFrom("null", "nil", 0, false), fc.constant([]), fc.constant({}));
      case "array":
        return this.nearMissArray(node, depth);
      case "object":
        return this.nearMissObject(node, depth);
      default:
        // Anything goes: there is no constraint to break, so send junk.
        return fc.anything({ maxDepth: 2 });
    }
  }

  private nearMissArray(node: Node, depth: number): Arb {
    const misses: Arb[] = [fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.constant(null), fc.constant({ 0: "a", length: 1 }))];
    if (Array.isArray(node.prefixItems)) {
      const items: Node[] = node.prefixItems;
      const tuple = fc.tuple(...items.map((item) => this.valid(item, depth + 1)));
      misses.push(tuple.map((values) => values.slice(0, -1)));
      misses.push(tuple.map((values) => [...values, "extra"]));
      items.forEach((item, i) => misses.push(fc.tuple(tuple, this.nearMiss(item, depth + 1)).map(([values, bad]) => values.map((v, j) => (j === i ? bad : v)))));
      return fc.oneof(...misses);
    }
    const itemNode: Node | null = node.items && typeof node.items === "object" ? node.items : null;
    const item = itemNode ? this.valid(itemNode, depth + 1) : fc.jsonValue({ maxDepth: 1 });
    const minItems = node.minItems ?? 0;
    if (minItems > 0) misses.push(fc.array(item, { minLength: minItems - 1, maxLength: minItems - 1 }));
    if (node.maxItems !== undefined && node.maxItems < 5_000) {
      const over = node.maxItems + 1;
      misses.push(item.chain((first) => fc.array(item, { minLength: over - 1, maxLength: over - 1 }).map((rest) => [first, ...rest])));
    }
    if (itemNode) {
      const length = Math.max(minItems, 1);
      misses.push(
        fc.tuple(fc.array(item, { minLength: length, maxLength: length }), this.nearMiss(itemNode, depth + 1), fc.nat()).map(([values, bad, at]) => {
          const copy = [...values];
          copy[at % copy.length] = bad;
          return copy;
        }),
      );
    }
    return fc.oneof(...misses);
  }

  private nearMissObject(node: Node, depth: number): Arb {
    const properties: Record<string, Node> = node.properties ?? {};
    const required: string[] = node.required ?? [];
    const whole = this.validObject(node, depth) as fc.Arbitrary<Record<string, unknown>>;
    const misses: Arb[] = [fc.oneof(fc.constant(null), fc.constant([]), fc.string({ maxLength: 10 }), fc.integer(), fc.constant([{}]))];
    for (const name of required) misses.push(whole.map((value) => omit(value, name)));
    for (const [name, property] of Object.entries(properties)) {
      misses.push(fc.tuple(whole, this.nearMiss(property, depth + 1)).map(([value, bad]) => withOwnKeys({ [name]: bad }, value)));
    }
    if (node.additionalProperties === false) misses.push(whole.map((value) => ({ ...value, unexpectedField: "x" })));
    return fc.oneof(...misses);
  }
}

/** `base` with `extra`'s keys set as own properties (so "__proto__" is a key, as in parsed JSON). */
function withOwnKeys(extra: Record<string, unknown>, base: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const key of Object.keys(extra)) Object.defineProperty(out, key, { value: extra[key], enumerable: true, writable: true, configurable: true });
  return out;
}

function omit(value: Record<string, unknown>, name: string): Record<string, unknown> {
  const { [name]: _gone, ...rest } = value;
  return rest;
}

// ---- strings

// Lengths count code points, as JSON Schema and zod do ("🙂" is one, though two UTF-16 units).
const bounds = (node: Node) => ({ min: node.minLength ?? 0, max: node.maxLength ?? Number.POSITIVE_INFINITY });
const codePoints = (s: string) => [...s].length;

/** Strings of a format JSON Schema names; each generator makes only values zod's check accepts. */
const FORMATS: Record<string, () => fc.Arbitrary<string>> = {
  uuid: () => fc.uuid({ version: [1, 2, 3, 4, 5, 6, 7, 8] }),
  guid: () => fc.uuid({ version: [1, 2, 3, 4, 5, 6, 7, 8] }),
  email: () => fc.tuple(fc.stringMatching(/^[a-z0-9]{1,12}([._+-][a-z0-9]{1,6}){0,2}$/), fc.stringMatching(/^[a-z0-9]{1,10}(-[a-z0-9]{1,4})?$/), fc.constantFrom("test", "example", "com", "dev")).map(([local, host, tld]) => `${local}@${host}.${tld}`),
  "date-time": () => fc.date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2199-12-31T23:59:59Z"), noInvalidDate: true }).map((d) => d.toISOString()),
  date: () => fc.date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2199-12-31T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  uri: () => fc.tuple(fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/), fc.stringMatching(/^(\/[a-z0-9._~-]{1,8}){0,3}$/)).map(([host, path]) => `https://${host}.example${path}`),
  ipv4: () => fc.ipV4(),
  ipv6: () => fc.ipV6(),
};

const BROKEN_FORMATS: Record<string, string[]> = {
  uuid: ["00000000-0000-0000-0000-00000000000", "0a0a0a0a-0a0a-0a0a-0a0a-0a0a0a0a0a0g", "0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a", "{0a0a0a0a-0a0a-4a0a-8a0a-0a0a0a0a0a0a}", "0a0a0a0a-0a0a-9a0a-8a0a-0a0a0a0a0a0a", "0a0a0a0a-0a0a-4a0a-ca0a-0a0a0a0a0a0a"],
  email: ["plainaddress", "@no-local.test", "two@@at.test", "dot..dot@x.test", "trailing@dot.", "space in@x.test", "<a@b.test>"],
  "date-time": ["2024-13-01T00:00:00Z", "2024-02-30T00:00:00Z", "2024-01-01 00:00:00", "yesterday", "2024-01-01T25:00:00Z", "1704067200"],
  date: ["2024-13-01", "2024-1-1", "01/02/2024", "today"],
  uri: ["not a url", "https://", "javascript:alert(1)x y", "://x"],
  ipv4: ["256.1.1.1", "1.2.3", "1.2.3.4.5"],
  ipv6: ["::g", "1:2:3:4:5:6:7:8:9", ":::"],
};
BROKEN_FORMATS.guid = BROKEN_FORMATS.uuid;

/** Fits `value` into [min, max] code points: trimmed (many schemas trim), no NUL, padded or cut. */
function fit(value: string, min: number, max: number): string {
  let points = [...value.trim().replaceAll("\u0000", "")];
  if (points.length > max) points = points.slice(0, max);
  let text = points.join("").trimEnd();
  const length = codePoints(text);
  if (length < min) text += "x".repeat(min - length);
  return text;
}

function patternArbitrary(pattern: string): fc.Arbitrary<string> | null {
  try {
    return fc.stringMatching(new RegExp(pattern));
  } catch {
    return null; // a construct fast-check cannot generate from (look-arounds)
  }
}

function validString(node: Node): Arb {
  const { min, max } = bounds(node);
  const inBounds = (s: string) => codePoints(s) >= min && codePoints(s) <= max && !s.includes("\u0000");
  const format = node.format ? FORMATS[node.format] : undefined;
  if (format) return format().filter(inBounds);
  if (typeof node.pattern === "string") {
    const matching = patternArbitrary(node.pattern);
    const regex = new RegExp(node.pattern);
    if (matching) return matching.filter((s) => inBounds(s) && s.trim() === s && regex.test(s));
  }
  const cap = Math.min(max, 60);
  const free = fc.oneof(
    fc.string({ unit: "grapheme", maxLength: cap }),
    fc.string({ unit: "grapheme-ascii", maxLength: cap }),
    fc.constantFrom(...HOSTILE_TEXT),
  );
  const arbitraries: Arb[] = [free.map((s) => fit(s, min, max)).filter(inBounds)];
  // The bounds themselves, with text that is not all one character.
  if (min > 0) arbitraries.push(fc.constant(fit("ab".repeat(min), min, min)));
  if (Number.isFinite(max) && max <= 100_000) {
    arbitraries.push(fc.constantFrom(...HOSTILE_TEXT).map((s) => fit(s.repeat(Math.ceil(max / s.length) + 1), max, max)).filter(inBounds));
    if (max >= min) arbitraries.push(fc.constant("🙂".repeat(max))); // the maximum in characters, twice that in UTF-16 units
  }
  return fc.oneof(...arbitraries);
}

function nearMissString(node: Node): Arb {
  const { min, max } = bounds(node);
  const misses: Arb[] = [NOT_A_STRING];
  const valid = validString(node) as fc.Arbitrary<string>;
  // A NUL byte inside otherwise good text (PostgreSQL text cannot hold it; parseInput refuses it).
  misses.push(valid.map((s) => (s.length ? `${s.slice(0, 1)}\u0000${s.slice(1)}` : "\u0000")));
  if (min > 0) {
    misses.push(fc.constant("a".repeat(min - 1)));
    misses.push(fc.constant(" ".repeat(min + 1))); // only blanks: too short once trimmed
  }
  if (Number.isFinite(max)) {
    misses.push(fc.constant("y".repeat(max + 1)));
    misses.push(fc.constant("🙂".repeat(max + 1)));
    if (max < VERY_LONG) misses.push(fc.constant(`<script>${"z".repeat(VERY_LONG)}</script>`));
  }
  const broken = node.format ? BROKEN_FORMATS[node.format] : undefined;
  const fitting = broken?.filter((s) => codePoints(s) >= min && codePoints(s) <= max);
  if (fitting?.length) misses.push(fc.constantFrom(...fitting));
  if (typeof node.pattern === "string" && !broken) {
    const regex = new RegExp(node.pattern);
    const candidates = ["", " ", "UPPER CASE", "-leading", "trailing-", "a--b", "x".repeat(300), "ünïcödé", "<b>", "a b"].filter((s) => !regex.test(s) && codePoints(s) >= min && codePoints(s) <= max);
    if (candidates.length) misses.push(fc.constantFrom(...candidates));
  }
  return fc.oneof(...misses);
}

// ---- numbers

const SAFE = Number.MAX_SAFE_INTEGER;

function numberBounds(node: Node, integer: boolean) {
  const step = integer ? 1 : Number.EPSILON;
  const low = node.minimum ?? (node.exclusiveMinimum !== undefined ? node.exclusiveMinimum + (integer ? 1 : 0) : -SAFE);
  const high = node.maximum ?? (node.exclusiveMaximum !== undefined ? node.exclusiveMaximum - (integer ? 1 : 0) : SAFE);
  return { low: Math.max(low, -SAFE), high: Math.min(high, SAFE), step, minExcluded: !integer && node.minimum === undefined && node.exclusiveMinimum !== undefined, maxExcluded: !integer && node.maximum === undefined && node.exclusiveMaximum !== undefined };
}

function validInteger(node: Node): Arb {
  const { low, high } = numberBounds(node, true);
  const multiple = typeof node.multipleOf === "number" ? node.multipleOf : 1;
  const kLow = Math.ceil(low / multiple);
  const kHigh = Math.floor(high / multiple);
  const k = fc.oneof(fc.bigInt({ min: BigInt(kLow), max: BigInt(kHigh) }).map(Number), fc.constantFrom(kLow, kHigh));
  return k.map((n) => n * multiple || 0);
}

function validNumber(node: Node): Arb {
  if (typeof node.multipleOf === "number") return validInteger(node);
  const { low, high, minExcluded, maxExcluded } = numberBounds(node, false);
  const edges = [minExcluded ? null : low, maxExcluded ? null : high].filter((v): v is number => v !== null && Math.abs(v) < SAFE);
  const free = fc.double({ min: low, max: high, minExcluded, maxExcluded, noNaN: true, noDefaultInfinity: true }).map((n) => n || 0);
  return edges.length ? fc.oneof(free, fc.constantFrom(...edges)) : free;
}

function nearMissNumber(node: Node, integer: boolean): Arb {
  const misses: unknown[] = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  const below = node.minimum !== undefined ? node.minimum - (integer ? 1 : 0.5) : node.exclusiveMinimum;
  const above = node.maximum !== undefined ? node.maximum + (integer ? 1 : 0.5) : node.exclusiveMaximum;
  if (below !== undefined) misses.push(below, -SAFE - 2);
  if (above !== undefined) misses.push(above, SAFE + 2, 1e309);
  const { low, high } = numberBounds(node, integer);
  if (integer && high - low >= 1) misses.push(Math.min(low + 0.5, high - 0.5));
  if (typeof node.multipleOf === "number" && node.multipleOf > 1) misses.push(Math.ceil(low / node.multipleOf) * node.multipleOf + 1);
  return fc.oneof(fc.constantFrom(...misses), NOT_A_NUMBER);
}
