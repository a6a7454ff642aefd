// The organisation the authorization matrix runs in: one resource ("here") with a record of
// every kind a service function can act on, a second resource ("elsewhere") governed by other
// teams, and one actor of each kind the matrix asks about. Built through the service
// functions themselves, so every record is one the product could really hold.
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiTokens, driftFindings, policies, type Policy } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { loadUserActor } from "@/lib/auth/load-actor";
import { openSession } from "@/lib/auth/open-session";
import { hashPassword } from "@/lib/auth/password";
import { createPersonalToken } from "@/lib/api-tokens/personal-tokens";
import { installControlCatalogue } from "@/lib/controls/install-catalogue";
import { requestExtension } from "@/lib/extensions/request-extension";
import { storeGrantSecret } from "@/lib/grants/grant-secrets";
import { listMyNotifications } from "@/lib/notifications/list-my-notifications";
import { savePolicy } from "@/lib/policy/save-policy";
import { createRequest } from "@/lib/requests/create-request";
import { approveRequest } from "@/lib/requests/decide-request";
import { freezeResource } from "@/lib/resources/freeze-resource";
import { createWorkload } from "@/lib/workloads/create-workload";
import { loadPrincipal } from "@/lib/workloads/load-principal";
import { ALWAYS_FRESH, makeResource, makeTeam, makeUser, requestTerms, testDeps } from "./factories";
import { grantFor } from "./helpers";
import { policyEdit } from "./policy-helpers";

export const ACTOR_KINDS = [
  "requester",
  "other requester",
  "approver here",
  "approver elsewhere",
  "owner here",
  "owner elsewhere",
  "auditor",
  "admin",
  "disabled user",
  "workload",
  "nobody",
] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

/** Every person's password in the world (one hash, made once: hashing is slow on purpose). */
export const MATRIX_PASSWORD = "matrix-password-for-everyone";

/** Everyone who holds a role (and so the personal actions: sessions, tokens, inbox). */
export const EVERY_PERSON: readonly ActorKind[] = ["requester", "other requester", "approver here", "approver elsewhere", "owner here", "owner elsewhere", "auditor", "admin"];

export type World = Awaited<ReturnType<typeof buildWorld>>;

export async function buildWorld(db: Db) {
  const deps = testDeps(db);
  const now = deps.clock();
  await installControlCatalogue(db, now);
  const [devops, iam, owners, otherOwners, otherApprovers, spareTeam] = await Promise.all([
    makeTeam(db, "devops"),
    makeTeam(db, "iam"),
    makeTeam(db, "security-platform"),
    makeTeam(db, "security-platform"),
    makeTeam(db, "pam"),
    makeTeam(db, "other"),
  ]);
  const passwordHash = await hashPassword(MATRIX_PASSWORD);
  const admin = await makeUser(db, { roles: ["admin"], passwordHash });
  const { workload } = await createWorkload(admin, { name: `deploy-${devops.id.slice(0, 8)}`, ownerTeamId: devops.id, authKind: "api_key", keyExpiresInDays: 30 }, deps);
  const here = await makeResource(db, {
    ownerTeamId: owners.id,
    policy: {
      eligibleTeamIds: [devops.id],
      eligibleWorkloadIds: [workload.id],
      approverTeamIds: [iam.id],
      approvalRule: "single",
      maxDurationMinutes: 360,
      extensionsAllowed: true,
      maxTotalMinutes: 720,
      breakGlassTeamIds: [devops.id],
      breakGlassReviewMinutes: 120,
      maxLiveGrants: 10,
    },
  });
  const elsewhere = await makeResource(db, { ownerTeamId: otherOwners.id, policy: { eligibleTeamIds: [devops.id], approverTeamIds: [otherApprovers.id] } });
  const frozen = await makeResource(db, { ownerTeamId: owners.id, policy: { eligibleTeamIds: [devops.id], approverTeamIds: [iam.id] } });
  // Governed by the same team, with no grants: freezing it ends nothing.
  const quiet = await makeResource(db, { ownerTeamId: owners.id, policy: { eligibleTeamIds: [devops.id], approverTeamIds: [iam.id] } });

  const people = {
    requester: await makeUser(db, { roles: ["requester"], teamIds: [devops.id], passwordHash }),
    "other requester": await makeUser(db, { roles: ["requester"], teamIds: [devops.id], passwordHash }),
    "approver here": await makeUser(db, { roles: ["approver"], teamIds: [iam.id], passwordHash }),
    "approver elsewhere": await makeUser(db, { roles: ["approver"], teamIds: [otherApprovers.id], passwordHash }),
    "owner here": await makeUser(db, { roles: ["owner"], teamIds: [owners.id], passwordHash }),
    "owner elsewhere": await makeUser(db, { roles: ["owner"], teamIds: [otherOwners.id], passwordHash }),
    auditor: await makeUser(db, { roles: ["auditor"], passwordHash }),
    admin,
    // Every role and every team: being disabled must outweigh all of it.
    "disabled user": await makeUser(db, { roles: ["requester", "approver", "owner", "auditor", "admin"], teamIds: [devops.id, iam.id, owners.id], disabled: true, passwordHash }),
    nobody: await makeUser(db, { passwordHash }),
  };
  const secondOwner = await makeUser(db, { roles: ["owner"], teamIds: [owners.id] });
  const bystander = await makeUser(db, { roles: ["requester"], teamIds: [spareTeam.id] });
  const { requester } = people;
  const approver = people["approver here"];

  // A request waiting for a decision, and live grants to end, extend and reveal.
  const pending = await createRequest(requester, requestTerms(here.resource.id), deps);
  const grantOf = async (durationMinutes: number) => {
    const request = await createRequest(requester, requestTerms(here.resource.id, { durationMinutes }), deps);
    await approveRequest(approver, { requestId: request.id }, deps);
    return grantFor(db, request.id);
  };
  const liveGrant = await grantOf(120);
  const extendable = await grantOf(120);
  await storeGrantSecret(db, liveGrant.id, { username: "jit_user", password: "not-for-others" }, now, liveGrant.expiresAt!);
  const { extension } = await requestExtension(requester, { grantId: liveGrant.id, minutes: 30, justification: "Still on it" }, deps);
  const breakGlassRequest = await createRequest(requester, requestTerms(here.resource.id, { breakGlass: true, justification: "Payments down, INC-7" }), deps);
  const breakGlassGrant = await grantFor(db, breakGlassRequest.id);

  // A loosening written by the second owner, waiting for someone else of the team to confirm.
  const [active] = await db.select().from(policies).where(eq(policies.id, here.policy.id));
  const loosened = await savePolicy(secondOwner, policyEdit(here, active, { maxDurationMinutes: 480 }), deps);
  await freezeResource(people["owner here"], { resourceSlug: frozen.resource.slug, reason: "Investigating a leak" }, deps);

  const [finding] = await db
    .insert(driftFindings)
    .values({ resourceId: here.resource.id, grantId: liveGrant.id, subject: "lapse_jit_leftover", detectedAt: now, evidence: { reason: "role still present" } })
    .returning();

  // The requester's signed-in session, which step-up refreshes (and nobody else may).
  const requesterSessionId = await db.transaction((tx) => openSession(tx, { user: requester, method: "password", now, details: {} }));

  const token = await createPersonalToken(requester, { name: "cli", expiresInDays: 30 }, deps);
  const [workloadKey] = await db.select({ id: apiTokens.id }).from(apiTokens).where(eq(apiTokens.workloadId, workload.id));
  const [notification] = await listMyNotifications(requester, deps);
  if (!notification) throw new Error("the requester has no notification to act on: the world is not what the matrix expects");

  return {
    people,
    workloadId: workload.id,
    workloadUserId: workload.userId,
    workloadKeyId: workloadKey.id,
    teams: { devops, iam, owners, otherOwners, otherApprovers, spareTeam },
    here: here.resource,
    elsewhere: elsewhere.resource,
    frozen: frozen.resource,
    quiet: quiet.resource,
    driftFindingId: finding.id,
    activePolicy: active as Policy,
    pendingPolicyId: loosened.policy.id,
    pending,
    liveGrant,
    extendable,
    extension,
    breakGlassGrant,
    tokenId: token.id,
    requesterSessionId,
    notificationId: notification.id,
    bystander,
  };
}

/**
 * The actor of a kind, obtained the way the entry points obtain one: a person is read from the
 * database (roles, teams, disabled) as requireActor does; a workload as the API's
 * authentication does. A person's session is taken as signed in just now, so step-up never
 * stands in the way here (test/integration/step-up.test.ts covers it). Null when no actor
 * exists (a disabled account).
 */
export async function actorOf(db: Db, world: World, kind: ActorKind): Promise<Actor | null> {
  if (kind === "workload") return loadPrincipal(db, world.workloadUserId);
  return loadUserActor(db, world.people[kind].id, ALWAYS_FRESH);
}
