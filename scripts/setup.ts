/**
 * `npm run setup`: creates the first municipality and its administrator from the
 * server's command line, for operators who prefer it to the /setup page (and for
 * several instances behind a proxy). Asks each question, or reads the answers
 * from a JSON file: `npm run setup -- --file answers.json` (the keys of SetupSchema,
 * without setupToken). Exit codes: 0 done, 1 refused (invalid answers, already set up).
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline/promises";
import { MUNICIPALITY_KINDS, SetupSchema } from "../app/domains/municipalities/municipality-schemas";

const QUESTIONS: [key: string, question: string][] = [
  ["nameKy", "Municipality's name in Kyrgyz"],
  ["nameRu", "Municipality's name in Russian"],
  ["nameEn", "Municipality's name in English"],
  ["kind", `Type (${MUNICIPALITY_KINDS.join(", ")})`],
  ["region", "Region"],
  ["address", "Address (optional)"],
  ["ocidPrefix", "OCDS prefix (ocds-xxxxxx)"],
  ["contactEmail", "Contact e-mail (optional)"],
  ["contactPhone", "Contact phone (optional)"],
  ["headNameKy", "Signatory's name in Kyrgyz"],
  ["headNameRu", "Signatory's name in Russian"],
  ["headPositionKy", "Signatory's position in Kyrgyz"],
  ["headPositionRu", "Signatory's position in Russian"],
  ["adminFullName", "First administrator's full name"],
  ["adminEmail", "First administrator's e-mail"],
  ["adminPassword", "First administrator's password (at least 10 characters)"],
];

async function answers(args: string[]): Promise<Record<string, string>> {
  const fileAt = args.indexOf("--file");
  if (fileAt >= 0) {
    const raw = JSON.parse(readFileSync(path.resolve(args[fileAt + 1] ?? ""), "utf8")) as Record<string, unknown>;
    const given = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, String(v ?? "")]));
    return { ...given, adminConfirmPassword: given.adminConfirmPassword ?? given.adminPassword ?? "" };
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const typed: Record<string, string> = {};
  for (const [key, question] of QUESTIONS) typed[key] = await rl.question(`${question}: `);
  rl.close();
  return { ...typed, adminConfirmPassword: typed.adminPassword ?? "" };
}

export async function main(args = process.argv.slice(2)): Promise<number> {
  process.env.SESSION_SECRET ||= randomBytes(32).toString("hex");
  // The command line proves control of the server: it needs no set-up token.
  const parsed = SetupSchema.safeParse({ ...(await answers(args)), setupToken: "command-line" });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(`  ${issue.path.join(".")}: ${issue.message}`);
    console.error("Nothing was created. Correct the answers above and run npm run setup again.");
    return 1;
  }
  const { completeSetup } = await import("../app/domains/municipalities/setup.server");
  const { DomainError } = await import("../app/utils/domain-error");
  try {
    const { municipality, admin } = await completeSetup(parsed.data, { ipAddress: "command-line" });
    console.log(`✔ created ${parsed.data.nameEn} (${municipality.slug}) and its administrator ${admin.email}; sign in at /login`);
    return 0;
  } catch (error) {
    if (error instanceof DomainError) {
      console.error(
        error.code === "setup:error.alreadyDone"
          ? "This portal is already set up: nothing was changed."
          : "An account with this e-mail address already exists.",
      );
      return 1;
    }
    throw error;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  main().then(
    async (code) => {
      const { prisma } = await import("../app/utils/db.server");
      await prisma.$disconnect();
      process.exit(code);
    },
    (error) => {
      console.error("Set-up could not run:", error instanceof Error ? error.message : error);
      process.exit(2);
    },
  );
}
