import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { isRecord } from "~/utils/guards";
import AjvDraft04 from "ajv-draft-04";
import addFormats from "ajv-formats";
import { ocdsPackageValidator } from "../../../tests/standards/validators";
import { main } from "../../../scripts/integrity";
import {
  DEFAULT_INTEGRITY_THRESHOLDS,
  flagDetailKeys,
  INTEGRITY_CODES,
  integrityFlags,
  type IntegrityFlag,
  type IntegrityResult,
} from "./integrity-rules";

const root = path.resolve(import.meta.dirname, "../../..");
const FIXTURES = path.join(root, "tests/fixtures/integrity");
const OCID = "ocds-test01-KRK-2026-001";
const M3 = "Нурлан Жумабеков";
const O2 = { id: "KG-INN-02020202020202", name: "ОФ «Ден соолук»" };

const readFixture = (name: string): unknown => JSON.parse(readFileSync(path.join(FIXTURES, `${name}.json`), "utf8"));

function flags(result: IntegrityResult): IntegrityFlag[] {
  if (!result.ok) throw new Error(`unexpected problems: ${result.problems.join("; ")}`);
  return result.flags;
}

/** A fresh, editable copy of the clean fixture's one release (and a package around it). */
function cleanRelease(): Record<string, any> {
  const pkg = readFixture("clean");
  if (!isRecord(pkg) || !Array.isArray(pkg.releases)) throw new Error("clean fixture has no releases");
  return structuredClone(pkg.releases[0]);
}
const packageOf = (...releases: unknown[]) => ({ releases });

// One fixture per flag raising exactly that flag, with these params; the clean one raises none.
const EXPECTED: Record<string, IntegrityFlag[]> = {
  clean: [],
  "short-open-period": [{ code: "SHORT_OPEN_PERIOD", subject: { ocid: OCID }, params: { days: 21, minimum: 30 } }],
  "late-amendment": [{ code: "LATE_AMENDMENT", subject: { ocid: OCID }, params: { amendmentId: "A2", daysBeforeDeadline: 3, minimum: 7 } }],
  "single-eligible-proposal": [{ code: "SINGLE_ELIGIBLE_PROPOSAL", subject: { ocid: OCID }, params: { basis: "bids", submitted: 3 } }],
  // The portal's export as it is today (no bids, no commission, no cap): one applicant.
  "single-eligible-proposal-today": [
    { code: "SINGLE_ELIGIBLE_PROPOSAL", subject: { ocid: OCID }, params: { basis: "tenderers", submitted: 1 } },
  ],
  "commission-applicant-match": [
    {
      code: "COMMISSION_APPLICANT_MATCH",
      subject: { ocid: OCID, awardId: "AW2" },
      params: { memberId: "M3", memberName: M3, tendererId: O2.id, tendererName: O2.name, basis: "affiliation", declared: false },
    },
  ],
  "uniform-scores": [{ code: "UNIFORM_SCORES", subject: { ocid: OCID }, params: { proposals: 2, members: 3 } }],
  "extreme-score-divergence": [
    { code: "EXTREME_SCORE_DIVERGENCE", subject: { ocid: OCID, awardId: "AW2" }, params: { bidId: "B2", spread: 45, maximum: 40 } },
  ],
  "award-at-maximum": [{ code: "AWARD_AT_MAXIMUM", subject: { ocid: OCID, awardId: "AW1" }, params: { amount: 500000, currency: "KGS" } }],
  "repeat-winner": [
    {
      code: "REPEAT_WINNER",
      subject: { ocid: OCID, awardId: "AW1" },
      params: { supplierId: "KG-INN-01010101010101", supplierName: "ОО «Жаштар борбору»", programme: "P-07", wins: 3, minimum: 3 },
    },
  ],
};

describe("the fixtures", () => {
  const files = readdirSync(FIXTURES)
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.replace(/\.json$/, ""))
    .sort();

  it("are exactly the ones expected here, and every code has its own", () => {
    expect(files).toEqual(Object.keys(EXPECTED).sort());
    const raised = new Set(Object.values(EXPECTED).flatMap((list) => list.map((f) => f.code)));
    expect([...raised].sort()).toEqual(Object.values(INTEGRITY_CODES).sort());
  });

  it.each(Object.entries(EXPECTED))("%s raises exactly its flag", (name, expected) => {
    expect(flags(integrityFlags(readFixture(name)))).toEqual(expected);
  });

  it("are valid OCDS 1.1.5 release packages (the extension's fields are additions the schema allows)", () => {
    const validate = ocdsPackageValidator();
    for (const name of files) {
      expect(validate(readFixture(name)) ? [] : [name, validate.errors]).toEqual([]);
    }
  });
});

/** JSON Merge Patch (RFC 7386), how OCDS applies an extension's release-schema.json to the core schema. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch) || Array.isArray(patch)) return patch;
  const result: Record<string, unknown> = isRecord(target) && !Array.isArray(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

describe("the extension (public/ocds-extension)", () => {
  const readJson = (file: string): unknown => JSON.parse(readFileSync(path.join(root, file), "utf8"));

  it("patches OCDS 1.1.5 into a schema every fixture's releases satisfy, extension fields included", () => {
    const patched = mergePatch(
      readJson("tests/standards/ocds-1.1.5/release-schema.json"),
      readJson("public/ocds-extension/release-schema.json"),
    );
    const ajv = new AjvDraft04({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(isRecord(patched) ? { ...patched, id: undefined } : {});
    for (const name of Object.keys(EXPECTED)) {
      const pkg = readFixture(name);
      for (const release of isRecord(pkg) && Array.isArray(pkg.releases) ? pkg.releases : []) {
        expect(validate(release) ? [] : [name, validate.errors]).toEqual([]);
      }
    }
    // The patch is not a no-op: a member's role outside the closed codelist is refused.
    const release = cleanRelease();
    release.tender.evaluationCommission.members[0].role = "secretary";
    expect(validate(release)).toBe(false);
  });
});

describe("thresholds", () => {
  const withPeriod = (startDate: string, endDate: string) => {
    const release = cleanRelease();
    release.tender.tenderPeriod = { startDate, endDate };
    release.tender.amendments = [];
    return packageOf(release);
  };

  it("counts open days as Bishkek calendar days: 30 is enough, 29 is not", () => {
    expect(flags(integrityFlags(withPeriod("2026-03-01T04:00:00Z", "2026-03-31T11:00:00Z")))).toEqual([]);
    // 19:00 UTC on 1 March is already 2 March in Bishkek: 29 days to 31 March.
    expect(flags(integrityFlags(withPeriod("2026-03-01T19:00:00Z", "2026-03-31T11:00:00Z")))).toEqual([
      { code: "SHORT_OPEN_PERIOD", subject: { ocid: OCID }, params: { days: 29, minimum: 30 } },
    ]);
  });

  it("are the municipality's: overrides change what is raised", () => {
    const clean = readFixture("clean");
    expect(flags(integrityFlags(clean, { ...DEFAULT_INTEGRITY_THRESHOLDS, minOpenDays: 45 }))).toEqual([
      { code: "SHORT_OPEN_PERIOD", subject: { ocid: OCID }, params: { days: 40, minimum: 45 } },
    ]);
    // B2's totals are 9 points apart (66 to 75).
    expect(flags(integrityFlags(clean, { ...DEFAULT_INTEGRITY_THRESHOLDS, extremeSpreadPoints: 8 }))).toEqual([
      { code: "EXTREME_SCORE_DIVERGENCE", subject: { ocid: OCID, awardId: "AW2" }, params: { bidId: "B2", spread: 9, maximum: 8 } },
    ]);
    expect(flags(integrityFlags(clean, { ...DEFAULT_INTEGRITY_THRESHOLDS, extremeSpreadPoints: 9 }))).toEqual([]);
  });

  it("late amendment: 7 days before the deadline is not late, 6 is; one after the deadline is not this flag", () => {
    const at = (date: string) => {
      const release = cleanRelease();
      release.tender.amendments = [{ id: "A9", date }];
      return flags(integrityFlags(packageOf(release)));
    };
    expect(at("2026-04-03T03:00:00Z")).toEqual([]);
    expect(at("2026-04-04T03:00:00Z")).toEqual([
      { code: "LATE_AMENDMENT", subject: { ocid: OCID }, params: { amendmentId: "A9", daysBeforeDeadline: 6, minimum: 7 } },
    ]);
    expect(at("2026-04-12T03:00:00Z")).toEqual([]);
  });

  it("award at maximum: no cap (absent or 0) raises nothing; a lapsed award at the cap raises nothing", () => {
    const release = cleanRelease();
    release.awards[0].value.amount = 500000;
    release.tender.maxAwardValue = { amount: 0, currency: "KGS" };
    expect(flags(integrityFlags(packageOf(release)))).toEqual([]);
    release.tender.maxAwardValue = { amount: 500000, currency: "KGS" };
    release.awards[0].status = "cancelled";
    expect(flags(integrityFlags(packageOf(release)))).toEqual([]);
  });

  it("repeat winner: a cancelled award is no win", () => {
    const pkg = readFixture("repeat-winner");
    if (!isRecord(pkg) || !Array.isArray(pkg.releases)) throw new Error("no releases");
    const [first, second, third] = structuredClone(pkg.releases);
    first.awards[0].status = "cancelled";
    expect(flags(integrityFlags(packageOf(first, second, third)))).toEqual([]);
  });

  it("reads one release per contracting process: the latest", () => {
    const older = cleanRelease();
    older.date = "2026-04-01T00:00:00Z";
    older.tender.tenderPeriod.startDate = "2026-04-01T04:00:00Z";
    expect(flags(integrityFlags(packageOf(older, cleanRelease())))).toEqual([]);
    expect(flags(integrityFlags(packageOf(cleanRelease(), older)))).toEqual([]);
  });
});

describe("a commission member linked to an applicant", () => {
  const match = (basis: string, declared = false) => ({
    code: "COMMISSION_APPLICANT_MATCH",
    subject: { ocid: OCID, awardId: "AW2" },
    params: { memberId: "M3", memberName: M3, tendererId: O2.id, tendererName: O2.name, basis, declared },
  });

  it("by address: same street and locality, written differently", () => {
    const release = cleanRelease();
    release.tender.evaluationCommission.members[2].address = { streetAddress: "ул Абдрахманова 40", locality: "КАРАКОЛ" };
    expect(flags(integrityFlags(packageOf(release)))).toEqual([match("address")]);
  });

  it("by founder: the member's name among the applicant's founders, or an affiliation that is a founder", () => {
    const release = cleanRelease();
    release.parties[2].founders = [{ name: "нурлан  жумабеков" }];
    expect(flags(integrityFlags(packageOf(release)))).toEqual([match("founder")]);
    release.parties[2].founders = [{ name: "Другой человек", identifier: { scheme: "KG-INN", id: "09090909090909" } }];
    expect(flags(integrityFlags(packageOf(release)))).toEqual([match("founder")]);
  });

  it("says when the member declared the conflict (the flag stays: people decide)", () => {
    const release = cleanRelease();
    const member = release.tender.evaluationCommission.members[2];
    member.affiliations = ["02020202020202"];
    member.declaredConflicts = [O2.id];
    expect(flags(integrityFlags(packageOf(release)))).toEqual([match("affiliation", true)]);
  });
});

describe("a package the flags cannot read", () => {
  it.each([
    ["null", null, "(root): Expected object, received null"],
    ["a string", "hello", "(root): Expected object, received string"],
    ["no releases", { version: "1.1" }, "releases: Required"],
    ["an ocid that is not a string", { releases: [{ ocid: 5 }] }, "releases[0].ocid: Expected string, received number"],
    [
      "a deadline that is not a date",
      { releases: [{ ocid: "x", tender: { tenderPeriod: { endDate: "soon" } } }] },
      "releases[0].tender.tenderPeriod.endDate: not a date-time",
    ],
  ])("%s: answers its problems, with where they are", (_, input, problem) => {
    const result = integrityFlags(input);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems).toContain(problem);
  });

  it("reads a release with none of the optional sections", () => {
    expect(integrityFlags({ releases: [{ ocid: "ocds-x-1" }] })).toEqual({ ok: true, flags: [] });
  });
});

describe("the flags' sentences", () => {
  const strings = (lang: string): unknown => JSON.parse(readFileSync(path.join(root, "public/locales", lang, "integrity.json"), "utf8"));
  const at = (tree: unknown, key: string) =>
    key.split(".").reduce<unknown>((node, part) => (isRecord(node) ? node[part] : undefined), tree);
  const variants: IntegrityFlag[] = [
    ...Object.values(EXPECTED).flat(),
    ...(["address", "founder"] as const).map((basis): IntegrityFlag => ({
      code: "COMMISSION_APPLICANT_MATCH",
      subject: { ocid: OCID },
      params: { memberId: "M1", memberName: "", tendererId: "", tendererName: "", basis, declared: true },
    })),
  ];

  it.each(["en", "ru", "ky"])("exist in %s for every code and variant, using only the flag's params", (lang) => {
    const tree = strings(lang);
    for (const flag of variants) {
      expect(typeof at(tree, `codes.${flag.code}`)).toBe("string");
      for (const key of flagDetailKeys(flag)) {
        const text = at(tree, key);
        expect(typeof text, `${lang} ${key}`).toBe("string");
        const used = [...String(text).matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]);
        expect(
          used.filter((name) => !(name! in flag.params)),
          `${lang} ${key}`,
        ).toEqual([]);
      }
    }
  });
});

describe("npm run integrity", () => {
  const run = promisify(execFile);
  const script = (...args: string[]) =>
    run("npx", ["tsx", "scripts/integrity.ts", ...args], { cwd: root }).then(
      ({ stdout }) => ({ code: 0, stdout, stderr: "" }),
      (error: { code?: number; stdout?: string; stderr?: string }) => ({
        code: error.code,
        stdout: error.stdout ?? "",
        stderr: error.stderr ?? "",
      }),
    );

  // Two runs only: starting tsx is slow on a loaded machine, hence the generous limit.
  it("prints a fixture's flags as JSON and exits 0 (flags are not errors)", { timeout: 60_000 }, async () => {
    const { code, stdout } = await script("tests/fixtures/integrity/late-amendment.json", "--json", "--late-amendment-days", "4");
    expect(code).toBe(0);
    // With the minimum lowered to 4, the amendment 3 days before the deadline is still late.
    expect(JSON.parse(stdout)).toMatchObject({
      calls: 1,
      flags: EXPECTED["late-amendment"]!.map((f) => ({ ...f, params: { ...f.params, minimum: 4 } })),
    });
  });

  it("exits 2 with a message for a file that is not JSON", { timeout: 60_000 }, async () => {
    const { code, stderr } = await script("README.md");
    expect(code).toBe(2);
    expect(stderr).toContain("README.md is not JSON");
  });
});

describe("npm run integrity, in-process", () => {
  // A local server stands for a portal's /open-data/ocds.json: the script reads URLs with fetch.
  const server = createServer((request, response) => {
    if (request.url === "/open-data/ocds.json") {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(readFileSync(path.join(FIXTURES, "award-at-maximum.json")));
    } else {
      response.writeHead(404).end();
    }
  });
  let base = "";
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    if (!address || typeof address === "string") throw new Error("the test server has no port");
    base = `http://127.0.0.1:${address.port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function capture(args: string[]) {
    let stdout = "";
    let stderr = "";
    const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      stdout += String(chunk);
      return true;
    });
    const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
      stderr += String(chunk);
      return true;
    });
    try {
      return { code: await main(args), stdout, stderr };
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  }

  it("reads a package from a URL and prints the table in the language asked", async () => {
    const { code, stdout } = await capture([`${base}/open-data/ocds.json`, "--lang", "ru"]);
    expect(code).toBe(0);
    expect(stdout).toContain("Грант ровно на максимальную сумму");
    expect(stdout).toContain("Грант 500000 KGS равен максимальной сумме гранта по конкурсу.");
    expect(stdout).toContain("Признаков: 1; конкурсов прочитано: 1.");
  });

  it("exits 2 on an HTTP error, a package it cannot read, a missing file or a wrong option", async () => {
    expect(await capture([`${base}/missing.json`])).toMatchObject({ code: 2, stderr: expect.stringContaining("HTTP 404") });
    const invalid = path.join(FIXTURES, "../../../package.json");
    expect(await capture([invalid])).toMatchObject({ code: 2, stderr: expect.stringContaining("releases: Required") });
    expect(await capture(["no-such-file.json"])).toMatchObject({ code: 2, stderr: expect.stringContaining("No such file") });
    expect(await capture(["x.json", "--min-open-days", "soon"])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("whole number"),
    });
    expect(await capture(["x.json", "--repeat-wins", "1"])).toMatchObject({ code: 2, stderr: expect.stringContaining("--repeat-wins") });
  });

  it("prints no table for a clean package", async () => {
    const { code, stdout } = await capture([path.join(FIXTURES, "clean.json")]);
    expect(code).toBe(0);
    expect(stdout).toContain("No flags.");
  });
});
