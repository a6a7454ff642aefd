// Work a transaction does last, just before it commits: after the caller's callback has
// finished, in the order it was registered. The audit log uses it to append a transaction's
// events at the very end, so the chain's lock (held until commit) covers only that insert
// and not every statement that came before it. Outside such a transaction, `beforeCommit`
// answers false and the caller does its work at once.
type TransactionRunner = (fn: (tx: never) => Promise<unknown>, config?: never) => Promise<unknown>;

const hooksOf = new WeakMap<object, (() => Promise<void>)[]>();

/** Registers `hook` to run before `tx` commits; false when `tx` runs no hooks (do it now). */
export function beforeCommit(tx: object, hook: () => Promise<void>): boolean {
  const hooks = hooksOf.get(tx);
  if (!hooks) return false;
  hooks.push(hook);
  return true;
}

/** Makes every transaction opened on `db` run its before-commit hooks. */
export function runBeforeCommitHooks<D extends { transaction: unknown }>(db: D): D {
  const transaction = (db.transaction as TransactionRunner).bind(db);
  (db as { transaction: TransactionRunner }).transaction = (fn, config) =>
    transaction(async (tx: never) => {
      const hooks: (() => Promise<void>)[] = [];
      hooksOf.set(tx, hooks);
      const result = await fn(tx);
      // A hook may register another (appending events after notifying, say): drain until empty.
      while (hooks.length) await hooks.shift()!();
      hooksOf.delete(tx);
      return result;
    }, config);
  return db;
}
