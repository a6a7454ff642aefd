import "server-only";
// An admin adds a person. No password: they sign in through the identity provider (OIDC)
// with this email. The email is unique whatever its case (a unique index on lower(email)).
import { memberships, userRoles, users, type User } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { auditActor, type UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { invalid } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { knownTeams } from "./known-teams";
import { lockActingAdmin } from "./lock-acting-admin";
import { createUserInput, type CreateUserInput } from "./schemas";

export const DUPLICATE_EMAIL = "An account with this email already exists.";

export async function createUser(actor: UserActor, input: CreateUserInput, deps: Deps): Promise<User> {
  authorize(actor, "admin.manage");
  const data = parseInput(createUserInput, input);
  const now = deps.clock();

  return deps.db.transaction(async (tx) => {
    await lockActingAdmin(tx, actor);
    const teamRows = await knownTeams(tx, data.teamIds);
    // The unique index decides, not an earlier read: two admins adding the same person at once get one account.
    const [created] = await tx
      .insert(users)
      .values({ email: data.email, name: data.name, passwordHash: null, disabled: false, createdAt: now })
      .onConflictDoNothing()
      .returning();
    if (!created) throw invalid("Some fields need attention.", { email: [DUPLICATE_EMAIL] });
    if (data.roles.length) await tx.insert(userRoles).values(data.roles.map((role) => ({ userId: created.id, role })));
    if (data.teamIds.length) await tx.insert(memberships).values(data.teamIds.map((teamId) => ({ userId: created.id, teamId })));
    await appendAuditEvent(tx, {
      actor: auditActor(actor),
      action: "user.created",
      occurredAt: now,
      details: {
        userId: created.id,
        email: created.email,
        name: created.name,
        roles: data.roles,
        teams: teamRows.map((t) => t.name),
        teamIds: data.teamIds,
        signIn: "identity provider (no password)",
      },
    });
    return created;
  });
}
