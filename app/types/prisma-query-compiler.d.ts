// Prisma publishes no types for the query compiler's WebAssembly bindings; only QueryCompiler is used.
declare module "@prisma/client/runtime/query_compiler_bg.sqlite.mjs" {
  export const QueryCompiler: unknown;
}
declare module "@prisma/client/runtime/query_compiler_bg.postgresql.mjs" {
  export const QueryCompiler: unknown;
}
