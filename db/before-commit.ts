// Work a transaction does last, just before it commits: after the caller's callback has
// finished, in the order it was registered. The audit log uses it to append a transaction's
// events at the very end, so the chain's lock (held until commit) covers only that insert
// and not every statement that came before it. Outside such a transaction, `beforeCommit`
// answers false and the caller does its work at once.
//
// The hooks hang on the transaction object under a registered symbol, not in a module-level
// map: Next bundles this module separately for instrumentation, route handlers and server
// components, and the database (opened once per process) may come from another bundle's copy
// than the code appending events. A map of one copy would be invisible to the other.
type TransactionRunner = (fn: (tx: never) => Promise<unknown>, config?: never) => Promise<unknown>;
type Hook = () => Promise<void>;

const HOOKS = Symbol.for("lapse.db.before-commit-hooks");

/** Registers `hook` to run before `tx` commits; false when `tx` runs no hooks (do it now). */
export function beforeCommit(tx: object, hook: Hook): boolean {
  const hooks = (tx as { [HOOKS]?: Hook[] })[HOOKS];
  if (!hooks) return false;
  hooks.push(hook);
  return true;
}

/** Makes every transaction opened on `db` run its before-commit hooks. */
export function runBeforeCommitHooks<D extends { transaction: unknown }>(db: D): D {
  const transaction = (db.transaction as TransactionRunner).bind(db);
  (db as { transaction: TransactionRunner }).transaction = (fn, config) =>
    transaction(async (tx: never) => {
      const hooks: Hook[] = [];
      Object.defineProperty(tx, HOOKS, { value: hooks, configurable: true });
      const result = await fn(tx);
      // A hook may register another (appending events after notifying, say): drain until empty.
      while (hooks.length) await hooks.shift()!();
      delete (tx as { [HOOKS]?: Hook[] })[HOOKS];
      return result;
    }, config);
  return db;
}
