// Seed factories for tests: every call makes fresh rows with unique names, so tests never
// depend on each other's data or on the demo seed.
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  CONTROL_ACTIVITIES,
  memberships,
  policies,
  raciAssignments,
  resources,
  teams,
  userRoles,
  users,
  type NewPolicy,
  type Role,
  type TeamFunction,
} from "@/db/schema";
import type { RaciCell } from "@/lib/raci/rules";
import type { UserActor } from "@/lib/auth/actor";
import { defaultConnectors, type ConnectorRegistry } from "@/lib/connectors/registry";
import type { Deps } from "@/lib/deps";
import { manualClock, type ManualClock } from "./clock";

const unique = () => randomBytes(5).toString("hex");
const CREATED = new Date("2026-01-01T00:00:00.000Z");

/**
 * The authenticatedAt of a test actor: they stand for someone who has just signed in, whatever
 * a test's clock reaches (the latest time a Date holds is never "too long ago"). Step-up
 * tests pass a real time instead (makeUser's `authenticatedAt`).
 */
export const ALWAYS_FRESH = new Date(8.64e15);

export async function makeTeam(db: Db, fn: TeamFunction = "other") {
  const id = unique();
  const [team] = await db.insert(teams).values({ slug: `${fn}-${id}`, name: `${fn} ${id}`, function: fn, createdAt: CREATED }).returning();
  return team;
}

export async function makeUser(
  db: Db,
  options: { roles?: Role[]; teamIds?: string[]; disabled?: boolean; passwordHash?: string; email?: string; authenticatedAt?: Date | null } = {},
): Promise<UserActor> {
  const email = options.email ?? `user-${unique()}@example.test`;
  const [user] = await db
    .insert(users)
    .values({ email, name: `Test ${email}`, disabled: options.disabled ?? false, passwordHash: options.passwordHash ?? null, createdAt: CREATED })
    .returning();
  const roles = options.roles ?? [];
  const teamIds = options.teamIds ?? [];
  if (roles.length) await db.insert(userRoles).values(roles.map((role) => ({ userId: user.id, role })));
  if (teamIds.length) await db.insert(memberships).values(teamIds.map((teamId) => ({ userId: user.id, teamId })));
  const authenticatedAt = options.authenticatedAt === undefined ? ALWAYS_FRESH : options.authenticatedAt;
  return { kind: "user", id: user.id, email: user.email, name: user.name, roles, teamIds, authenticatedAt };
}

/**
 * A RACI matrix with no governance gap: the owner team accountable for everything, PAM
 * responsible for revocation, DevOps for issuance, IAM consulted on approval.
 */
export function completeRaci(owner: string, devops: string, iam: string, pam: string): RaciCell[] {
  return [
    ...CONTROL_ACTIVITIES.map((activity) => ({ activity, teamId: owner, letter: "A" as const })),
    { activity: "revocation", teamId: pam, letter: "R" },
    { activity: "issuance", teamId: devops, letter: "R" },
    { activity: "approval", teamId: iam, letter: "C" },
  ];
}

export async function setRaci(db: Db, resourceId: string, cells: readonly RaciCell[]) {
  await db.delete(raciAssignments).where(eq(raciAssignments.resourceId, resourceId));
  if (cells.length) await db.insert(raciAssignments).values(cells.map((cell) => ({ resourceId, ...cell })));
}

export async function makeResource(
  db: Db,
  options: {
    ownerTeamId: string;
    connectorKind?: string;
    policy: Partial<NewPolicy> & Pick<NewPolicy, "eligibleTeamIds" | "approverTeamIds">;
    /** The RACI matrix; by default a complete one (with DevOps, IAM and PAM teams made for it). */
    raci?: readonly RaciCell[];
  },
) {
  const id = unique();
  const [resource] = await db
    .insert(resources)
    .values({ slug: `res-${id}`, name: `Resource ${id}`, kind: "database", ownerTeamId: options.ownerTeamId, connectorKind: options.connectorKind ?? "record-only", createdAt: CREATED })
    .returning();
  const [policy] = await db
    .insert(policies)
    .values({
      resourceId: resource.id,
      version: 1,
      status: "active",
      accessLevels: ["read", "admin"],
      approvalRule: "single",
      defaultDurationMinutes: 15,
      maxDurationMinutes: 60,
      requireJustification: true,
      ticketPattern: null,
      createdAt: CREATED,
      ...options.policy,
    })
    .returning();
  if (options.raci) {
    await setRaci(db, resource.id, options.raci);
  } else {
    const [devops, iam, pam] = await Promise.all([makeTeam(db, "devops"), makeTeam(db, "iam"), makeTeam(db, "pam")]);
    await setRaci(db, resource.id, completeRaci(options.ownerTeamId, devops.id, iam.id, pam.id));
  }
  return { resource, policy };
}

/** A small organisation: a requester in DevOps, two approvers (IAM, PAM), an owner, one resource. */
export async function makeScenario(
  db: Db,
  options: { policy?: Partial<NewPolicy>; connectorKind?: string; raci?: (t: { owners: string; devops: string; iam: string; pam: string }) => RaciCell[] } = {},
) {
  const [devops, iam, pam, owners] = await Promise.all([
    makeTeam(db, "devops"),
    makeTeam(db, "iam"),
    makeTeam(db, "pam"),
    makeTeam(db, "security-platform"),
  ]);
  const requester = await makeUser(db, { roles: ["requester"], teamIds: [devops.id] });
  const approver = await makeUser(db, { roles: ["approver"], teamIds: [iam.id] });
  const approver2 = await makeUser(db, { roles: ["approver"], teamIds: [pam.id] });
  const owner = await makeUser(db, { roles: ["owner"], teamIds: [owners.id] });
  const { resource, policy } = await makeResource(db, {
    ownerTeamId: owners.id,
    connectorKind: options.connectorKind,
    policy: { eligibleTeamIds: [devops.id], approverTeamIds: [iam.id, pam.id], ...options.policy },
    raci: (options.raci ?? ((t) => completeRaci(t.owners, t.devops, t.iam, t.pam)))({ owners: owners.id, devops: devops.id, iam: iam.id, pam: pam.id }),
  });
  return { teams: { devops, iam, pam, owners }, requester, approver, approver2, owner, resource, policy };
}

export function testDeps(db: Db, options: { clock?: ManualClock; connectors?: ConnectorRegistry } = {}): Deps & { clock: ManualClock } {
  return { db, clock: options.clock ?? manualClock(), connectors: options.connectors ?? defaultConnectors };
}

export const requestTerms = (resourceId: string, overrides: Record<string, unknown> = {}) => ({
  resourceId,
  accessLevel: "read",
  durationMinutes: 15,
  justification: "Investigate incident",
  ...overrides,
});
