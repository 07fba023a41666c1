import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { privilegedSql } from "../tests/integration/privileged-sql";
import { checkSchemaDrift, fromPostgres, toPostgres } from "./db-migration";

const root = path.resolve(import.meta.dirname, "..");
const prismaBin = path.join(root, "node_modules/.bin/prisma");
const run = promisify(execFile);
const tmp = mkdtempSync(path.join(os.tmpdir(), "drift-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const databaseUrl = process.env.DATABASE_URL!;
const isSqlite = databaseUrl.startsWith("file:");
// prisma.config.ts picks the schema and the adapter from DATABASE_URL.
const schemaFile = path.join(root, isSqlite ? "prisma/schema.prisma" : "prisma/postgresql/schema.prisma");

async function prisma(args: string[]) {
  try {
    const { stdout, stderr } = await run(prismaBin, args, {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/**
 * The live database as a Prisma datamodel. `migrate diff --from-url` is refused
 * when prisma.config.ts defines an adapter (engine "js"), so the database is
 * introspected through the same adapter and compared as a datamodel instead.
 */
async function introspect(): Promise<string> {
  const pulled = await prisma(["db", "pull", "--print"]);
  if (pulled.code !== 0) throw new Error(`prisma db pull failed:\n${pulled.stderr}`);
  const model = pulled.stdout.slice(pulled.stdout.indexOf("generator "));
  // SQLite stores enums as TEXT; introspection keeps the enum type from the
  // schema but prints its default as a string literal, which does not parse.
  const enums = new Set([...model.matchAll(/^enum (\w+) \{/gm)].map((m) => m[1]));
  return model.replace(/^[ \t]+\w+[ \t]+(\w+)[?[\]]*[ \t].*$/gm, (line: string, type: string) =>
    enums.has(type) ? line.replace(/@default\("(\w+)"\)/, "@default($1)") : line,
  );
}

async function diffAgainstSchema() {
  const file = path.join(tmp, `live-${Date.now()}.prisma`);
  writeFileSync(file, await introspect());
  return prisma(["migrate", "diff", "--from-schema-datamodel", file, "--to-schema-datamodel", schemaFile, "--exit-code", "--script"]);
}

describe("one source schema", () => {
  it("has a generated PostgreSQL schema and migration folders in step with it", () => {
    expect(checkSchemaDrift()).toEqual([]);
  });

  it("converts between the SQLite and PostgreSQL schema without loss", () => {
    const source = readFileSync(path.join(root, "prisma/schema.prisma"), "utf8");
    const generated = readFileSync(path.join(root, "prisma/postgresql/schema.prisma"), "utf8");
    expect(toPostgres(source)).toBe(generated);
    expect(fromPostgres(toPostgres(source))).toBe(source);
    expect(toPostgres(fromPostgres(generated))).toBe(generated);
    expect(generated).toMatch(/provider = "postgresql"/);
    expect(generated).not.toMatch(/provider = "sqlite"/);
  });
});

// Each Prisma CLI call starts a WebAssembly schema engine: seconds, more on a busy machine.
const CLI_TIMEOUT = 240_000;

describe(`the migrated ${isSqlite ? "SQLite" : "PostgreSQL"} database`, () => {
  it(
    "matches its schema exactly (prisma migrate diff --exit-code finds nothing)",
    async () => {
      const result = await diffAgainstSchema();
      expect(result.stderr + result.stdout).not.toMatch(/CREATE|ALTER|DROP/);
      expect(result.code).toBe(0);
    },
    CLI_TIMEOUT,
  );

  it(
    "is reported as drifted once a column is added behind the migrations' back",
    async () => {
      const sql = await privilegedSql(databaseUrl);
      try {
        await sql.execute(`ALTER TABLE "User" ADD COLUMN "nickname" TEXT`);
      } finally {
        await sql.close();
      }
      const result = await diffAgainstSchema();
      expect(result.code).toBe(2);
      // PostgreSQL drops the column; SQLite rebuilds the table without it.
      expect(result.stdout).toMatch(isSqlite ? /CREATE TABLE "new_User"/ : /ALTER TABLE "User" DROP COLUMN "nickname"/);
    },
    CLI_TIMEOUT,
  );
});
