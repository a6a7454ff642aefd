import "server-only";
// A team's notification channels: a chat incoming webhook (Slack-compatible) and a generic
// signed webhook. Admins set them for any team, control owners for their own teams. The chat
// URL and the signing key are write-only: sealed at rest, never shown back (a key Lapse
// generates is shown once, when made). Changes are audited without the secrets.
import { randomBytes } from "node:crypto";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { teamNotificationSettings, teams } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { auditActor, type UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { urlProblem } from "@/lib/connectors/outbound-target";
import type { Deps } from "@/lib/deps";
import { notFound } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { sealTeamSecret } from "./team-secrets";

export interface TeamChannelsView {
  teamId: string;
  teamName: string;
  hasChatWebhook: boolean;
  webhookUrl: string | null;
  hasWebhookKey: boolean;
  updatedAt: Date | null;
  updatedBy: string | null;
}

/** Teams whose channels the actor may set: all for an admin, their own teams for an owner. */
function manageableTeams(actor: UserActor) {
  if (actor.roles.includes("admin")) return undefined;
  return actor.teamIds.length ? inArray(teams.id, [...actor.teamIds]) : sql`false`;
}

/** The teams whose channels the actor may set, by name. */
export async function listManageableTeams(actor: UserActor, deps: Pick<Deps, "db">): Promise<{ id: string; name: string; configured: boolean }[]> {
  authorize(actor, "team.notifications.manage");
  const rows = await deps.db
    .select({ id: teams.id, name: teams.name, settings: teamNotificationSettings.teamId, chat: teamNotificationSettings.chatWebhookCiphertext, hook: teamNotificationSettings.webhookUrl })
    .from(teams)
    .leftJoin(teamNotificationSettings, eq(teamNotificationSettings.teamId, teams.id))
    .where(manageableTeams(actor))
    .orderBy(asc(teams.name));
  return rows.map((row) => ({ id: row.id, name: row.name, configured: !!(row.chat || row.hook) }));
}

export async function getTeamChannels(actor: UserActor, teamId: string, deps: Pick<Deps, "db">): Promise<TeamChannelsView> {
  authorize(actor, "team.notifications.manage");
  // A malformed id (from the URL) names no team; PostgreSQL would refuse it as a uuid.
  if (!z.uuid().safeParse(teamId).success) throw notFound("No such team.");
  const [row] = await deps.db
    .select({ team: teams, settings: teamNotificationSettings })
    .from(teams)
    .leftJoin(teamNotificationSettings, eq(teamNotificationSettings.teamId, teams.id))
    .where(and(eq(teams.id, teamId), manageableTeams(actor)));
  if (!row) throw notFound("No such team.");
  return {
    teamId: row.team.id,
    teamName: row.team.name,
    hasChatWebhook: !!row.settings?.chatWebhookCiphertext,
    webhookUrl: row.settings?.webhookUrl ?? null,
    hasWebhookKey: !!row.settings?.webhookSecretCiphertext,
    updatedAt: row.settings?.updatedAt ?? null,
    updatedBy: row.settings?.updatedBy ?? null,
  };
}

const checkedUrl = (label: string) =>
  z
    .string()
    .trim()
    .max(2000, `Keep the ${label} under 2000 characters.`)
    .superRefine((raw, ctx) => {
      if (!raw) return;
      const problem = urlProblem(raw);
      if (problem) ctx.addIssue({ code: "custom", message: `The ${label} ${problem}.` });
    });

const saveInput = z.object({
  teamId: z.uuid({ error: "Unknown team." }),
  /** Blank keeps the stored chat webhook; `clearChat` removes it. */
  chatWebhookUrl: checkedUrl("chat webhook URL").default(""),
  clearChat: z.boolean().default(false),
  /** Blank removes the signed webhook. */
  webhookUrl: checkedUrl("webhook URL").default(""),
  /** Blank keeps the stored key (or generates one for a new webhook). */
  webhookKey: z.string().trim().max(200).refine((key) => key === "" || key.length >= 32, "A signing key needs at least 32 characters; leave it blank to have one generated.").default(""),
});

export type SaveTeamChannelsInput = z.input<typeof saveInput>;

export async function saveTeamChannels(actor: UserActor, input: SaveTeamChannelsInput, deps: Deps): Promise<{ view: TeamChannelsView; generatedKey: string | null }> {
  authorize(actor, "team.notifications.manage");
  const parsed = parseInput(saveInput, input);
  const now = deps.clock();
  const generatedKey = await deps.db.transaction(async (tx) => {
    const [team] = await tx.select({ id: teams.id }).from(teams).where(and(eq(teams.id, parsed.teamId), manageableTeams(actor))).for("update");
    if (!team) throw notFound("No such team.");
    const [before] = await tx.select().from(teamNotificationSettings).where(eq(teamNotificationSettings.teamId, team.id));

    const chat = parsed.clearChat ? null : parsed.chatWebhookUrl ? sealTeamSecret(team.id, "chat", parsed.chatWebhookUrl) : (before?.chatWebhookCiphertext ?? null);
    const webhookUrl = parsed.webhookUrl || null;
    let generated: string | null = null;
    let key: string | null = null;
    if (webhookUrl) {
      if (parsed.webhookKey) key = sealTeamSecret(team.id, "webhook", parsed.webhookKey);
      else if (before?.webhookSecretCiphertext) key = before.webhookSecretCiphertext;
      else {
        generated = randomBytes(32).toString("base64url");
        key = sealTeamSecret(team.id, "webhook", generated);
      }
    }
    const values = { chatWebhookCiphertext: chat, webhookUrl, webhookSecretCiphertext: key, updatedAt: now, updatedBy: actor.email };
    await tx.insert(teamNotificationSettings).values({ teamId: team.id, ...values }).onConflictDoUpdate({ target: teamNotificationSettings.teamId, set: values });
    await appendAuditEvent(tx, {
      actor: auditActor(actor),
      action: "team.notifications_changed",
      occurredAt: now,
      details: {
        teamId: team.id,
        chatWebhook: { before: !!before?.chatWebhookCiphertext, after: !!chat, replaced: !!parsed.chatWebhookUrl },
        webhookUrl: { before: before?.webhookUrl ?? null, after: webhookUrl },
        webhookKey: parsed.webhookKey ? "replaced" : generated ? "generated" : key ? "kept" : "none",
      },
    });
    return generated;
  });
  return { view: await getTeamChannels(actor, parsed.teamId, deps), generatedKey };
}
