// Prisma 6.19 compiles every query into a plan, in WebAssembly, on every call:
// about half of a simple query's CPU (decision 0007). A plan depends only on
// the schema, the provider and the query itself, values included, so asking
// the same query again can reuse it: the session lookup that starts every
// request, the audit chain's head, the savepoints of a write batch, a page
// read again. Prisma 7 caches plans itself; this does the same for exact
// repeats. See decision 0009.
import * as postgresqlCompiler from "@prisma/client/runtime/query_compiler_bg.postgresql.mjs";
import * as sqliteCompiler from "@prisma/client/runtime/query_compiler_bg.sqlite.mjs";

/** Longer queries (a proposal's text, a stored document) are rarely asked twice and would fill the memo. */
const MAX_QUERY_CHARS = 4096;
const MAX_PLANS = 2000;

type Compiler = { prototype: { compile(query: string): unknown; __memoized?: boolean } };

const stats = { hits: 0, misses: 0 };

/** Hits and misses so far (for tests and the benchmark's report). */
export function queryPlanStats() {
  return { ...stats };
}

/**
 * Frozen, because one plan now serves many executions: if a Prisma release
 * started to write into plans while running them, this would throw (the
 * runtime is strict mode) instead of letting one execution leak into another.
 */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

function memoize(compiler: Compiler) {
  const proto = compiler.prototype;
  if (proto.__memoized) return;
  const compile = proto.compile;
  const plans = new Map<string, unknown>();
  proto.compile = function memoizedCompile(query: string) {
    if (query.length > MAX_QUERY_CHARS) return compile.call(this, query);
    const known = plans.get(query);
    if (known !== undefined) {
      stats.hits += 1;
      // Most recently used last: the oldest is the first to go.
      plans.delete(query);
      plans.set(query, known);
      return known;
    }
    stats.misses += 1;
    const plan = deepFreeze(compile.call(this, query));
    if (plans.size >= MAX_PLANS) plans.delete(plans.keys().next().value!);
    plans.set(query, plan);
    return plan;
  };
  proto.__memoized = true;
}

export function memoizeQueryPlans() {
  memoize((sqliteCompiler as unknown as { QueryCompiler: Compiler }).QueryCompiler);
  memoize((postgresqlCompiler as unknown as { QueryCompiler: Compiler }).QueryCompiler);
}
