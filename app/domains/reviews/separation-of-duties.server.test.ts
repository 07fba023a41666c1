import { describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server";
import { createMunicipality, createStaff } from "../../../tests/factories";
import { createReviewCall, createSubmittedProposal, markEligible } from "../../../tests/factories-reviews";
import { appointMember } from "./commission.server";
import { listCommissionExceptions, recordCommissionException } from "./separation-of-duties.server";
import { domainError } from "../../../tests/support/domain-error";

const seats = (callId: string, userId: string) => prisma.commissionMembership.count({ where: { callId, userId } });

describe("separation of duties on a call's commission", () => {
  it("the person who drafted the call is not appointed, until the administrator records an exception with its reason", async () => {
    const { call, officer, municipalityId } = await createReviewCall();
    const drafter = await createStaff("PROGRAMME_OFFICER", municipalityId);
    await prisma.call.update({ where: { id: call.id }, data: { createdById: drafter.user.id } });
    const appoint = () => appointMember({ actor: officer, callId: call.id, email: drafter.user.email, role: "MEMBER", affiliations: "" });
    expect((await domainError(appoint())).code).toBe("reviews:errors.dutyDrafted");
    expect(await seats(call.id, drafter.user.id)).toBe(0);

    const admin = await createStaff("ADMIN", municipalityId);
    const reason = "Единственный специалист по инклюзивному образованию в районе";
    await recordCommissionException({ actor: admin.actor, callId: call.id, email: drafter.user.email, reason });
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "commission.exception_recorded", entityId: call.id } });
    expect(JSON.parse(audit.after ?? "{}")).toMatchObject({ userId: drafter.user.id, duties: ["drafted"], reason });
    expect((await listCommissionExceptions({ actor: admin.actor })).exceptions.map((e) => e.reason)).toEqual([reason]);

    await appoint();
    expect(await seats(call.id, drafter.user.id)).toBe(1);
  });

  it("an officer who only edited the draft counts as having drafted it", async () => {
    const { call, officer, municipalityId } = await createReviewCall();
    const editor = await createStaff("PROGRAMME_OFFICER", municipalityId);
    await prisma.$transaction((tx) =>
      import("~/domains/audit/audit.server").then(({ recordAudit }) =>
        recordAudit(tx, { actor: editor.actor, action: "call.updated", entityType: "Call", entityId: call.id }),
      ),
    );
    expect(
      (await domainError(appointMember({ actor: officer, callId: call.id, email: editor.user.email, role: "MEMBER", affiliations: "" })))
        .code,
    ).toBe("reviews:errors.dutyDrafted");
  });

  it("the person who screened its proposals is not appointed either; someone who did neither is", async () => {
    const { call, officer, municipalityId } = await createReviewCall();
    const screener = await createStaff("PROGRAMME_OFFICER", municipalityId);
    const { proposal } = await createSubmittedProposal(call.id);
    await markEligible([proposal.id], screener.user.id);
    expect(
      (await domainError(appointMember({ actor: officer, callId: call.id, email: screener.user.email, role: "CHAIR", affiliations: "" })))
        .code,
    ).toBe("reviews:errors.dutyScreened");
    const outsider = await createStaff("FINANCE_OFFICER", municipalityId);
    await appointMember({ actor: officer, callId: call.id, email: outsider.user.email, role: "MEMBER", affiliations: "" });
    expect(await seats(call.id, outsider.user.id)).toBe(1);
  });

  it("only the call's own administrator records an exception, only when one is needed, and once", async () => {
    const { call, officer, municipalityId } = await createReviewCall();
    await prisma.call.update({ where: { id: call.id }, data: { createdById: officer.id } });
    const admin = await createStaff("ADMIN", municipalityId);
    const otherAdmin = await createStaff("ADMIN", (await createMunicipality()).id);
    const bystander = await createStaff("FINANCE_OFFICER", municipalityId);
    const reason = "Нет другого специалиста по этой теме";
    expect(
      (await domainError(recordCommissionException({ actor: otherAdmin.actor, callId: call.id, email: officer.email, reason }))).status,
    ).toBe(404);
    expect((await domainError(recordCommissionException({ actor: officer, callId: call.id, email: officer.email, reason }))).status).toBe(
      403,
    );
    expect(
      (await domainError(recordCommissionException({ actor: admin.actor, callId: call.id, email: bystander.user.email, reason }))).code,
    ).toBe("reviews:errors.exceptionNotNeeded");
    await recordCommissionException({ actor: admin.actor, callId: call.id, email: officer.email, reason });
    expect((await domainError(recordCommissionException({ actor: admin.actor, callId: call.id, email: officer.email, reason }))).code).toBe(
      "reviews:errors.exceptionExists",
    );
    expect(await prisma.commissionException.count({ where: { callId: call.id } })).toBe(1);
  });
});
