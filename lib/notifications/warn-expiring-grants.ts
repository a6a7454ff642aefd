import "server-only";
// "Your access ends soon": the holder of a live grant is warned once the current policy's
// lead time (default 10 minutes) before it ends, with a one-click link to ask for more time
// when the policy still allows it. Once per grant and length: an approved extension moves the
// end, and the holder is warned again before the new one. Grants no longer than the lead time
// are not warned: the "access granted" message already said when they end.
import { and, eq, gt, isNull, notExists, sql } from "drizzle-orm";
import { grants, notifications, policies } from "@/db/schema";
import { sqlTime } from "@/db/sql-time";
import type { Deps } from "@/lib/deps";
import { extensionBlock } from "@/lib/extensions/extension-rules";
import { currentPolicyIdSql } from "@/lib/resources/current-policy";
import { resourceOf } from "./context";
import { enqueueNotification } from "./enqueue-notification";
import { formatUtc } from "./format";
import { links } from "./links";

export async function warnExpiringGrants(deps: Deps, limit = 200): Promise<number> {
  const now = deps.clock();
  const dedupeKey = sql`'grant.expiring:' || ${grants.id} || ':' || ${grants.extendedMinutes}`;
  const due = await deps.db
    .select({ grant: grants, policy: policies })
    .from(grants)
    .innerJoin(policies, eq(policies.id, currentPolicyIdSql(grants.resourceId)))
    .where(
      and(
        eq(grants.status, "active"),
        isNull(grants.revokeRequestedAt),
        gt(grants.expiresAt, now),
        sql`${grants.expiresAt} - make_interval(mins => ${policies.expiryWarningMinutes}) <= ${sqlTime(now)}`,
        sql`${grants.expiresAt} - ${grants.issuedAt} > make_interval(mins => ${policies.expiryWarningMinutes})`,
        notExists(deps.db.select({ one: sql`1` }).from(notifications).where(eq(notifications.dedupeKey, dedupeKey))),
      ),
    )
    .limit(limit);

  let warned = 0;
  for (const { grant, policy } of due) {
    const minutesLeft = Math.max(1, Math.round((grant.expiresAt!.getTime() - now.getTime()) / 60_000));
    const extendable = extensionBlock(policy, grant) === null;
    const created = await deps.db.transaction(async (tx) => {
      const resource = await resourceOf(tx, grant.resourceId);
      return enqueueNotification(tx, {
        event: "grant.expiring",
        dedupeKey: `grant.expiring:${grant.id}:${grant.extendedMinutes}`,
        resourceId: resource.id,
        requestId: grant.requestId,
        grantId: grant.id,
        title: `Access ends in ${minutesLeft} min: ${grant.accessLevel} on ${resource.name}`,
        body: `Your ${grant.accessLevel} access to ${resource.name} ends at ${formatUtc(grant.expiresAt!)}.${extendable ? " If you need more time, ask for an extension before then." : " This grant cannot be extended; request access again if you still need it."}`,
        link: links.myGrant(grant.id),
        action: extendable ? { label: "Ask for more time", link: links.extendGrant(grant.id) } : undefined,
        userIds: [grant.principalUserId],
        now,
      });
    });
    if (created) warned++;
  }
  return warned;
}
