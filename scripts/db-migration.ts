/**
 * One source schema (prisma/schema.prisma, SQLite). This script derives the
 * PostgreSQL schema and both migration folders from it:
 *
 *   tsx scripts/db-migration.ts <name>   create a migration for both databases
 *   tsx scripts/db-migration.ts --check  exit 1 when the generated files drift
 *
 * Hand-written SQL a migration needs (triggers) lives in
 * prisma/custom-sql/<name>.<sqlite|postgresql>.sql and is appended here.
 */
import { execFileSync } from "node:child_process";
import Database from "better-sqlite3";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const source = path.join(root, "prisma/schema.prisma");
const pgSchema = path.join(root, "prisma/postgresql/schema.prisma");
const sqliteMigrations = path.join(root, "prisma/migrations");
const pgMigrations = path.join(root, "prisma/postgresql/migrations");
const customSql = path.join(root, "prisma/custom-sql");

const GENERATED_HEADER = "// GENERATED from prisma/schema.prisma by scripts/db-migration.ts: do not edit.\n";

export function toPostgres(schema: string) {
  return (
    GENERATED_HEADER +
    schema
      .replace('provider = "sqlite"', 'provider = "postgresql"')
      .replace('output       = "../app/generated/sqlite"', 'output       = "../../app/generated/postgresql"')
  );
}

export function fromPostgres(schema: string) {
  return schema
    .replace(GENERATED_HEADER, "")
    .replace('provider = "postgresql"', 'provider = "sqlite"')
    .replace('output       = "../../app/generated/postgresql"', 'output       = "../app/generated/sqlite"');
}

function diff(from: string | null, to: string) {
  const args = ["prisma", "migrate", "diff", "--script", "--to-schema-datamodel", to];
  args.push(...(from ? ["--from-schema-datamodel", from] : ["--from-empty"]));
  return execFileSync("npx", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
}

function migrationNames(dir: string) {
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((name) => /^\d{14}_/.test(name))
        .sort()
    : [];
}

/** Every table's columns (name, type, not null, default) and the indexes: a database's shape. */
function shapeOf(db: Database.Database) {
  const tables = db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '_prisma%' AND name NOT LIKE 'sqlite_%'",
    )
    .all()
    .map(({ name }) => name);
  const shape = new Map<string, string>();
  for (const table of tables) {
    const columns = db
      .prepare<[], { name: string; type: string; notnull: number; dflt_value: string | null }>(`PRAGMA table_info("${table}")`)
      .all()
      .map((c) => `${c.name} ${c.type}${c.notnull ? " NOT NULL" : ""}${c.dflt_value === null ? "" : ` DEFAULT ${c.dflt_value}`}`)
      .sort();
    shape.set(`table ${table}`, columns.join(", "));
  }
  for (const { name, sql } of db
    .prepare<[], { name: string; sql: string }>("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
    .all())
    shape.set(`index ${name}`, sql);
  return shape;
}

/**
 * The SQLite migrations replayed in order give the schema's tables. Migrations written on parallel
 * branches each redefine a table from their own schema (SQLite cannot alter a column), so the later
 * one can drop a column the earlier one added; comparing schema files does not see it.
 */
function replayProblems(): string[] {
  const replayed = new Database(":memory:");
  for (const name of migrationNames(sqliteMigrations))
    replayed.exec(readFileSync(path.join(sqliteMigrations, name, "migration.sql"), "utf8"));
  const expected = new Database(":memory:");
  expected.exec(diff(null, source));
  const [a, b] = [shapeOf(expected), shapeOf(replayed)];
  return [...new Set([...a.keys(), ...b.keys()])]
    .filter((key) => a.get(key) !== b.get(key))
    .map(
      (key) =>
        `the migrations replayed differ from the schema in ${key}:\n  schema:     ${a.get(key) ?? "(absent)"}\n  migrations: ${b.get(key) ?? "(absent)"}`,
    );
}

function check() {
  const problems: string[] = replayProblems();
  const current = readFileSync(source, "utf8");
  if (!existsSync(pgSchema) || readFileSync(pgSchema, "utf8") !== toPostgres(current)) {
    problems.push("prisma/postgresql/schema.prisma differs from the source schema: run `npm run db:migration -- <name>`");
  }
  const a = migrationNames(sqliteMigrations).join(",");
  const b = migrationNames(pgMigrations).join(",");
  if (a !== b) problems.push(`migration folders differ:\n  sqlite:     ${a}\n  postgresql: ${b}`);
  return problems;
}

function create(name: string) {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error("migration name: lowercase letters, digits and _ only");
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const folder = `${stamp}_${name}`;
  const tmp = mkdtempSync(path.join(os.tmpdir(), "schema-"));
  const previousPg = existsSync(pgSchema) ? pgSchema : null;
  let previousSqlite: string | null = null;
  if (previousPg) {
    previousSqlite = path.join(tmp, "previous.sqlite.prisma");
    writeFileSync(previousSqlite, fromPostgres(readFileSync(previousPg, "utf8")));
  }
  const nextPg = path.join(tmp, "next.postgresql.prisma");
  writeFileSync(nextPg, toPostgres(readFileSync(source, "utf8")));

  const outputs = [
    { dir: sqliteMigrations, sql: diff(previousSqlite, source), extra: `${name}.sqlite.sql` },
    { dir: pgMigrations, sql: diff(previousPg, nextPg), extra: `${name}.postgresql.sql` },
  ];
  const isEmpty = (sql: string) => !sql.split("\n").some((line) => line.trim() && !line.startsWith("--"));
  const hasCustom = outputs.some(({ extra }) => existsSync(path.join(customSql, extra)));
  if (outputs.every(({ sql }) => isEmpty(sql)) && !hasCustom) {
    writeFileSync(pgSchema, toPostgres(readFileSync(source, "utf8")));
    console.log("no schema change needs a migration; regenerated prisma/postgresql/schema.prisma");
    return;
  }
  for (const { dir, sql, extra } of outputs) {
    const extraPath = path.join(customSql, extra);
    const custom = existsSync(extraPath) ? `\n-- From prisma/custom-sql/${extra}\n${readFileSync(extraPath, "utf8")}` : "";
    mkdirSync(path.join(dir, folder), { recursive: true });
    writeFileSync(path.join(dir, folder, "migration.sql"), sql + custom);
    writeFileSync(path.join(dir, "migration_lock.toml"), `provider = "${dir === pgMigrations ? "postgresql" : "sqlite"}"\n`);
  }
  mkdirSync(path.dirname(pgSchema), { recursive: true });
  writeFileSync(pgSchema, toPostgres(readFileSync(source, "utf8")));
  console.log(`created ${folder} for sqlite and postgresql`);
}

const arg = process.argv[2];
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  if (arg === "--check") {
    const problems = check();
    for (const p of problems) console.error(p);
    process.exit(problems.length ? 1 : 0);
  } else if (arg) {
    create(arg);
  } else {
    console.error("usage: npm run db:migration -- <name> | --check");
    process.exit(2);
  }
}

export { check as checkSchemaDrift };
