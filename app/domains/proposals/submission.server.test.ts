import { describe, expect, it } from "vitest";
import { verifyAuditChain } from "~/domains/audit/audit.server";
import { sealAuditLog } from "~/domains/audit/audit-sealer.server";
import { prisma } from "~/utils/db.server";
import { createNcoMember, createOrganization, createStaff } from "../../../tests/factories";
import { officerWhereApplying } from "../../../tests/factories-organizations";
import { createCompleteProposal, createOpenCall, newKey } from "../../../tests/factories-proposals";
import { canonicalJson } from "./proposal-rules";
import { contentSha256 } from "./proposal-snapshot.server";
import { getProposalForActor, saveSection } from "./proposals.server";
import {
  getReceipt,
  listPaperProposals,
  paperIntakeOptions,
  registerPaperProposal,
  submitProposal,
  withdrawProposal,
} from "./submission.server";
import { domainError } from "../../../tests/support/domain-error";

const MINUTE = 60_000;

async function ready(options: Parameters<typeof createOpenCall>[0] = {}) {
  const call = await createOpenCall({ requiredDocuments: ["CHARTER"], ...options });
  const nco = await createNcoMember();
  const proposal = await createCompleteProposal({ callId: call.id, organizationId: nco.organization.id, createdById: nco.user.id });
  const deadline = call.submissionDeadline!;
  return { call, nco, proposal, deadline, before: new Date(deadline.getTime() - MINUTE) };
}

describe("submitting", () => {
  it("commits the version with the content's hash, the status, an audit event and the receipt notice", async () => {
    const { nco, proposal, before } = await ready();
    const key = newKey();
    const receipt = await submitProposal({
      actor: nco.actor,
      now: before,
      proposalId: proposal.id,
      idempotencyKey: key,
      ipAddress: "10.0.0.7",
    });
    expect(receipt).toMatchObject({
      proposalId: proposal.id,
      number: 1,
      receiptNumber: `${proposal.reference}-01`,
      repeated: false,
      submittedAt: before,
    });

    const version = await prisma.proposalVersion.findUniqueOrThrow({ where: { idempotencyKey: key } });
    expect(version).toMatchObject({ number: 1, submittedById: nco.user.id, submittedAt: before, receiptNumber: receipt.receiptNumber });
    expect(version.contentSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(contentSha256(version.content)).toBe(version.contentSha256);
    const content = version.content as {
      proposal: { title: string };
      budget: { requestedTotal: string };
      documents: { kind: string; sha256: string }[];
    };
    expect(content.proposal.title).toBe(proposal.title);
    expect(content.budget.requestedTotal).toBe("500000");
    expect(content.documents).toHaveLength(1);
    expect(content.documents[0]).toMatchObject({ kind: "CHARTER", sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });

    expect(await prisma.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).toMatchObject({
      status: "SUBMITTED",
      submittedAt: before,
    });
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { entityId: proposal.id, action: "proposal.submitted" } });
    expect(audit).toMatchObject({ actorId: nco.user.id, ipAddress: "10.0.0.7", occurredAt: before });
    expect(JSON.parse(audit.after!)).toMatchObject({ receiptNumber: receipt.receiptNumber, contentSha256: version.contentSha256 });
    const notice = await prisma.notification.findFirstOrThrow({ where: { template: "proposal.receipt", recipient: nco.user.email } });
    expect(notice.payload).toMatchObject({ receiptNumber: receipt.receiptNumber, sha256: version.contentSha256 });
    await sealAuditLog(prisma); // decision 0064: the chain is assigned after commit
    expect(await verifyAuditChain(prisma)).toMatchObject({ break: null, unsealed: 0 });
  });

  it("returns the first receipt to a retry with the same key, also to concurrent retries and after the deadline", async () => {
    const { nco, proposal, before, deadline } = await ready();
    const key = newKey();
    const results = await Promise.all(
      Array.from({ length: 8 }, () => submitProposal({ actor: nco.actor, now: before, proposalId: proposal.id, idempotencyKey: key })),
    );
    expect(new Set(results.map((r) => r.receiptNumber)).size).toBe(1);
    expect(results.filter((r) => !r.repeated)).toHaveLength(1);
    const late = await submitProposal({
      actor: nco.actor,
      now: new Date(deadline.getTime() + MINUTE),
      proposalId: proposal.id,
      idempotencyKey: key,
    });
    expect(late).toMatchObject({ receiptNumber: results[0]!.receiptNumber, repeated: true });
    expect(await prisma.proposalVersion.count({ where: { proposalId: proposal.id } })).toBe(1);
    expect(await prisma.notification.count({ where: { template: "proposal.receipt", recipient: nco.user.email } })).toBe(1);
  });

  it("refuses a first attempt at the deadline's millisecond, and the refusal's audit event is committed", async () => {
    const { nco, proposal, deadline } = await ready();
    const key = newKey();
    const error = await domainError(submitProposal({ actor: nco.actor, now: deadline, proposalId: proposal.id, idempotencyKey: key }));
    expect(error).toMatchObject({ code: "proposals:errors.late", status: 409 });
    expect(await prisma.proposalVersion.count({ where: { proposalId: proposal.id } })).toBe(0);
    expect((await prisma.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).status).toBe("DRAFT");
    const rejected = await prisma.auditEvent.findFirstOrThrow({ where: { entityId: proposal.id, action: "proposal.submission.rejected" } });
    expect(JSON.parse(rejected.after!)).toMatchObject({
      reason: "deadline",
      arrivedAt: deadline.toISOString(),
      deadline: deadline.toISOString(),
      idempotencyKey: key,
    });
  });

  it("refuses an incomplete proposal or one whose requested total is outside the call's grant range (422)", async () => {
    const { nco, proposal, before } = await ready({ minGrant: 600_000n });
    expect(
      await domainError(submitProposal({ actor: nco.actor, now: before, proposalId: proposal.id, idempotencyKey: newKey() })),
    ).toMatchObject({
      code: "proposals:errors.incomplete",
      status: 422,
      params: { sections: "budget" },
    });
    await saveSection({ actor: nco.actor, now: before, proposalId: proposal.id, section: "team", input: { team: "" } });
    expect(
      (await domainError(submitProposal({ actor: nco.actor, now: before, proposalId: proposal.id, idempotencyKey: newKey() }))).params,
    ).toEqual({ sections: "budget,team" });
    expect(await prisma.proposalVersion.count({ where: { proposalId: proposal.id } })).toBe(0);
  });

  it("refuses an idempotency key already used for another proposal", async () => {
    const { nco, call, proposal, before } = await ready();
    const second = await createCompleteProposal({ callId: call.id, organizationId: nco.organization.id, createdById: nco.user.id });
    const key = newKey();
    await submitProposal({ actor: nco.actor, now: before, proposalId: proposal.id, idempotencyKey: key });
    expect(await domainError(submitProposal({ actor: nco.actor, now: before, proposalId: second.id, idempotencyKey: key }))).toMatchObject({
      code: "proposals:errors.keyReused",
      status: 422,
    });
  });
});

describe("resubmitting and withdrawing before the deadline", () => {
  it("keeps every version, the latest counts, and a withdrawal can be followed by a resubmission", async () => {
    const { nco, proposal, before, deadline } = await ready();
    const first = await submitProposal({ actor: nco.actor, now: before, proposalId: proposal.id, idempotencyKey: newKey() });
    let view = await getProposalForActor({ actor: nco.actor, proposalId: proposal.id, now: before });
    expect(view!.changedSinceSubmission).toBe(false);
    await saveSection({
      actor: nco.actor,
      now: before,
      proposalId: proposal.id,
      section: "problem",
      input: { problem: "Жаңыртылган көйгөй" },
    });
    view = await getProposalForActor({ actor: nco.actor, proposalId: proposal.id, now: before });
    expect(view!.changedSinceSubmission).toBe(true);
    expect(view!.proposal.status).toBe("SUBMITTED");

    const second = await submitProposal({ actor: nco.actor, now: before, proposalId: proposal.id, idempotencyKey: newKey() });
    expect(second).toMatchObject({ number: 2, receiptNumber: `${proposal.reference}-02` });
    expect(second.contentSha256).not.toBe(first.contentSha256);

    await withdrawProposal({ actor: nco.actor, now: before, proposalId: proposal.id });
    expect((await prisma.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).status).toBe("WITHDRAWN");
    expect((await prisma.proposalVersion.findFirstOrThrow({ where: { proposalId: proposal.id, number: 2 } })).withdrawnAt).toEqual(before);

    const third = await submitProposal({ actor: nco.actor, now: before, proposalId: proposal.id, idempotencyKey: newKey() });
    expect(third.number).toBe(3);
    expect((await prisma.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).status).toBe("SUBMITTED");
    expect(
      await prisma.auditEvent.count({
        where: { entityId: proposal.id, action: { in: ["proposal.submitted", "proposal.resubmitted", "proposal.withdrawn"] } },
      }),
    ).toBe(4);

    // After the deadline nothing changes.
    const after = new Date(deadline.getTime() + 1);
    expect((await domainError(withdrawProposal({ actor: nco.actor, now: after, proposalId: proposal.id }))).code).toBe(
      "proposals:errors.deadlinePassed",
    );
    expect(
      (await domainError(saveSection({ actor: nco.actor, now: after, proposalId: proposal.id, section: "team", input: { team: "x" } })))
        .code,
    ).toBe("proposals:errors.deadlinePassed");
    expect(
      (await domainError(submitProposal({ actor: nco.actor, now: after, proposalId: proposal.id, idempotencyKey: newKey() }))).code,
    ).toBe("proposals:errors.late");
    expect(await prisma.proposalVersion.count({ where: { proposalId: proposal.id } })).toBe(3);
  });
});

describe("receipts", () => {
  it("shows the receipt with a content hash that still matches the stored content", async () => {
    const { nco, proposal, before } = await ready();
    const {
      number,
      receiptNumber,
      contentSha256: sha,
    } = await submitProposal({ actor: nco.actor, now: before, proposalId: proposal.id, idempotencyKey: newKey() });
    const receipt = await getReceipt({ actor: nco.actor, proposalId: proposal.id, number });
    expect(receipt).toMatchObject({
      receiptNumber,
      contentSha256: sha,
      submittedAt: before,
      verified: true,
      isLatest: true,
      requestedTotal: 500_000n,
      submittedBy: nco.user.fullName,
    });
    expect(receipt).not.toHaveProperty("content");
    const stored = await prisma.proposalVersion.findFirstOrThrow({ where: { receiptNumber } });
    expect(canonicalJson(stored.content)).toContain(`"reference":"${proposal.reference}"`);
  });

  it("are the NCO's own: another NCO gets nothing, submit and withdraw answer 404", async () => {
    const { call, nco, proposal, before } = await ready();
    const stranger = await createNcoMember();
    const { number } = await submitProposal({ actor: nco.actor, now: before, proposalId: proposal.id, idempotencyKey: newKey() });
    expect(await getReceipt({ actor: stranger.actor, proposalId: proposal.id, number })).toBeNull();
    expect(await getProposalForActor({ actor: stranger.actor, proposalId: proposal.id, now: before })).toBeNull();
    expect(
      (await domainError(submitProposal({ actor: stranger.actor, now: before, proposalId: proposal.id, idempotencyKey: newKey() }))).status,
    ).toBe(404);
    expect((await domainError(withdrawProposal({ actor: stranger.actor, now: before, proposalId: proposal.id }))).status).toBe(404);
    // A programme officer of the call's municipality reads submitted proposals and their receipts.
    const officer = await createStaff("PROGRAMME_OFFICER", call.municipalityId);
    expect(await getReceipt({ actor: officer.actor, proposalId: proposal.id, number })).not.toBeNull();
    const view = await getProposalForActor({ actor: officer.actor, proposalId: proposal.id, now: before });
    expect(view!.can).toEqual({ edit: false, submit: false, withdraw: false, discard: false });
  });

  it("are hidden from a second municipality's programme officer (read:proposal:any is within the officer's municipality)", async () => {
    const { nco, proposal, before } = await ready();
    const { number } = await submitProposal({ actor: nco.actor, now: before, proposalId: proposal.id, idempotencyKey: newKey() });
    const foreign = await createStaff("PROGRAMME_OFFICER");
    expect(await getReceipt({ actor: foreign.actor, proposalId: proposal.id, number })).toBeNull();
    expect(await getProposalForActor({ actor: foreign.actor, proposalId: proposal.id, now: before })).toBeNull();
    // Staff with no municipality at all read nothing either.
    const homeless = { ...foreign.actor, municipalityId: null };
    expect(await getReceipt({ actor: homeless, proposalId: proposal.id, number })).toBeNull();
  });
});

describe("paper intake", () => {
  const paper = (callId: string, organizationId: string) => ({
    callId,
    organizationId,
    language: "ru" as const,
    title: "Бумажная заявка",
    summary: "Принята в приёмной мэрии",
    beneficiaries: 40,
    requested: 800_000n,
    cofinancing: 50_000n,
    pages: 23,
    idempotencyKey: newKey(),
  });

  it("registers a paper proposal entered by the officer, with the same kind of receipt, and tells the NCO's administrators", async () => {
    const call = await createOpenCall();
    const nco = await createNcoMember("ADMIN");
    const officer = await createStaff("PROGRAMME_OFFICER", call.municipalityId);
    const before = new Date(call.submissionDeadline!.getTime() - MINUTE);
    const input = paper(call.id, nco.organization.id);
    const receipt = await registerPaperProposal({ actor: officer.actor, now: before, ...input });
    const again = await registerPaperProposal({ actor: officer.actor, now: before, ...input });
    expect(again).toMatchObject({ receiptNumber: receipt.receiptNumber, repeated: true });

    const proposal = await prisma.proposal.findUniqueOrThrow({ where: { id: receipt.proposalId }, include: { budgetLines: true } });
    expect(proposal).toMatchObject({
      intake: "PAPER",
      status: "SUBMITTED",
      enteredById: officer.user.id,
      createdById: officer.user.id,
      requestedTotal: 800_000n,
      cofinancingTotal: 50_000n,
    });
    expect(proposal.budgetLines).toMatchObject([{ requested: 800_000n, cofinancing: 50_000n, unitCost: 850_000n, quantity: 100 }]);
    const version = await prisma.proposalVersion.findUniqueOrThrow({ where: { receiptNumber: receipt.receiptNumber } });
    expect(version.content).toMatchObject({ paper: { pages: 23, enteredBy: officer.actor.label } });
    expect(version.submittedById).toBe(officer.user.id);
    expect(
      await prisma.auditEvent.count({ where: { entityId: proposal.id, action: "proposal.paper.registered", actorId: officer.user.id } }),
    ).toBe(1);
    expect(await prisma.notification.count({ where: { recipient: nco.user.email, template: "proposal.receipt" } })).toBe(1);

    // The NCO sees it and its receipt but does not change it online.
    const view = await getProposalForActor({ actor: nco.actor, proposalId: proposal.id, now: before });
    expect(view!.can.edit).toBe(false);
    expect(await getReceipt({ actor: nco.actor, proposalId: proposal.id, number: 1 })).toMatchObject({ paper: { pages: 23 } });
    expect(await listPaperProposals({ actor: officer.actor })).toHaveLength(1);
  });

  it("refuses and audits a paper proposal entered after the deadline, and is for officers only", async () => {
    const call = await createOpenCall();
    const organization = await createOrganization();
    const officer = await createStaff("PROGRAMME_OFFICER", call.municipalityId);
    const nco = await createNcoMember();
    const input = paper(call.id, organization.id);
    expect((await domainError(registerPaperProposal({ actor: officer.actor, now: call.submissionDeadline!, ...input }))).code).toBe(
      "proposals:errors.late",
    );
    expect(await prisma.auditEvent.count({ where: { entityId: call.id, action: "proposal.submission.rejected" } })).toBe(1);
    expect(await prisma.proposal.count({ where: { callId: call.id } })).toBe(0);
    expect((await domainError(registerPaperProposal({ actor: nco.actor, now: new Date(), ...input }))).status).toBe(403);
    const tooMuch = { ...paper(call.id, organization.id), requested: 30_000_000n };
    expect((await domainError(registerPaperProposal({ actor: officer.actor, now: new Date(), ...tooMuch }))).code).toBe(
      "proposals:errors.aboveMaximum",
    );
  });

  it("keeps each municipality to its own calls: another's call is not found, not offered, and its paper proposals are not listed", async () => {
    const call = await createOpenCall();
    const organization = await createOrganization();
    const home = await createStaff("PROGRAMME_OFFICER", call.municipalityId);
    const foreign = await createStaff("PROGRAMME_OFFICER");
    const now = new Date(call.submissionDeadline!.getTime() - MINUTE);
    const refused = await domainError(registerPaperProposal({ actor: foreign.actor, now, ...paper(call.id, organization.id) }));
    expect(refused.status).toBe(404);
    expect(await prisma.proposal.count({ where: { callId: call.id } })).toBe(0);
    expect((await paperIntakeOptions({ actor: foreign.actor, now })).calls.map((c) => c.id)).not.toContain(call.id);
    expect((await paperIntakeOptions({ actor: home.actor, now })).calls.map((c) => c.id)).toContain(call.id);

    const receipt = await registerPaperProposal({ actor: home.actor, now, ...paper(call.id, organization.id) });
    expect((await listPaperProposals({ actor: home.actor })).map((p) => p.id)).toEqual([receipt.proposalId]);
    expect(await listPaperProposals({ actor: foreign.actor })).toEqual([]);
    expect(await getReceipt({ actor: foreign.actor, proposalId: receipt.proposalId, number: 1 })).toBeNull();
  });

  it("offers only organizations applying to the officer's municipality, not the national registry (decision 0048)", async () => {
    const organization = await createOrganization();
    const nco = await createNcoMember("ADMIN", organization.id);
    const home = await officerWhereApplying(organization.id, nco.user.id);
    const foreign = await createStaff("PROGRAMME_OFFICER");
    const now = new Date();
    expect((await paperIntakeOptions({ actor: home.actor, now })).organizations.map((o) => o.id)).toContain(organization.id);
    expect((await paperIntakeOptions({ actor: foreign.actor, now })).organizations.map((o) => o.id)).not.toContain(organization.id);
  });
});
