// The portal's integrity flags come from the open data it publishes: the same package read by
// `integrityFlags` (what `npm run integrity` runs) gives the flags the call page shows.
import type { ServerBuild } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { buildOcdsReleasePackage } from "~/domains/open-data/ocds.server";
import { prisma } from "~/utils/db.server";
import { createStaff } from "../../../tests/factories";
import { createFundedProcess } from "../../../tests/factories-open-data";
import { createSeat, declareDirectly, scoreDirectly } from "../../../tests/factories-reviews";
import { getRequest, loadBuild, postRequest, requestHandler } from "../../../tests/support/route-call";
import { sessionCookieFor } from "../../../tests/support/session";
import { ocdsPackageValidator } from "../../../tests/standards/validators";
import { callIntegrityFlags } from "./integrity.server";
import { integrityFlags } from "./integrity-rules";
import { DEFAULT_INTEGRITY_THRESHOLDS } from "./integrity-schemas";

const now = new Date("2026-07-01T00:00:00Z");

/**
 * A decided call that raises five flags: 28 days open (minimum 30), an amendment 3 days before the
 * deadline, a member affiliated with the losing applicant, identical totals from both members on
 * both proposals, and the award exactly at the maximum grant.
 */
async function flaggedProcess() {
  const process = await createFundedProcess();
  const { call, winner, loser } = process;
  await prisma.call.update({ where: { id: call.id }, data: { decisionPublishedAt: new Date("2026-03-21T05:00:00Z") } });
  const officer = await createStaff("PROGRAMME_OFFICER", process.municipality.id);
  await prisma.callAmendment.create({
    data: {
      callId: call.id,
      reason: "Уточнён перечень документов.",
      changes: { documents: { before: [], after: ["charter"] } },
      actorId: officer.user.id,
      createdAt: new Date("2026-02-26T06:00:00Z"),
    },
  });
  const chair = await createSeat(call.id, "CHAIR", officer.user.id);
  const member = await createSeat(call.id, "MEMBER", officer.user.id, [loser.registrationNumber]);
  const criteria = await prisma.callCriterion.findMany({ where: { callId: call.id }, orderBy: { position: "asc" } });
  const proposals = await prisma.proposal.findMany({ where: { callId: call.id }, orderBy: { status: "asc" } });
  for (const seat of [chair, member]) {
    await declareDirectly(seat.membershipId, [winner.id, loser.id]);
    for (const [i, proposal] of proposals.entries())
      await scoreDirectly(proposal.id, seat.membershipId, criteria, i === 0 ? [9, 8] : [6, 5]);
  }
  return { ...process, chair, member, proposals };
}

const codesOf = (flags: { code: string }[] | null) => (flags ?? []).map((f) => f.code).sort();

describe("integrity flags over the published open data", () => {
  it("the package publishes what each flag reads, valid OCDS, and the portal shows exactly what the script computes", async () => {
    const { call, award, loser, member } = await flaggedProcess();
    const pkg = await buildOcdsReleasePackage({ publicUrl: "https://portal.karakol.kg", ocidPrefix: "ocds-kgkrk1", now });
    const validate = ocdsPackageValidator();
    expect(validate(pkg), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(pkg.extensions).toContain("https://portal.karakol.kg/ocds-extension/extension.json");

    const release = pkg.releases.find((r) => r.tender.id === call.reference)!;
    expect(release.tender.tenderPeriod).toEqual({ startDate: "2026-02-01T03:00:00.000Z", endDate: "2026-03-01T12:00:00.000Z" });
    expect(release.tender.amendments).toEqual([
      { id: "A1", date: "2026-02-26T06:00:00.000Z", rationale: "Уточнён перечень документов.", description: "documents" },
    ]);
    expect(release.tender.maxAwardValue).toEqual({ amount: 150000.5, currency: "KGS" });
    expect(release.tender.evaluationCommission?.members.map((m) => [m.id, m.role, m.affiliations])).toEqual([
      ["M1", "chair", []],
      ["M2", "member", [loser.registrationNumber]],
    ]);
    expect(release.tender.evaluationCommission?.members[1]!.name).toBe(member.user.fullName);
    // Totals: 60 % × 9/10 + 40 % × 8/10 = 86; 60 % × 6/10 + 40 % × 5/10 = 56.
    expect(release.bids?.details.map((b) => [b.status, b.memberScores?.map((s) => s.total)])).toEqual([
      ["valid", [86, 86]],
      ["valid", [56, 56]],
    ]);
    expect(release.awards[0]!.relatedBids).toHaveLength(1);

    const script = integrityFlags(JSON.parse(JSON.stringify(pkg)), DEFAULT_INTEGRITY_THRESHOLDS);
    if (!script.ok) throw new Error(script.problems.join("\n"));
    const ocid = release.ocid;
    const expected = ["AWARD_AT_MAXIMUM", "COMMISSION_APPLICANT_MATCH", "LATE_AMENDMENT", "SHORT_OPEN_PERIOD", "UNIFORM_SCORES"];
    expect(codesOf(script.flags.filter((f) => f.subject.ocid === ocid))).toEqual(expected);
    const shown = await callIntegrityFlags(call.id, now);
    expect(codesOf(shown)).toEqual(expected);
    expect(shown).toEqual(script.flags.filter((f) => f.subject.ocid === ocid).map((f) => expect.objectContaining(f)));
    expect(shown!.find((f) => f.code === "AWARD_AT_MAXIMUM")!.subject.awardId).toBe(award.reference);
    expect(shown!.find((f) => f.code === "COMMISSION_APPLICANT_MATCH")!.params).toMatchObject({ basis: "affiliation", declared: false });
  });

  it("before the decision nothing of the commission or the bids is published, and a draft call has no flags at all", async () => {
    const { call } = await flaggedProcess();
    await prisma.call.update({ where: { id: call.id }, data: { decisionPublishedAt: null, status: "IN_REVIEW" } });
    const pkg = await buildOcdsReleasePackage({ publicUrl: "https://portal.karakol.kg", ocidPrefix: "ocds-kgkrk1", now });
    const release = pkg.releases.find((r) => r.tender.id === call.reference)!;
    expect(release.tender.evaluationCommission).toBeUndefined();
    expect(release.bids).toBeUndefined();
    expect(JSON.stringify(release)).not.toContain("memberScores");
    expect(codesOf(await callIntegrityFlags(call.id, now))).toEqual(["AWARD_AT_MAXIMUM", "LATE_AMENDMENT", "SHORT_OPEN_PERIOD"]);

    await prisma.call.update({ where: { id: call.id }, data: { status: "DRAFT" } });
    expect(await callIntegrityFlags(call.id, now)).toBeNull();
  });

  it("the municipality's thresholds decide: a 28-day minimum and 3 late days raise neither period flag", async () => {
    const { call, municipality } = await flaggedProcess();
    await prisma.municipality.update({
      where: { id: municipality.id },
      data: { integrityMinOpenDays: 28, integrityLateAmendmentDays: 3 },
    });
    expect(codesOf(await callIntegrityFlags(call.id, now))).toEqual(["AWARD_AT_MAXIMUM", "COMMISSION_APPLICANT_MATCH", "UNIFORM_SCORES"]);
  });
});

describe("integrity flags through the pages", () => {
  let handle: ReturnType<typeof requestHandler>;
  beforeAll(async () => {
    const build: ServerBuild = await loadBuild();
    handle = requestHandler(build);
  });

  it("the administrator sets the thresholds; a number out of range is explained and nothing is saved", async () => {
    const admin = await createStaff("ADMIN");
    await prisma.user.update({ where: { id: admin.user.id }, data: { locale: "ru" } });
    const cookie = await sessionCookieFor(admin.user.id);
    const fields = {
      intent: "integrity",
      minOpenDays: "21",
      lateAmendmentDays: "5",
      repeatWins: "4",
      extremeSpreadPoints: "35",
      uniformScoresMinProposals: "3",
    };
    const post = (form: Record<string, string>) =>
      handle(postRequest("/admin/municipality", new URLSearchParams(form).toString(), cookie, "application/x-www-form-urlencoded"));

    const bad = await post({ ...fields, minOpenDays: "400" });
    expect(bad.status).toBe(400);
    const page = await bad.text();
    expect(page).toContain("Введите целое число в указанных пределах.");
    expect(page).toContain('value="400"');
    expect((await prisma.municipality.findUniqueOrThrow({ where: { id: admin.municipalityId } })).integrityMinOpenDays).toBe(30);

    const good = await post(fields);
    expect([good.status, good.headers.get("Location")]).toEqual([302, "/admin/municipality?done=integrity"]);
    const saved = await prisma.municipality.findUniqueOrThrow({ where: { id: admin.municipalityId } });
    expect([saved.integrityMinOpenDays, saved.integrityLateAmendmentDays, saved.integrityRepeatWins]).toEqual([21, 5, 4]);
    const audit = await prisma.auditEvent.findFirst({
      where: { entityId: admin.municipalityId, action: "municipality.integrity-thresholds.set" },
    });
    expect(audit).not.toBeNull();
  });

  it("the public call page shows the call's flags, in the reader's language (Kyrgyz by default)", async () => {
    const { call } = await flaggedProcess();
    const page = await (await handle(getRequest(`/calls/${call.id}`))).text();
    expect(page).toContain("Тобокелдик белгилери");
    expect(page).toContain('data-flag="LATE_AMENDMENT"');
    expect(page).toContain('data-flag="UNIFORM_SCORES"');
  });
});
