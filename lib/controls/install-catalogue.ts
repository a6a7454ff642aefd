import "server-only";
// Installs the shipped control catalogue into an empty table. Never overwrites: once it is
// there it belongs to the admins who edit it.
import { count } from "drizzle-orm";
import type { Db } from "@/db/client";
import { controlMappings, controls } from "@/db/schema";
import { CONTROL_CATALOGUE } from "./catalogue";

export async function installControlCatalogue(db: Db, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const [{ n }] = await tx.select({ n: count() }).from(controls);
    if (n > 0) return;
    for (const entry of CONTROL_CATALOGUE) {
      const [control] = await tx
        .insert(controls)
        .values({ framework: entry.framework, identifier: entry.identifier, title: entry.title, lapseDoes: entry.lapseDoes, updatedAt: now })
        .onConflictDoNothing()
        .returning({ id: controls.id });
      if (control) await tx.insert(controlMappings).values(entry.actions.map((action) => ({ controlId: control.id, action })));
    }
  });
}
