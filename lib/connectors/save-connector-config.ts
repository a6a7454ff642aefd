import "server-only";
// An admin points a resource at its target: the connector kind, its settings, its secret
// settings. Secrets are sealed before they touch the database and never come back out; a
// blank secret field keeps the stored one. A webhook signing key left blank on first save
// is generated here and returned once, for the admin to give the receiving side.
// The kind cannot change while grants on the resource are live or still being revoked:
// those must be revoked by the connector that issued them.
import { randomBytes } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { connectorConfigs, grants, resources } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { auditActor, type UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { openJson, sealJson } from "@/lib/crypto/secret-box";
import type { Deps } from "@/lib/deps";
import { conflict, invalid, notFound, type FieldErrors } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { connectorSecretContext } from "./load-connector-config";
import { CONNECTOR_KINDS, SETTINGS_SCHEMAS, type ConnectorKind } from "./settings";

export const saveConnectorConfigInput = z.object({
  resourceId: z.uuid({ error: "Unknown resource." }),
  kind: z.enum(CONNECTOR_KINDS, { error: "Choose a connector." }),
  settings: z.record(z.string(), z.unknown()).default({}),
  secrets: z.record(z.string(), z.string()).default({}),
  // The revision the admin edited; 0 when there was no configuration yet.
  revision: z.coerce.number().int().min(0),
});
export type SaveConnectorConfigInput = z.input<typeof saveConnectorConfigInput>;

export interface SaveConnectorConfigResult {
  kind: ConnectorKind;
  revision: number;
  /** Secrets Lapse generated, shown to the admin this once and never again. */
  generatedSecrets: Record<string, string>;
}

function parseSection<T extends z.ZodType>(schema: T, value: unknown, prefix: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fieldErrors: FieldErrors = {};
  for (const issue of result.error.issues) (fieldErrors[`${prefix}.${issue.path.join(".") || "form"}`] ??= []).push(issue.message);
  throw invalid("Some fields need attention.", fieldErrors);
}

/** Where a connector's grants live: the server a PostgreSQL login is made on, the URL a webhook tells. */
function targetOf(kind: ConnectorKind, settings: Record<string, unknown>): string | null {
  if (kind === "postgres-role") return `${String(settings.host).toLowerCase()}:${String(settings.port)}/${String(settings.database)}`;
  if (kind === "webhook") return String(settings.url);
  return null;
}

export async function saveConnectorConfig(actor: UserActor, input: SaveConnectorConfigInput, deps: Deps): Promise<SaveConnectorConfigResult> {
  authorize(actor, "admin.manage");
  const parsed = parseInput(saveConnectorConfigInput, input);
  const schemas = SETTINGS_SCHEMAS[parsed.kind];
  const settings = parseSection(schemas.settings, parsed.settings, "settings") as Record<string, unknown>;
  const now = deps.clock();
  const context = connectorSecretContext(parsed.resourceId);

  return deps.db.transaction(async (tx) => {
    const [resource] = await tx.select().from(resources).where(eq(resources.id, parsed.resourceId)).for("update");
    if (!resource) throw notFound("No such resource.");
    const [current] = await tx.select().from(connectorConfigs).where(eq(connectorConfigs.resourceId, resource.id));
    if ((current?.revision ?? 0) !== parsed.revision) throw conflict("Someone else changed this connector meanwhile. Reload and try again.");

    // Live grants are revoked and verified where they were issued: while any remains, neither
    // the connector kind nor its target may change (verify against a new server would report
    // "gone" for a login that still works on the old one).
    const kindChanged = parsed.kind !== resource.connectorKind;
    const targetChanged = !kindChanged && current !== undefined && targetOf(parsed.kind, current.settings as Record<string, unknown>) !== targetOf(parsed.kind, settings);
    if (kindChanged || targetChanged) {
      const [live] = await tx
        .select({ id: grants.id })
        .from(grants)
        .where(and(eq(grants.resourceId, resource.id), inArray(grants.status, ["issuing", "active"])))
        .limit(1);
      if (live) {
        throw conflict(
          kindChanged
            ? "Grants on this resource are still live or being revoked; change the connector once they have ended."
            : "Grants on this resource are still live or being revoked on the current target; point it elsewhere once they have ended.",
        );
      }
    }

    // Secrets: blank keeps what is stored (for the same kind); anything typed replaces it.
    const stored = current?.secretCiphertext && current.kind === parsed.kind ? openJson<Record<string, string>>(current.secretCiphertext, context) : {};
    const typed = Object.fromEntries(Object.entries(parsed.secrets).filter(([, value]) => value !== ""));
    const generatedSecrets: Record<string, string> = {};
    if (parsed.kind === "webhook" && !typed.signingKey && !stored.signingKey) {
      generatedSecrets.signingKey = randomBytes(32).toString("base64url");
    }
    const secrets = parseSection(schemas.secrets, { ...stored, ...typed, ...generatedSecrets }, "secrets") as Record<string, string>;
    const secretCiphertext = Object.keys(secrets).length ? sealJson(secrets, context) : null;
    const revision = (current?.revision ?? 0) + 1;

    await tx
      .insert(connectorConfigs)
      .values({ resourceId: resource.id, kind: parsed.kind, settings, secretCiphertext, revision, updatedAt: now, updatedBy: actor.email })
      .onConflictDoUpdate({
        target: connectorConfigs.resourceId,
        set: { kind: parsed.kind, settings, secretCiphertext, revision, updatedAt: now, updatedBy: actor.email },
      });
    if (parsed.kind !== resource.connectorKind) {
      await tx.update(resources).set({ connectorKind: parsed.kind }).where(eq(resources.id, resource.id));
    }
    await appendAuditEvent(tx, {
      actor: auditActor(actor),
      action: "connector.configured",
      occurredAt: now,
      resourceId: resource.id,
      details: {
        kind: parsed.kind,
        previousKind: resource.connectorKind,
        revision,
        settings,
        // Names only: which secrets changed, never their values.
        secretsChanged: [...Object.keys(typed), ...Object.keys(generatedSecrets)].sort(),
      },
    });
    return { kind: parsed.kind, revision, generatedSecrets };
  });
}
