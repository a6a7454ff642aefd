// What each connector kind needs to reach its target: settings (shown to admins) and secret
// settings (stored encrypted, never shown back). One zod schema per kind.
import { z } from "zod";
import { hostProblem, privateTargetsAllowed, urlProblem } from "./outbound-target";
import { SECRET_FIELDS, type ConnectorKind } from "./kinds";

export { CONNECTOR_KINDS, CONNECTOR_KIND_LABELS, type ConnectorKind } from "./kinds";

const roleName = z
  .string()
  .trim()
  .regex(/^[a-z_][a-z0-9_]{0,62}$/, "Use a lower-case PostgreSQL role name (letters, digits, underscores).");

const host = z
  .string()
  .trim()
  .min(1, "Give the host.")
  .max(253)
  .regex(/^[A-Za-z0-9.\-:[\]]+$/, "Give a host name or an IP address.")
  .superRefine((value, ctx) => {
    const problem = hostProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: `The host ${problem}; Lapse only connects to public targets.` });
  });

export const postgresRoleSettings = z
  .object({
    host,
    port: z.coerce.number().int().min(1).max(65535).default(5432),
    database: z.string().trim().min(1, "Give the database.").max(63),
    adminUser: z.string().trim().min(1, "Give the administrative user.").max(63),
    // TLS is required unless the operator allows private targets (a lab or test server).
    ssl: z.enum(["require", "disable"]).default("require"),
    // Each access level maps to the role a grant's login role becomes a member of.
    levelRoles: z.record(z.string().trim().min(1), roleName).refine((value) => Object.keys(value).length > 0, "Map at least one access level to a role."),
  })
  .superRefine((value, ctx) => {
    if (value.ssl === "disable" && !privateTargetsAllowed()) {
      ctx.addIssue({ code: "custom", path: ["ssl"], message: "TLS is required for connector targets." });
    }
  });
export const postgresRoleSecrets = z.object({ adminPassword: z.string().min(1, "Give the administrative password.").max(1024) });

export const signedTokenSettings = z.object({
  audience: z.string().trim().min(1).max(200).default("lapse"),
});
export const signedTokenSecrets = z.object({});

export const webhookSettings = z.object({
  url: z
    .string()
    .trim()
    .max(2000)
    .superRefine((value, ctx) => {
      const problem = urlProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: `The URL ${problem}.` });
    }),
  timeoutMs: z.coerce.number().int().min(500).max(30_000).default(5_000),
});
export const webhookSecrets = z.object({ signingKey: z.string().min(32, "Use at least 32 characters.").max(512) });

export const SETTINGS_SCHEMAS = {
  "record-only": { settings: z.object({}), secrets: z.object({}) },
  "postgres-role": { settings: postgresRoleSettings, secrets: postgresRoleSecrets },
  "signed-token": { settings: signedTokenSettings, secrets: signedTokenSecrets },
  webhook: { settings: webhookSettings, secrets: webhookSecrets },
} as const;

export type PostgresRoleSettings = z.output<typeof postgresRoleSettings>;
export type PostgresRoleSecrets = z.output<typeof postgresRoleSecrets>;
export type WebhookSettings = z.output<typeof webhookSettings>;
export type WebhookSecrets = z.output<typeof webhookSecrets>;
export type SignedTokenSettings = z.output<typeof signedTokenSettings>;

/** Names of the secret fields of a kind, for forms that show "set" / "not set". */
export function secretFieldsOf(kind: ConnectorKind): string[] {
  return [...SECRET_FIELDS[kind]];
}
