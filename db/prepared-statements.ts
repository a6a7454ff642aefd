import type postgres from "postgres";
// drizzle sends every query through postgres.js's `unsafe`, which by default does not
// prepare: a query with parameters then costs two round trips (describe, then execute) and
// a fresh parse and plan on the server each time. Asking `unsafe` to prepare makes
// postgres.js name the statement and keep it per connection, so the next call with the same
// SQL text is one round trip and no parse. Queries without parameters (migrations, DDL,
// multi-statement text) are left exactly as they were.
type Unsafe = postgres.Sql["unsafe"];

function preparingUnsafe(unsafe: Unsafe): Unsafe {
  return ((query: string, args?: unknown[], options?: { prepare?: boolean }) =>
    unsafe(query, args as never, args && args.length > 0 && !options?.prepare ? { ...options, prepare: true } : options)) as Unsafe;
}

type Scoped = postgres.Sql | postgres.TransactionSql;

/** Makes `sql`, and every transaction and savepoint opened from it, prepare parameterised queries. */
export function preparePostgresQueries<T extends Scoped>(sql: T): T {
  sql.unsafe = preparingUnsafe(sql.unsafe.bind(sql));
  if ("begin" in sql) {
    const begin = sql.begin.bind(sql) as (...args: unknown[]) => Promise<unknown>;
    (sql as postgres.Sql).begin = ((...args: unknown[]) => {
      const callback = args.pop() as (tx: postgres.TransactionSql) => unknown;
      return begin(...args, (tx: postgres.TransactionSql) => callback(preparePostgresQueries(tx)));
    }) as postgres.Sql["begin"];
  }
  if ("savepoint" in sql) {
    const savepoint = sql.savepoint.bind(sql) as (...args: unknown[]) => Promise<unknown>;
    (sql as postgres.TransactionSql).savepoint = ((...args: unknown[]) => {
      const callback = args.pop() as (tx: postgres.TransactionSql) => unknown;
      return savepoint(...args, (tx: postgres.TransactionSql) => callback(preparePostgresQueries(tx)));
    }) as postgres.TransactionSql["savepoint"];
  }
  return sql;
}
