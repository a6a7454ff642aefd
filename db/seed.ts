// Demo data: the teams, people and resources the README describes. Idempotent: running it
// again adds what is missing and changes nothing that exists.
import { and, eq, sql } from "drizzle-orm";
import { hashPassword } from "@/lib/auth/password";
import type { Db } from "./client";
import {
  CONTROL_ACTIVITIES,
  memberships,
  policies,
  raciAssignments,
  resources,
  teams,
  userRoles,
  users,
  type ControlActivity,
  type NewPolicy,
  type RaciLetter,
  type ResourceKind,
  type Role,
  type TeamFunction,
} from "./schema";

export const DEMO_PASSWORD = "lapse-demo";

const DEMO_TEAMS: { slug: string; name: string; function: TeamFunction }[] = [
  { slug: "devops", name: "DevOps", function: "devops" },
  { slug: "iam", name: "IAM", function: "iam" },
  { slug: "pam", name: "PAM", function: "pam" },
  { slug: "security-platform", name: "Security Platform", function: "security-platform" },
  { slug: "sre", name: "SRE", function: "sre" },
];

const DEMO_USERS: { email: string; name: string; roles: Role[]; teams: string[] }[] = [
  { email: "requester@lapse.test", name: "Robin Requester", roles: ["requester"], teams: ["devops"] },
  { email: "approver@lapse.test", name: "Avery Approver", roles: ["approver"], teams: ["iam"] },
  { email: "approver2@lapse.test", name: "Parker Approver", roles: ["approver"], teams: ["pam"] },
  { email: "owner@lapse.test", name: "Olive Owner", roles: ["owner"], teams: ["security-platform"] },
  { email: "owner2@lapse.test", name: "Oscar Owner", roles: ["owner"], teams: ["security-platform"] },
  { email: "auditor@lapse.test", name: "Aude Auditor", roles: ["auditor"], teams: [] },
  { email: "admin@lapse.test", name: "Ada Admin", roles: ["admin"], teams: [] },
];

type DemoPolicy = Pick<NewPolicy, "accessLevels" | "defaultDurationMinutes" | "maxDurationMinutes" | "ticketPattern" | "ticketHint"> &
  Partial<Pick<NewPolicy, "extensionsAllowed" | "maxTotalMinutes" | "maxLiveGrants" | "approvalTimeoutMinutes" | "approvalRule" | "breakGlassReviewMinutes">> & {
    /** Slugs of the teams that may break glass. */
    breakGlassTeams?: string[];
  };

// Who does what for every demo resource (team slug → letter per activity): the control owner
// team is accountable throughout, PAM runs issuance and teardown, IAM defines and approves,
// DevOps watches the telemetry and shares the teardown.
const DEMO_RACI: Record<ControlActivity, Record<string, RaciLetter>> = {
  "policy-definition": { "security-platform": "A", iam: "R", pam: "C", devops: "I" },
  approval: { "security-platform": "A", iam: "R", pam: "R", devops: "I" },
  issuance: { "security-platform": "A", pam: "R", devops: "C" },
  "session-limits": { "security-platform": "A", pam: "R", iam: "C" },
  telemetry: { "security-platform": "A", devops: "R", sre: "C", pam: "I" },
  revocation: { "security-platform": "A", pam: "R", devops: "R", iam: "I" },
  "exception-handling": { "security-platform": "A", pam: "R", iam: "C" },
  "audit-evidence": { "security-platform": "A", iam: "R", pam: "C" },
};

// The deliberate gap: nobody is responsible for revoking access to the observability stack.
const GAP_RACI: typeof DEMO_RACI = { ...DEMO_RACI, revocation: { "security-platform": "A", iam: "I" } };

const DEMO_RESOURCES: ({ slug: string; name: string; kind: ResourceKind; description: string; raci?: typeof DEMO_RACI } & DemoPolicy)[] = [
  {
    slug: "payments-db-prod",
    name: "Payments database (production)",
    kind: "database",
    description: "PostgreSQL cluster holding production payment records.",
    accessLevels: ["read", "admin"],
    defaultDurationMinutes: 15,
    maxDurationMinutes: 60,
    ticketPattern: "^(CHG|INC)-[0-9]{3,}$",
    ticketHint: "a change or incident number such as CHG-123 or INC-4567",
    // The demo's strictest resource: two approvers, and break-glass for DevOps in an incident.
    approvalRule: "dual",
    breakGlassTeams: ["devops"],
    breakGlassReviewMinutes: 240,
  },
  {
    slug: "k8s-staging",
    name: "Kubernetes cluster (staging)",
    kind: "kubernetes",
    description: "Staging cluster for pre-release workloads.",
    accessLevels: ["view", "edit", "cluster-admin"],
    defaultDurationMinutes: 30,
    maxDurationMinutes: 240,
    ticketPattern: null,
    ticketHint: null,
    extensionsAllowed: true,
    maxTotalMinutes: 480,
    maxLiveGrants: 2,
  },
  {
    slug: "ci-deploy-role",
    name: "CI deploy role",
    kind: "ci-role",
    description: "Role that lets a pipeline deploy to production.",
    accessLevels: ["deploy"],
    defaultDurationMinutes: 10,
    maxDurationMinutes: 30,
    ticketPattern: null,
    ticketHint: null,
  },
  {
    slug: "aws-analytics",
    name: "Cloud account: analytics (AWS)",
    kind: "cloud-account",
    description: "AWS account for the analytics platform.",
    accessLevels: ["read-only", "power-user"],
    defaultDurationMinutes: 60,
    maxDurationMinutes: 480,
    ticketPattern: null,
    ticketHint: null,
    maxLiveGrants: 3,
  },
  {
    slug: "grafana-prod",
    name: "Observability stack (Grafana)",
    kind: "other",
    description: "Production dashboards and alerting. Its RACI matrix has a deliberate gap.",
    accessLevels: ["viewer", "editor"],
    defaultDurationMinutes: 30,
    maxDurationMinutes: 120,
    ticketPattern: null,
    ticketHint: null,
    raci: GAP_RACI,
  },
];

export async function seedDemoData(db: Db, now: Date): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    await tx
      .insert(teams)
      .values(DEMO_TEAMS.map((t) => ({ ...t, createdAt: now })))
      .onConflictDoNothing();
    const teamRows = await tx.select({ id: teams.id, slug: teams.slug }).from(teams);
    const teamId = (slug: string) => teamRows.find((t) => t.slug === slug)!.id;

    for (const demo of DEMO_USERS) {
      const [existing] = await tx
        .select({ id: users.id })
        .from(users)
        .where(sql`lower(${users.email}) = ${demo.email}`);
      const userId =
        existing?.id ??
        (await tx.insert(users).values({ email: demo.email, name: demo.name, passwordHash, createdAt: now }).returning())[0].id;
      if (existing) continue;
      await tx.insert(userRoles).values(demo.roles.map((role) => ({ userId, role })));
      if (demo.teams.length) {
        await tx.insert(memberships).values(demo.teams.map((slug) => ({ userId, teamId: teamId(slug) })));
      }
    }

    for (const demo of DEMO_RESOURCES) {
      const { slug, name, kind, description, raci = DEMO_RACI, breakGlassTeams = [], ...policy } = demo;
      await tx
        .insert(resources)
        .values({ slug, name, kind, description, ownerTeamId: teamId("security-platform"), connectorKind: "record-only", createdAt: now })
        .onConflictDoNothing();
      const [row] = await tx.select({ id: resources.id }).from(resources).where(eq(resources.slug, demo.slug));
      const [hasPolicy] = await tx.select({ id: policies.id }).from(policies).where(and(eq(policies.resourceId, row.id)));
      if (!hasPolicy) {
        await tx.insert(policies).values({
          resourceId: row.id,
          version: 1,
          status: "active",
          eligibleTeamIds: [teamId("devops")],
          approvalRule: "single",
          approverTeamIds: [teamId("iam"), teamId("pam")],
          requireJustification: true,
          changeKind: "initial",
          createdAt: now,
          breakGlassTeamIds: breakGlassTeams.map(teamId),
          ...policy,
        });
      }
      const [hasRaci] = await tx.select({ id: raciAssignments.resourceId }).from(raciAssignments).where(eq(raciAssignments.resourceId, row.id)).limit(1);
      if (!hasRaci) {
        const cells = CONTROL_ACTIVITIES.flatMap((activity) =>
          Object.entries(raci[activity]).map(([team, letter]) => ({ resourceId: row.id, activity, teamId: teamId(team), letter })),
        );
        await tx.insert(raciAssignments).values(cells);
      }
    }
  });
}
