import "server-only";
import { principalLabel } from "@/lib/auth/principal-label";
// Evidence report: extensions and their re-authorisation. Every request for more time on a
// grant, the policy version it was asked and decided under, who approved or denied it (the
// same separation of duties as a request: never its own holder), and how it ended.
import { and, desc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { extensionRequests, grants, policies, resources, users } from "@/db/schema";
import type { Cell, PagedReport } from "./export-report";
import { afterCursor, cursorOf } from "./keyset";
import { filterConditions } from "./report-filter";

export interface ExtensionRow extends Record<string, Cell> {
  extensionId: string;
  grantId: string;
  askedAt: string;
  resource: string;
  holder: string;
  minutes: number;
  justification: string;
  status: string;
  approvalsRequired: number;
  approvedBy: string;
  deniedBy: string;
  askedUnderPolicyVersion: number;
  decidedUnderPolicyVersion: number | null;
  decidedAt: string | null;
}

const askedPolicy = alias(policies, "asked_policy");
const decidedPolicy = alias(policies, "decided_policy");

/** Who decided, by decision, in the order they did: one subquery per column keeps it one row per extension. */
const deciders = (decision: "approve" | "deny") =>
  sql<string>`coalesce((select string_agg(du.email, ', ' order by ea.created_at) from extension_approvals ea join users du on du.id = ea.approver_user_id where ea.extension_id = ${extensionRequests.id} and ea.decision = ${decision}), '')`;

export const EXTENSION_REPORT: PagedReport<ExtensionRow> = {
  name: "extensions",
  person: "requester",
  columns: ["extensionId", "grantId", "askedAt", "resource", "holder", "minutes", "justification", "status", "approvalsRequired", "approvedBy", "deniedBy", "askedUnderPolicyVersion", "decidedUnderPolicyVersion", "decidedAt"],
  async page(filter, after, limit, deps) {
    const rows = await deps.db
      .select({
        extension: extensionRequests,
        grantId: grants.id,
        resource: resources.name,
        holder: principalLabel,
        approvedBy: deciders("approve"),
        deniedBy: deciders("deny"),
        askedVersion: askedPolicy.version,
        decidedVersion: decidedPolicy.version,
      })
      .from(extensionRequests)
      .innerJoin(grants, eq(grants.id, extensionRequests.grantId))
      .innerJoin(resources, eq(resources.id, extensionRequests.resourceId))
      .innerJoin(users, eq(users.id, extensionRequests.requesterUserId))
      .innerJoin(askedPolicy, eq(askedPolicy.id, extensionRequests.policyId))
      .leftJoin(decidedPolicy, eq(decidedPolicy.id, extensionRequests.decidedPolicyId))
      .where(
        and(
          filterConditions(filter, { at: extensionRequests.createdAt, resourceId: extensionRequests.resourceId, ownerTeamId: resources.ownerTeamId, requesterEmail: users.email }),
          afterCursor(after, extensionRequests.createdAt, extensionRequests.id),
        ),
      )
      .orderBy(desc(extensionRequests.createdAt), desc(extensionRequests.id))
      .limit(limit + 1);
    return {
      rows: rows.slice(0, limit).map(({ extension, ...r }) => ({
        extensionId: extension.id,
        grantId: r.grantId,
        askedAt: extension.createdAt.toISOString(),
        resource: r.resource,
        holder: r.holder,
        minutes: extension.minutes,
        justification: extension.justification,
        status: extension.status,
        approvalsRequired: extension.approvalsRequired,
        approvedBy: r.approvedBy,
        deniedBy: r.deniedBy,
        askedUnderPolicyVersion: r.askedVersion,
        decidedUnderPolicyVersion: r.decidedVersion,
        decidedAt: extension.decidedAt ? extension.decidedAt.toISOString() : null,
      })),
      next: cursorOf(rows.map(({ extension }) => ({ at: extension.createdAt, id: extension.id })), limit),
    };
  },
};
