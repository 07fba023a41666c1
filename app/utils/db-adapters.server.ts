import {
  DriverAdapterError,
  isDriverAdapterError,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type Transaction,
} from "@prisma/driver-adapter-utils";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { Mutex } from "async-mutex";
import { mkdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { logger } from "./logger.server";

/**
 * The pragmas every SQLite connection of the portal runs with. They are
 * asserted at start-up (see assertSqlitePragmas).
 */
export const SQLITE_PRAGMAS = {
  journal_mode: "wal",
  synchronous: 2, // FULL: a receipt is only shown for a durable commit
  foreign_keys: 1,
  busy_timeout: 5000,
} as const;

const SQLITE_CONSTRAINT_TRIGGER = 1811;

/**
 * The adapter reports an abort raised by a trigger (RAISE(ABORT, ...), as the
 * append-only audit table does) as a foreign-key violation and drops the
 * trigger's message. Reported as a plain SQLite error it keeps the message, as
 * PostgreSQL does.
 */
function keepTriggerMessage(error: unknown): never {
  if (isDriverAdapterError(error) && error.cause.originalCode === "SQLITE_CONSTRAINT_TRIGGER") {
    const message = error.cause.originalMessage ?? "constraint failed in a trigger";
    throw new DriverAdapterError({
      kind: "sqlite",
      extendedCode: SQLITE_CONSTRAINT_TRIGGER,
      message,
      originalCode: error.cause.originalCode,
      originalMessage: message,
    });
  }
  throw error;
}

const ENDS_SQLITE_TRANSACTION = /^\s*(COMMIT|ROLLBACK|END)\b/i;

/**
 * Prisma 6.19 ends a transaction by sending COMMIT (or ROLLBACK) and only then
 * calling commit()/rollback(), which is what releases both the adapter's lock
 * and ours. When that statement fails (SQLITE_FULL, SQLITE_IOERR, a deferred
 * foreign key), neither is called and every later query of the process waits
 * for ever, even once the disk has room again (issue 16, item 6; the same
 * hole as decision 0008 on PostgreSQL). Here a failed COMMIT/ROLLBACK rolls
 * back whatever SQLite left open, releases both locks once, and the
 * transaction refuses any further use.
 */
function endingOnFailedFinish(tx: Transaction, release: () => void): Transaction {
  // better-sqlite3's Database, which the adapter's transaction keeps in `client`: whether SQLite still has it open.
  const connection = "client" in tx && typeof tx.client === "object" && tx.client !== null ? tx.client : undefined;
  let ended = false;
  const end = async (finish: () => Promise<void>) => {
    if (ended) return;
    ended = true;
    try {
      await finish();
    } finally {
      release();
    }
  };
  const abandon = async (cause: unknown) => {
    await end(async () => {
      // SQLite may have rolled back by itself (it does on some I/O errors) or kept the transaction open.
      if (!(connection && "inTransaction" in connection && connection.inTransaction === false)) {
        await tx.executeRaw({ sql: "ROLLBACK", args: [], argTypes: [] }).catch((error: unknown) => {
          logger.error({ err: error }, "SQLite: ROLLBACK after a failed end of transaction failed too");
        });
      }
      // Releases the adapter's own lock.
      await tx.rollback();
    });
    logger.error({ err: cause }, "SQLite: ending a transaction failed; rolled back and released");
  };
  const guard =
    <R>(run: (query: SqlQuery) => Promise<R>) =>
    async (query: SqlQuery): Promise<R> => {
      if (ended)
        throw new DriverAdapterError({
          kind: "TransactionAlreadyClosed",
          cause: "the transaction was ended after a failed COMMIT/ROLLBACK",
        });
      try {
        return await run(query);
      } catch (error) {
        if (ENDS_SQLITE_TRANSACTION.test(query.sql)) await abandon(error);
        return keepTriggerMessage(error);
      }
    };
  return {
    provider: tx.provider,
    adapterName: tx.adapterName,
    options: tx.options,
    queryRaw: guard((query) => tx.queryRaw(query)),
    executeRaw: guard((query) => tx.executeRaw(query)),
    commit: () => end(() => tx.commit()),
    rollback: () => end(() => tx.rollback()),
  };
}

/**
 * The better-sqlite3 adapter runs every query on one connection and locks only
 * interactive transactions against each other: a plain query from another
 * request, issued while a transaction is open, runs inside that transaction
 * and is rolled back with it. One process-wide mutex, held from BEGIN to
 * COMMIT/ROLLBACK and around every outside query, closes that hole.
 */
class SerializedSqliteAdapter implements SqlDriverAdapter {
  readonly provider;
  readonly adapterName;
  constructor(
    private readonly inner: SqlDriverAdapter,
    private readonly mutex: Mutex,
  ) {
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
  }
  queryRaw(query: SqlQuery) {
    return this.mutex.runExclusive(() => this.inner.queryRaw(query)).catch(keepTriggerMessage);
  }
  executeRaw(query: SqlQuery) {
    return this.mutex.runExclusive(() => this.inner.executeRaw(query)).catch(keepTriggerMessage);
  }
  executeScript(script: string) {
    return this.mutex.runExclusive(() => this.inner.executeScript(script));
  }
  async startTransaction(isolationLevel?: Parameters<SqlDriverAdapter["startTransaction"]>[0]): Promise<Transaction> {
    const release = await this.mutex.acquire();
    try {
      return endingOnFailedFinish(await this.inner.startTransaction(isolationLevel), release);
    } catch (error) {
      release();
      throw error;
    }
  }
  getConnectionInfo() {
    return this.inner.getConnectionInfo?.() ?? { supportsRelationJoins: false };
  }
  dispose() {
    return this.inner.dispose();
  }
}

export function sqliteAdapterFactory(url: string): SqlMigrationAwareDriverAdapterFactory {
  mkdirSync(path.dirname(path.resolve(url.replace(/^file:/, ""))), { recursive: true });
  const inner = new PrismaBetterSQLite3({ url, timeout: SQLITE_PRAGMAS.busy_timeout });
  const mutex = new Mutex();
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    async connect() {
      const adapter = await inner.connect();
      await adapter.executeScript(
        Object.entries(SQLITE_PRAGMAS)
          .map(([name, value]) => `PRAGMA ${name} = ${value};`)
          .join("\n"),
      );
      return new SerializedSqliteAdapter(adapter, mutex);
    },
    connectToShadowDb: () => inner.connectToShadowDb(),
  };
}

// adapter-pg has no mapping for PostgreSQL's catalog types `name` (OID 19),
// which the schema engine reads during migrations (prisma/orm#27403), and
// `"char"` (OID 18), which introspection (`prisma db pull`) reads; both are text.
const CATALOG_TEXT_TYPES = new Set([18, 19]);
const TEXT = 25;

function reportNameAsText(result: pg.QueryResult | undefined) {
  for (const field of result?.fields ?? []) if (CATALOG_TEXT_TYPES.has(field.dataTypeID)) field.dataTypeID = TEXT;
  return result;
}

class NameAsTextClient extends pg.Client {
  // pg-pool calls query with a callback; Prisma awaits the promise form.
  query(...args: unknown[]): never {
    const callback = args.at(-1);
    if (typeof callback === "function") {
      args[args.length - 1] = (error: Error | null, result: pg.QueryResult) => callback(error, reportNameAsText(result));
    }
    const answer: unknown = Reflect.apply(super.query, this, args);
    const then =
      typeof callback !== "function" && typeof answer === "object" && answer !== null && "then" in answer ? answer.then : undefined;
    // pg.Client.query has a dozen overloads (callback, promise, submittable); one override matches them all only by
    // cast: returning `never`; the value is what pg's own query answered for these arguments (its promise mapped)
    return (typeof then === "function" ? Reflect.apply(then, answer, [reportNameAsText]) : answer) as never;
  }
}

/**
 * Bounded waits so that an outage of PostgreSQL (a crash, an immediate stop)
 * turns into errors the portal answers with, never into requests that hang:
 * a connection is waited for at most 10 s, a query at most 60 s (a socket
 * that died without closing), and a broken idle connection is dropped and
 * logged instead of crashing the process.
 */
export function postgresPool(url: string, max = 10) {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    Client: NameAsTextClient,
    connectionTimeoutMillis: 10_000,
    query_timeout: 60_000,
    keepAlive: true,
  });
  pool.on("error", (error) => logger.error({ err: error }, "PostgreSQL connection lost"));
  pools.add(pool);
  return pool;
}

declare global {
  // Shared by the server's and the Remix build's copies of this module: either may have opened the pool.
  var __portalPostgresPools: Set<pg.Pool> | undefined;
}
const pools: Set<pg.Pool> = (globalThis.__portalPostgresPools ??= new Set());

/** Connections in use and requests waiting for one, over this process's open pools (for /metrics). */
export function postgresPoolUsage() {
  const usage = { inUse: 0, waiting: 0, max: 0 };
  for (const pool of pools) {
    if (pool.ended) pools.delete(pool);
    else
      Object.assign(usage, {
        inUse: usage.inUse + pool.totalCount - pool.idleCount,
        waiting: usage.waiting + pool.waitingCount,
        max: usage.max + (pool.options.max ?? 0),
      });
  }
  return usage;
}

/**
 * PostgreSQL's text cannot hold U+0000: a statement with one in a parameter
 * fails as a whole (22021), which a request that carried it (a URL, a JSON
 * callback) would see as a 500. SQLite keeps it; forms already drop it on
 * arrival (request-body-guard), so here it is dropped too and a lookup by such
 * a value simply finds nothing.
 */
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what is matched
const NUL = /\u0000/g;
const withoutNul = (value: unknown): unknown =>
  typeof value === "string" ? value.replace(NUL, "") : Array.isArray(value) ? value.map(withoutNul) : value;
const cleanQuery = (query: SqlQuery): SqlQuery =>
  query.args.some((arg) => typeof arg === "string" || Array.isArray(arg)) ? { ...query, args: query.args.map(withoutNul) } : query;

const ENDS_TRANSACTION = /^\s*(COMMIT|ROLLBACK)\b/i;

/**
 * Prisma 6.19 ends a transaction by sending COMMIT (or ROLLBACK) and only then
 * calling the adapter's commit()/rollback(), which is what hands the pooled
 * connection back. When that statement fails (PostgreSQL stopped, connection
 * cut) the hand-back never happens: each such transaction leaks a connection
 * until the pool is empty and the portal answers nothing, even after
 * PostgreSQL is back (found by the crash proof). Here a failed COMMIT or
 * ROLLBACK releases the connection as broken (the pool discards it), once, and
 * the transaction refuses any further use of it.
 */
function releasingOnFailedEnd(tx: Transaction): Transaction {
  // Decision 0008: an upgrade of @prisma/adapter-pg that moves this field fails the crash proof.
  // cast: adapter-pg's transaction keeps its pooled pg client in `client`, a field its Transaction type does not declare
  const client = ("client" in tx ? tx.client : undefined) as pg.PoolClient;
  let released = false;
  const guard = (run: (query: SqlQuery) => Promise<unknown>) => async (query: SqlQuery) => {
    if (released)
      throw new DriverAdapterError({
        kind: "TransactionAlreadyClosed",
        cause: "the connection was released after a failed COMMIT/ROLLBACK",
      });
    try {
      return await run.call(tx, cleanQuery(query));
    } catch (error) {
      if (ENDS_TRANSACTION.test(query.sql)) {
        released = true;
        client.release(error instanceof Error ? error : new Error(String(error)));
      }
      throw error;
    }
  };
  const end = (finish: () => Promise<void>) => async () => {
    if (released) return;
    released = true;
    await finish.call(tx);
  };
  // cast: Object.create answers `any`; this object inherits every member of `tx`, a Transaction, and replaces four
  return Object.assign(Object.create(tx) as Transaction, {
    queryRaw: guard(tx.queryRaw),
    executeRaw: guard(tx.executeRaw),
    commit: end(tx.commit),
    rollback: end(tx.rollback),
  });
}

/**
 * adapter-pg splits scripts on ";" which breaks PL/pgSQL bodies (the audit
 * triggers); a script is sent whole instead, as the simple query protocol allows.
 */
export function postgresAdapterFactory(url: string, max = 10): SqlMigrationAwareDriverAdapterFactory {
  const pool = postgresPool(url, max);
  const inner = new PrismaPg(pool, { disposeExternalPool: true });
  const wrap = (adapter: SqlDriverAdapter): SqlDriverAdapter =>
    // cast: Object.create answers `any`; this object inherits every member of `adapter`, and replaces four
    Object.assign(Object.create(adapter) as SqlDriverAdapter, {
      executeScript: async (script: string) => {
        await pool.query(script);
      },
      queryRaw: (query: SqlQuery) => adapter.queryRaw(cleanQuery(query)),
      executeRaw: (query: SqlQuery) => adapter.executeRaw(cleanQuery(query)),
      startTransaction: async (isolationLevel?: Parameters<SqlDriverAdapter["startTransaction"]>[0]) =>
        releasingOnFailedEnd(await adapter.startTransaction(isolationLevel)),
    });
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => wrap(await inner.connect()),
    connectToShadowDb: async () => inner.connectToShadowDb(),
  };
}

export function adapterFactoryFor(url: string): SqlMigrationAwareDriverAdapterFactory {
  return url.startsWith("file:") ? sqliteAdapterFactory(url) : postgresAdapterFactory(url);
}
