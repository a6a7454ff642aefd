// The authorization matrix, written down: for every permission-checked service function, the
// call it makes against the world's records ("here") and which actor kinds may make it.
// Everyone else is refused: with not-found when they hold the action but the record is not
// theirs to see (`hidden`), with forbidden otherwise; a disabled account never gets an actor.
// For lists, `sees` says whether the world's record is among the results: an actor who may
// call the list but does not see the record counts as not-found.
import { eq } from "drizzle-orm";
import { controls, raciAssignments } from "@/db/schema";
import type { UserActor } from "@/lib/auth/actor";
import type { Action } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import type { ReportFilter } from "@/lib/audit/reports/report-filter";
import { checkPrincipalAccess } from "@/lib/access/check-principal-access";
import { createTeam } from "@/lib/admin/create-team";
import { createUser } from "@/lib/admin/create-user";
import { disableUser } from "@/lib/admin/disable-user";
import { enableUser } from "@/lib/admin/enable-user";
import { getUserDetail } from "@/lib/admin/get-user-detail";
import { getTeam, listTeams as listAdminTeams } from "@/lib/admin/list-teams";
import { listUsers } from "@/lib/admin/list-users";
import { setUserRoles } from "@/lib/admin/set-user-roles";
import { setUserTeams } from "@/lib/admin/set-user-teams";
import { updateTeam } from "@/lib/admin/update-team";
import { getOwnRequest, listOwnGrants } from "@/lib/api/read-own";
import { createDecisionToken, createPersonalToken, listPersonalTokens, revokePersonalToken } from "@/lib/api-tokens/personal-tokens";
import { checkIntegrity } from "@/lib/audit/check-integrity";
import { listCheckpoints } from "@/lib/audit/checkpoints";
import { exportCheckpoints } from "@/lib/audit/export-checkpoints";
import { buildEvidencePack } from "@/lib/audit/evidence-pack";
import { getChainHead } from "@/lib/audit/get-chain-head";
import { getTimeline } from "@/lib/audit/get-timeline";
import { listAuditEvents } from "@/lib/audit/list-events";
import { getChartData } from "@/lib/audit/reports/chart-data";
import { exportReport } from "@/lib/audit/reports/export-report";
import { GRANT_REPORT, listGrantReport } from "@/lib/audit/reports/grant-report";
import { readReportPage } from "@/lib/audit/reports/read-report-page";
import { getRevocationReport } from "@/lib/audit/reports/revocation-report";
import { proveSeparationOfDuties } from "@/lib/audit/reports/separation-of-duties";
import { endAllMySessions, listMyOpenSessions } from "@/lib/auth/sessions";
import { stepUpWithPassword } from "@/lib/auth/step-up";
import { getConnectorConfig, listConnectorConfigs } from "@/lib/connectors/get-connector-config";
import { saveConnectorConfig } from "@/lib/connectors/save-connector-config";
import { getControlForEdit } from "@/lib/controls/get-control-for-edit";
import { getControl, listControls, listControlsForEdit } from "@/lib/controls/list-controls";
import { updateControl } from "@/lib/controls/update-control";
import { listOpenDriftFindings } from "@/lib/drift/list-drift-findings";
import { cancelExtension } from "@/lib/extensions/cancel-extension";
import { decideExtension } from "@/lib/extensions/decide-extension";
import { listExtensionQueue } from "@/lib/extensions/list-extension-queue";
import { requestExtension } from "@/lib/extensions/request-extension";
import { revealGrantCredentials } from "@/lib/grants/reveal-grant-credentials";
import { reviewBreakGlass } from "@/lib/grants/review-break-glass";
import { relinquishGrant, revokeGrant } from "@/lib/grants/revoke-grant";
import { countMyUnread, listMyNotifications } from "@/lib/notifications/list-my-notifications";
import { markNotificationsRead, openNotification } from "@/lib/notifications/mark-notifications-read";
import { getNotificationPreferences, saveNotificationPreferences } from "@/lib/notifications/preferences";
import { getTeamChannels, listManageableTeams, saveTeamChannels } from "@/lib/notifications/team-channels";
import { getPolicyPage } from "@/lib/policy/get-policy-page";
import { confirmPolicyChange, rejectPolicyChange } from "@/lib/policy/review-policy";
import { savePolicy } from "@/lib/policy/save-policy";
import { getRaciPage } from "@/lib/raci/get-raci-page";
import { listOrgRaci } from "@/lib/raci/list-org-raci";
import { listTeams as listRaciTeams } from "@/lib/raci/list-teams";
import { saveRaci } from "@/lib/raci/save-raci";
import { cancelRequest } from "@/lib/requests/cancel-request";
import { createRequest } from "@/lib/requests/create-request";
import { decideRequest } from "@/lib/requests/decide-request";
import { listApprovalQueue } from "@/lib/requests/list-approval-queue";
import { listMyRequests } from "@/lib/requests/list-my-requests";
import { deleteResource } from "@/lib/resources/delete-resource";
import { freezeResource, unfreezeResource } from "@/lib/resources/freeze-resource";
import { getResourceOverview } from "@/lib/resources/get-resource-overview";
import { listOwnedResources } from "@/lib/resources/list-owned-resources";
import { listRequestableResources } from "@/lib/resources/list-requestable-resources";
import { listResourceNames } from "@/lib/resources/list-resource-names";
import { renameResource } from "@/lib/resources/rename-resource";
import { createWorkload } from "@/lib/workloads/create-workload";
import { disableWorkload } from "@/lib/workloads/disable-workload";
import { listWorkloads } from "@/lib/workloads/list-workloads";
import { updateWorkload } from "@/lib/workloads/update-workload";
import { issueWorkloadKey, revokeWorkloadKey } from "@/lib/workloads/workload-keys";
import { EVERY_PERSON, MATRIX_PASSWORD, type ActorKind, type World } from "./authorization-world";
import { policyEdit } from "./policy-helpers";
import { requestTerms } from "./factories";

export interface MatrixCase {
  action: Action;
  /** The call, as an entry point would make it. Workload actors are passed as they come: the check must refuse them. */
  call: (actor: UserActor, w: World, deps: Deps) => Promise<unknown>;
  allow: readonly ActorKind[];
  hidden?: readonly ActorKind[];
  sees?: (result: never, w: World) => boolean;
}

const R: ActorKind = "requester";
const R2: ActorKind = "other requester";
const AH: ActorKind = "approver here";
const AE: ActorKind = "approver elsewhere";
const OH: ActorKind = "owner here";
const OE: ActorKind = "owner elsewhere";
const AU: ActorKind = "auditor";
const AD: ActorKind = "admin";
const W: ActorKind = "workload";
const everyPersonBut = (kind: ActorKind) => EVERY_PERSON.filter((k) => k !== kind);

/** Streams are read to the end: a refusal must come before the first byte, and the work must finish. */
const drain = async (stream: ReadableStream<Uint8Array>) => (await new Response(stream).arrayBuffer()).byteLength;

const ALL: ReportFilter = { from: null, to: null, resourceId: null, teamId: null, requester: null, actor: null, action: null };

const ADMIN_ONLY = { allow: [AD] } as const;
const AUDITOR_ONLY = { allow: [AU] } as const;
const OWNER_HERE_OR_ADMIN = { allow: [OH, AD], hidden: [OE] } as const;
const REQUESTERS_OWN = { allow: [R], hidden: [R2, W] } as const;

export const MATRIX: Record<string, MatrixCase> = {
  "lib/access/check-principal-access.ts#checkPrincipalAccess": {
    action: "access.check",
    call: (a, w, d) => checkPrincipalAccess(a, { principal: `user:${w.people.requester.email}`, resource: w.here.slug, level: "read" }, d),
    allow: [AU, AD],
  },

  // Administration: admins only.
  "lib/admin/create-team.ts#createTeam": { action: "admin.manage", call: (a, _w, d) => createTeam(a, { name: "Matrix team", slug: "matrix-team", function: "other" }, d), ...ADMIN_ONLY },
  "lib/admin/create-user.ts#createUser": { action: "admin.manage", call: (a, _w, d) => createUser(a, { email: "matrix-new@example.test", name: "Matrix New" }, d), ...ADMIN_ONLY },
  "lib/admin/disable-user.ts#disableUser": { action: "admin.manage", call: (a, w, d) => disableUser(a, { userId: w.bystander.id }, d), ...ADMIN_ONLY },
  "lib/admin/enable-user.ts#enableUser": { action: "admin.manage", call: (a, w, d) => enableUser(a, { userId: w.people["disabled user"].id }, d), ...ADMIN_ONLY },
  "lib/admin/get-user-detail.ts#getUserDetail": { action: "admin.read", call: (a, w, d) => getUserDetail(a, w.bystander.id, d), ...ADMIN_ONLY },
  "lib/admin/list-teams.ts#listTeams": { action: "admin.read", call: (a, _w, d) => listAdminTeams(a, d), ...ADMIN_ONLY },
  "lib/admin/list-teams.ts#getTeam": { action: "admin.read", call: (a, w, d) => getTeam(a, w.teams.devops.id, d), ...ADMIN_ONLY },
  "lib/admin/list-users.ts#listUsers": { action: "admin.read", call: (a, _w, d) => listUsers(a, d), ...ADMIN_ONLY },
  "lib/admin/set-user-roles.ts#setUserRoles": { action: "admin.manage", call: (a, w, d) => setUserRoles(a, { userId: w.bystander.id, roles: ["requester", "approver"] }, d), ...ADMIN_ONLY },
  "lib/admin/set-user-teams.ts#setUserTeams": { action: "admin.manage", call: (a, w, d) => setUserTeams(a, { userId: w.bystander.id, teamIds: [w.teams.devops.id] }, d), ...ADMIN_ONLY },
  "lib/admin/update-team.ts#updateTeam": {
    action: "admin.manage",
    call: (a, w, d) => updateTeam(a, { teamId: w.teams.spareTeam.id, name: "Spare renamed", slug: "spare-renamed", function: "other" }, d),
    ...ADMIN_ONLY,
  },
  "lib/connectors/get-connector-config.ts#listConnectorConfigs": { action: "admin.read", call: (a, _w, d) => listConnectorConfigs(a, d), ...ADMIN_ONLY },
  "lib/connectors/get-connector-config.ts#getConnectorConfig": { action: "admin.read", call: (a, w, d) => getConnectorConfig(a, w.here.slug, d), ...ADMIN_ONLY },
  "lib/connectors/save-connector-config.ts#saveConnectorConfig": {
    action: "admin.manage",
    call: (a, w, d) => saveConnectorConfig(a, { resourceId: w.here.id, kind: "record-only", revision: 0 }, d),
    ...ADMIN_ONLY,
  },
  "lib/resources/delete-resource.ts#deleteResource": { action: "admin.manage", call: (a, w, d) => deleteResource(a, { resourceId: w.elsewhere.id }, d), ...ADMIN_ONLY },
  "lib/resources/rename-resource.ts#renameResource": {
    action: "admin.manage",
    call: (a, w, d) => renameResource(a, { resourceId: w.here.id, name: "Renamed by the matrix", slug: "renamed-by-the-matrix" }, d),
    ...ADMIN_ONLY,
  },
  "lib/workloads/create-workload.ts#createWorkload": {
    action: "workload.manage",
    call: (a, w, d) => createWorkload(a, { name: "matrix-workload", ownerTeamId: w.teams.devops.id, authKind: "api_key", keyExpiresInDays: 7 }, d),
    ...ADMIN_ONLY,
  },
  "lib/workloads/disable-workload.ts#disableWorkload": { action: "workload.manage", call: (a, w, d) => disableWorkload(a, { workloadId: w.workloadId }, d), ...ADMIN_ONLY },
  "lib/workloads/list-workloads.ts#listWorkloads": { action: "workload.manage", call: (a, _w, d) => listWorkloads(a, d), ...ADMIN_ONLY },
  "lib/workloads/update-workload.ts#updateWorkload": {
    action: "workload.manage",
    call: (a, w, d) => updateWorkload(a, { workloadId: w.workloadId, claimConditions: "", mayCheckAccess: false }, d),
    ...ADMIN_ONLY,
  },
  "lib/workloads/workload-keys.ts#issueWorkloadKey": { action: "workload.manage", call: (a, w, d) => issueWorkloadKey(a, { workloadId: w.workloadId, expiresInDays: 7 }, d), ...ADMIN_ONLY },
  "lib/workloads/workload-keys.ts#revokeWorkloadKey": { action: "workload.manage", call: (a, w, d) => revokeWorkloadKey(a, { tokenId: w.workloadKeyId }, d), ...ADMIN_ONLY },
  // The control catalogue is organisation-wide data that control owners keep (DESIGN §6), whichever resource they own.
  "lib/controls/get-control-for-edit.ts#getControlForEdit": { action: "controls.edit", call: (a, _w, d) => getControlForEdit(a, "NHI7", d), allow: [OH, OE, AD] },
  "lib/controls/list-controls.ts#listControlsForEdit": { action: "controls.edit", call: (a, _w, d) => listControlsForEdit(a, d), allow: [OH, OE, AD] },
  "lib/controls/update-control.ts#updateControl": {
    action: "controls.edit",
    call: async (a, _w, d) => {
      const [nhi7] = await d.db.select().from(controls).where(eq(controls.identifier, "NHI7"));
      return updateControl(a, { controlId: nhi7.id, updatedAt: nhi7.updatedAt.toISOString(), lapseDoes: "Credentials live only as long as their grant.", actions: ["grant.expired"] }, d);
    },
    allow: [OH, OE, AD],
  },
  "lib/controls/list-controls.ts#listControls": { action: "controls.read", call: (a, _w, d) => listControls(a, d), allow: [AU, AD] },
  "lib/controls/list-controls.ts#getControl": { action: "controls.read", call: (a, _w, d) => getControl(a, "NHI7", d), allow: [AU, AD] },

  // Evidence: auditors only.
  "lib/audit/check-integrity.ts#checkIntegrity": { action: "audit.read", call: (a, _w, d) => checkIntegrity(a, d), ...AUDITOR_ONLY },
  "lib/audit/checkpoints.ts#listCheckpoints": { action: "audit.read", call: (a, _w, d) => listCheckpoints(a, d), ...AUDITOR_ONLY },
  "lib/audit/export-checkpoints.ts#exportCheckpoints": { action: "audit.read", call: (a, _w, d) => exportCheckpoints(a, d), ...AUDITOR_ONLY },
  "lib/audit/evidence-pack.ts#buildEvidencePack": { action: "audit.read", call: async (a, _w, d) => drain(await buildEvidencePack(a, ALL, d)), ...AUDITOR_ONLY },
  "lib/audit/get-chain-head.ts#getChainHead": { action: "audit.read", call: (a, _w, d) => getChainHead(a, d), ...AUDITOR_ONLY },
  "lib/audit/get-timeline.ts#getTimeline": { action: "audit.read", call: (a, w, d) => getTimeline(a, { requestId: w.pending.id }, d), ...AUDITOR_ONLY },
  "lib/audit/list-events.ts#listAuditEvents": { action: "audit.read", call: (a, _w, d) => listAuditEvents(a, { filter: ALL }, d), ...AUDITOR_ONLY },
  "lib/audit/reports/chart-data.ts#getChartData": { action: "audit.read", call: (a, _w, d) => getChartData(a, ALL, d), ...AUDITOR_ONLY },
  "lib/audit/reports/export-report.ts#exportReport": { action: "audit.read", call: async (a, _w, d) => drain(await exportReport(a, GRANT_REPORT, ALL, "csv", d)), ...AUDITOR_ONLY },
  "lib/audit/reports/grant-report.ts#listGrantReport": { action: "audit.read", call: (a, _w, d) => listGrantReport(a, ALL, {}, d), ...AUDITOR_ONLY },
  "lib/audit/reports/read-report-page.ts#readReportPage": { action: "audit.read", call: (a, _w, d) => readReportPage(a, GRANT_REPORT, ALL, null, 10, d), ...AUDITOR_ONLY },
  "lib/audit/reports/revocation-report.ts#getRevocationReport": { action: "audit.read", call: (a, _w, d) => getRevocationReport(a, ALL, d), ...AUDITOR_ONLY },
  "lib/audit/reports/separation-of-duties.ts#proveSeparationOfDuties": { action: "audit.read", call: (a, _w, d) => proveSeparationOfDuties(a, ALL, d), ...AUDITOR_ONLY },
  "lib/resources/list-resource-names.ts#listResourceNames": { action: "audit.read", call: (a, _w, d) => listResourceNames(a, d), ...AUDITOR_ONLY },

  // Everyone's own things: sessions, tokens, inbox, preferences.
  "lib/auth/sessions.ts#endAllMySessions": { action: "session.manage-own", call: (a, _w, d) => endAllMySessions(a, d), allow: EVERY_PERSON },
  "lib/auth/sessions.ts#listMyOpenSessions": { action: "session.manage-own", call: (a, _w, d) => listMyOpenSessions(a, d), allow: EVERY_PERSON },
  // Everyone's password is the same here, so only the session decides: the requester's is theirs alone.
  "lib/auth/step-up.ts#stepUpWithPassword": {
    action: "session.manage-own",
    call: (a, w, d) => stepUpWithPassword(a, { password: MATRIX_PASSWORD, sessionId: w.requesterSessionId, address: "192.0.2.10" }, d),
    sees: (result: { outcome: string }) => result.outcome === "confirmed",
    allow: [R],
    hidden: everyPersonBut(R),
  },
  "lib/api-tokens/personal-tokens.ts#createPersonalToken": {
    action: "token.manage-own",
    call: (a, _w, d) => createPersonalToken(a, { name: "matrix", expiresInDays: 7 }, d),
    allow: EVERY_PERSON,
  },
  // Anyone who may decide, as themselves (each actor of the matrix has signed in just now).
  "lib/api-tokens/personal-tokens.ts#createDecisionToken": {
    action: "request.decide",
    call: (a, _w, d) => createDecisionToken(a, { name: "matrix decisions" }, d),
    allow: [AH, AE],
  },
  "lib/api-tokens/personal-tokens.ts#listPersonalTokens": {
    action: "token.manage-own",
    call: (a, _w, d) => listPersonalTokens(a, d),
    sees: (tokens: { id: string }[], w) => tokens.some((t) => t.id === w.tokenId),
    allow: [R],
    hidden: everyPersonBut(R),
  },
  "lib/api-tokens/personal-tokens.ts#revokePersonalToken": {
    action: "token.manage-own",
    call: (a, w, d) => revokePersonalToken(a, { tokenId: w.tokenId }, d),
    allow: [R],
    hidden: everyPersonBut(R),
  },
  "lib/notifications/list-my-notifications.ts#listMyNotifications": {
    action: "notification.read-own",
    call: (a, _w, d) => listMyNotifications(a, d),
    sees: (items: { id: string }[], w) => items.some((n) => n.id === w.notificationId),
    allow: [R],
    hidden: everyPersonBut(R),
  },
  "lib/notifications/list-my-notifications.ts#countMyUnread": { action: "notification.read-own", call: (a, _w, d) => countMyUnread(a, d), allow: EVERY_PERSON },
  "lib/notifications/mark-notifications-read.ts#markNotificationsRead": {
    action: "notification.read-own",
    call: (a, w, d) => markNotificationsRead(a, { notificationId: w.notificationId }, d),
    sees: (marked: number) => marked === 1,
    allow: [R],
    hidden: everyPersonBut(R),
  },
  "lib/notifications/mark-notifications-read.ts#openNotification": {
    action: "notification.read-own",
    call: (a, w, d) => openNotification(a, { notificationId: w.notificationId }, d),
    allow: [R],
    hidden: everyPersonBut(R),
  },
  "lib/notifications/preferences.ts#getNotificationPreferences": { action: "notification.preferences", call: (a, _w, d) => getNotificationPreferences(a, d), allow: EVERY_PERSON },
  "lib/notifications/preferences.ts#saveNotificationPreferences": {
    action: "notification.preferences",
    call: (a, _w, d) => saveNotificationPreferences(a, { enabled: [] }, d),
    allow: EVERY_PERSON,
  },

  // Requesters (people and workloads) and their own requests and grants.
  "lib/requests/create-request.ts#createRequest": { action: "request.create", call: (a, w, d) => createRequest(a, requestTerms(w.here.id), d), allow: [R, R2, W] },
  "lib/resources/list-requestable-resources.ts#listRequestableResources": {
    action: "request.create",
    call: (a, _w, d) => listRequestableResources(a, d),
    sees: (resources: { id: string }[], w) => resources.some((r) => r.id === w.here.id),
    // The workload is named in the policy, so it sees the resource too.
    allow: [R, R2, W],
  },
  "lib/requests/cancel-request.ts#cancelRequest": { action: "request.cancel", call: (a, w, d) => cancelRequest(a, { requestId: w.pending.id }, d), ...REQUESTERS_OWN },
  "lib/api/read-own.ts#getOwnRequest": { action: "request.read-own", call: (a, w, d) => getOwnRequest(a, { requestId: w.pending.id }, d), ...REQUESTERS_OWN },
  "lib/requests/list-my-requests.ts#listMyRequests": {
    action: "request.read-own",
    call: (a, _w, d) => listMyRequests(a, d),
    sees: (view: { pending: { id: string }[] }, w) => view.pending.some((r) => r.id === w.pending.id),
    ...REQUESTERS_OWN,
  },
  "lib/api/read-own.ts#listOwnGrants": {
    action: "grant.read-own",
    call: (a, _w, d) => listOwnGrants(a, { live: true }, d),
    sees: (grants: { id: string }[], w) => grants.some((g) => g.id === w.liveGrant.id),
    ...REQUESTERS_OWN,
  },
  "lib/grants/reveal-grant-credentials.ts#revealGrantCredentials": {
    action: "grant.read-own",
    call: (a, w, d) => revealGrantCredentials(a, { grantId: w.liveGrant.id }, d),
    ...REQUESTERS_OWN,
  },
  "lib/grants/revoke-grant.ts#relinquishGrant": { action: "grant.relinquish", call: (a, w, d) => relinquishGrant(a, { grantId: w.liveGrant.id }, d), ...REQUESTERS_OWN },
  "lib/extensions/request-extension.ts#requestExtension": {
    action: "extension.request",
    call: (a, w, d) => requestExtension(a, { grantId: w.extendable.id, minutes: 30, justification: "A little longer" }, d),
    ...REQUESTERS_OWN,
  },
  "lib/extensions/cancel-extension.ts#cancelExtension": { action: "extension.request", call: (a, w, d) => cancelExtension(a, { extensionId: w.extension.id }, d), ...REQUESTERS_OWN },

  // Approvers of the resource's approver teams.
  "lib/requests/decide-request.ts#decideRequest": {
    action: "request.decide",
    call: (a, w, d) => decideRequest(a, "approve", { requestId: w.pending.id }, d),
    allow: [AH],
    hidden: [AE],
  },
  "lib/requests/list-approval-queue.ts#listApprovalQueue": {
    action: "approval.read-queue",
    call: (a, _w, d) => listApprovalQueue(a, d),
    sees: (queue: { id: string }[], w) => queue.some((q) => q.id === w.pending.id),
    allow: [AH],
    hidden: [AE],
  },
  "lib/extensions/decide-extension.ts#decideExtension": {
    action: "extension.decide",
    call: (a, w, d) => decideExtension(a, "approve", { extensionId: w.extension.id }, d),
    allow: [AH],
    hidden: [AE],
  },
  "lib/extensions/list-extension-queue.ts#listExtensionQueue": {
    action: "approval.read-queue",
    call: (a, _w, d) => listExtensionQueue(a, d),
    sees: (queue: { id: string }[], w) => queue.some((q) => q.id === w.extension.id),
    allow: [AH],
    hidden: [AE],
  },

  // The owner team of the resource (and admins, except where a second owner must confirm).
  "lib/policy/get-policy-page.ts#getPolicyPage": { action: "owner.read", call: (a, w, d) => getPolicyPage(a, w.here.slug, d), ...OWNER_HERE_OR_ADMIN },
  "lib/policy/save-policy.ts#savePolicy": {
    action: "policy.edit",
    call: (a, w, d) => savePolicy(a, policyEdit({ resource: w.here }, w.activePolicy, { maxDurationMinutes: 240 }), d),
    ...OWNER_HERE_OR_ADMIN,
  },
  "lib/policy/review-policy.ts#confirmPolicyChange": {
    action: "policy.review",
    call: (a, w, d) => confirmPolicyChange(a, { policyId: w.pendingPolicyId }, d),
    allow: [OH],
    hidden: [OE],
  },
  // Rejecting someone else's change needs the right to review it, which admins do not hold
  // (they may only withdraw their own proposals).
  "lib/policy/review-policy.ts#rejectPolicyChange": {
    action: "policy.edit",
    call: (a, w, d) => rejectPolicyChange(a, { policyId: w.pendingPolicyId }, d),
    allow: [OH],
    hidden: [OE],
  },
  "lib/raci/get-raci-page.ts#getRaciPage": { action: "owner.read", call: (a, w, d) => getRaciPage(a, w.here.slug, d), ...OWNER_HERE_OR_ADMIN },
  "lib/raci/save-raci.ts#saveRaci": {
    action: "raci.edit",
    call: async (a, w, d) => {
      const cells = await d.db
        .select({ activity: raciAssignments.activity, teamId: raciAssignments.teamId, letter: raciAssignments.letter })
        .from(raciAssignments)
        .where(eq(raciAssignments.resourceId, w.here.id));
      return saveRaci(a, { resourceSlug: w.here.slug, revision: 0, cells: [...cells, { activity: "approval", teamId: w.teams.spareTeam.id, letter: "I" }] }, d);
    },
    ...OWNER_HERE_OR_ADMIN,
  },
  "lib/raci/list-org-raci.ts#listOrgRaci": { action: "raci.read", call: (a, _w, d) => listOrgRaci(a, {}, d), allow: [OH, OE, AU, AD] },
  "lib/raci/list-teams.ts#listTeams": { action: "raci.read", call: (a, _w, d) => listRaciTeams(a, d), allow: [OH, OE, AU, AD] },
  "lib/drift/list-drift-findings.ts#listOpenDriftFindings": {
    action: "owner.read",
    call: (a, w, d) => listOpenDriftFindings(a, w.here.slug, d),
    sees: (findings: { id: string }[], w) => findings.some((f) => f.id === w.driftFindingId),
    ...OWNER_HERE_OR_ADMIN,
  },
  "lib/resources/get-resource-overview.ts#getResourceOverview": { action: "owner.read", call: (a, w, d) => getResourceOverview(a, w.here.slug, d), ...OWNER_HERE_OR_ADMIN },
  "lib/resources/list-owned-resources.ts#listOwnedResources": {
    action: "owner.read",
    call: (a, _w, d) => listOwnedResources(a, d),
    sees: (owned: { id: string }[], w) => owned.some((r) => r.id === w.here.id),
    ...OWNER_HERE_OR_ADMIN,
  },
  "lib/resources/freeze-resource.ts#freezeResource": {
    action: "resource.freeze",
    call: (a, w, d) => freezeResource(a, { resourceSlug: w.quiet.slug, reason: "Suspected leak" }, d),
    ...OWNER_HERE_OR_ADMIN,
  },
  "lib/resources/freeze-resource.ts#unfreezeResource": { action: "resource.freeze", call: (a, w, d) => unfreezeResource(a, { resourceSlug: w.frozen.slug }, d), ...OWNER_HERE_OR_ADMIN },
  "lib/grants/revoke-grant.ts#revokeGrant": {
    action: "grant.revoke",
    call: (a, w, d) => revokeGrant(a, { grantId: w.liveGrant.id, reason: "No longer needed" }, d),
    ...OWNER_HERE_OR_ADMIN,
  },
  "lib/grants/review-break-glass.ts#reviewBreakGlass": {
    action: "exception.review",
    call: (a, w, d) => reviewBreakGlass(a, { grantId: w.breakGlassGrant.id, outcome: "accepted", comment: "Justified by INC-7" }, d),
    allow: [OH],
    hidden: [OE],
  },
  "lib/notifications/team-channels.ts#listManageableTeams": {
    action: "team.notifications.manage",
    call: (a, _w, d) => listManageableTeams(a, d),
    sees: (teams: { id: string }[], w) => teams.some((t) => t.id === w.teams.owners.id),
    ...OWNER_HERE_OR_ADMIN,
  },
  "lib/notifications/team-channels.ts#getTeamChannels": { action: "team.notifications.manage", call: (a, w, d) => getTeamChannels(a, w.teams.owners.id, d), ...OWNER_HERE_OR_ADMIN },
  "lib/notifications/team-channels.ts#saveTeamChannels": { action: "team.notifications.manage", call: (a, w, d) => saveTeamChannels(a, { teamId: w.teams.owners.id }, d), ...OWNER_HERE_OR_ADMIN },
};
