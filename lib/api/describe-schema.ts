// A JSON Schema (from the OpenAPI document) as rows people can read: field, type, required, notes.
type Schema = Record<string, any>;

export interface FieldRow {
  field: string;
  type: string;
  required: boolean;
  notes: string;
}

function resolve(schema: Schema, components: Record<string, Schema>): Schema {
  const ref = typeof schema.$ref === "string" ? schema.$ref.replace("#/components/schemas/", "") : null;
  return ref && components[ref] ? components[ref] : schema;
}

function typeOf(schema: Schema): string {
  if (schema.enum) return schema.enum.map((v: unknown) => JSON.stringify(v)).join(" | ");
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(" | ");
  if (schema.type === "array") return `${typeOf(schema.items ?? {})}[]`;
  if (schema.format) return `${schema.type} (${schema.format})`;
  return schema.type ?? "any";
}

function notesOf(schema: Schema): string {
  const notes: string[] = [];
  if (schema.description) notes.push(schema.description);
  if (schema.minLength !== undefined && schema.minLength > 0) notes.push(schema.minLength === 1 ? "not empty" : `at least ${schema.minLength} characters`);
  if (schema.maxLength !== undefined) notes.push(`at most ${schema.maxLength} characters`);
  if (schema.default !== undefined) notes.push(`default ${JSON.stringify(schema.default)}`);
  if (schema.examples?.length) notes.push(`e.g. ${schema.examples.map((e: unknown) => JSON.stringify(e)).join(", ")}`);
  return notes.join("; ");
}

export function describeSchema(input: Schema, components: Record<string, Schema>, prefix = ""): FieldRow[] {
  const schema = resolve(input, components);
  const required: string[] = schema.required ?? [];
  const rows: FieldRow[] = [];
  for (const [name, raw] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) {
    const property = resolve(raw, components);
    const field = `${prefix}${name}`;
    rows.push({ field, type: property.type === "object" ? "object" : typeOf(property), required: required.includes(name), notes: notesOf(property) });
    if (property.type === "object" && property.properties) rows.push(...describeSchema(property, components, `${field}.`));
  }
  return rows;
}
