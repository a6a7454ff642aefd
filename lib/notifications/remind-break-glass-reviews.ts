import "server-only";
// A break-glass grant whose review is past due: its owner team hears once more.
import { and, eq, isNull, lte, notExists, sql } from "drizzle-orm";
import { grants, notifications } from "@/db/schema";
import type { Deps } from "@/lib/deps";
import { notifyBreakGlassReview } from "./owner-notices";

export async function remindOverdueBreakGlassReviews(deps: Deps, limit = 200): Promise<number> {
  const now = deps.clock();
  const overdue = await deps.db
    .select()
    .from(grants)
    .where(
      and(
        eq(grants.breakGlass, true),
        isNull(grants.reviewedAt),
        lte(grants.reviewDueAt, now),
        notExists(deps.db.select({ one: sql`1` }).from(notifications).where(eq(notifications.dedupeKey, sql`'break_glass.review_overdue:' || ${grants.id}`))),
      ),
    )
    .limit(limit);
  let reminded = 0;
  for (const grant of overdue) {
    await deps.db.transaction((tx) => notifyBreakGlassReview(tx, grant, "overdue", now));
    reminded++;
  }
  return reminded;
}
