import "server-only";
// Email + password sign-in for the embedded demo and for accounts with a password.
import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { users } from "@/db/schema";
import { DUMMY_PASSWORD_HASH, verifyPassword } from "./password";

/** The user's id when the email and password match an enabled account; null otherwise. */
export async function authenticateWithPassword(db: Executor, email: string, password: string): Promise<{ id: string; email: string } | null> {
  const [user] = await db
    .select({ id: users.id, email: users.email, passwordHash: users.passwordHash, disabled: users.disabled })
    .from(users)
    .where(sql`lower(${users.email}) = lower(${email.trim()})`);
  // Always run one hash comparison, so the time taken does not tell whether the account exists.
  const matches = await verifyPassword(password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
  return user && user.passwordHash && matches && !user.disabled ? { id: user.id, email: user.email } : null;
}
