import { describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server";
import { createNcoMember } from "../../../tests/factories";
import { createCompleteProposal, createOpenCall, newKey } from "../../../tests/factories-proposals";
import { domainError } from "../../../tests/support/domain-error";
import { draftAnswerErrors, questionsWithAnswers, saveAnswers } from "./proposal-answers.server";
import { buildSnapshot, contentSha256, loadSnapshotSource } from "./proposal-snapshot.server";
import { submitProposal } from "./submission.server";
import { renderDossierPdf, reviewedDossier } from "./dossier.server";

const MINUTE = 60_000;

async function draft(withQuestions: boolean) {
  const call = await createOpenCall();
  const questions = withQuestions
    ? await Promise.all([
        prisma.callQuestion.create({
          data: {
            callId: call.id,
            position: 0,
            kind: "NUMBER",
            required: true,
            labelKy: "Волонтерлор саны",
            labelRu: "Число волонтёров",
            minValue: 1,
            maxValue: 100,
          },
        }),
        prisma.callQuestion.create({
          data: {
            callId: call.id,
            position: 1,
            kind: "CHOICE",
            labelKy: "Аймак",
            labelRu: "Район",
            options: [
              { ky: "Шаар", ru: "Город", en: "" },
              { ky: "Айыл", ru: "Село", en: "" },
            ],
          },
        }),
      ])
    : [];
  const nco = await createNcoMember();
  const proposal = await createCompleteProposal({ callId: call.id, organizationId: nco.organization.id, createdById: nco.user.id });
  return { call, questions, nco, proposal, now: new Date(call.submissionDeadline!.getTime() - MINUTE) };
}

describe("answers to a call's questions", () => {
  it("are saved with the draft, checked at submission (422 naming the question, nothing written) and frozen into the version", async () => {
    const { call, questions, nco, proposal, now } = await draft(true);
    const [number, choice] = questions;
    const context = { actor: nco.actor, now, proposalId: proposal.id };

    const unreadable = draftAnswerErrors(await questionsWithAnswers(prisma, proposal.id, call.id), {
      [`answer.${number!.id}`]: "many",
      [`answer.${choice!.id}`]: "7",
    });
    expect(unreadable).toEqual({
      [`answer.${number!.id}`]: ["proposals:questions.field.number"],
      [`answer.${choice!.id}`]: ["proposals:questions.field.choice"],
    });

    // The required number is missing: refused in the reader's language, nothing written.
    await saveAnswers({ ...context, values: { [`answer.${choice!.id}`]: "1" } });
    const missing = await domainError(
      submitProposal({ ...context, idempotencyKey: newKey(), locale: "ky" }),
      "proposals:questions.error.required",
      422,
    );
    expect(missing.params).toMatchObject({ question: "Волонтерлор саны" });
    // Out of range: kept in the draft, refused at submission with the range.
    await saveAnswers({ ...context, values: { [`answer.${number!.id}`]: "250" } });
    const large = await domainError(
      submitProposal({ ...context, idempotencyKey: newKey(), locale: "ru" }),
      "proposals:questions.error.tooLarge",
      422,
    );
    expect(large.params).toMatchObject({ question: "Число волонтёров", max: "100" });
    expect(await prisma.proposalVersion.count({ where: { proposalId: proposal.id } })).toBe(0);
    expect((await prisma.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).status).toBe("DRAFT");

    await saveAnswers({ ...context, values: { [`answer.${number!.id}`]: "12,5" } });
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { entityId: proposal.id, action: "proposal.answers.saved" } });
    expect(event).toBeTruthy();
    const receipt = await submitProposal({ ...context, idempotencyKey: newKey() });
    const version = await prisma.proposalVersion.findFirstOrThrow({
      where: { proposalId: proposal.id },
      select: { content: true, contentSha256: true },
    });
    const content: unknown = typeof version.content === "string" ? JSON.parse(version.content) : version.content;
    expect(content).toMatchObject({
      answers: [
        { position: 0, kind: "NUMBER", value: "12.5", labelRu: "Число волонтёров" },
        { position: 1, kind: "CHOICE", value: "1", choice: { ky: "Айыл", ru: "Село", en: "" } },
      ],
    });
    // The dossier renders them (from the stored snapshot).
    const dossier = await reviewedDossier(proposal.id);
    expect((await renderDossierPdf(dossier!, "ky")).length).toBeGreaterThan(1000);
    // The hash covers the answers: another answer is another content.
    expect(version.contentSha256).toBe(receipt.contentSha256);
    await prisma.proposalAnswer.updateMany({ where: { proposalId: proposal.id, questionId: choice!.id }, data: { value: "0" } });
    const source = await loadSnapshotSource(prisma, proposal.id);
    expect(contentSha256(buildSnapshot(source!))).not.toBe(version.contentSha256);
  });

  it("leave the snapshot of a call without questions exactly as before (stored hashes keep verifying)", async () => {
    const { nco, proposal, now } = await draft(false);
    const receipt = await submitProposal({ actor: nco.actor, now, proposalId: proposal.id, idempotencyKey: newKey() });
    const source = await loadSnapshotSource(prisma, proposal.id);
    const snapshot = buildSnapshot(source!);
    expect(Object.keys(snapshot)).toEqual(["format", "call", "organization", "proposal", "workPlan", "budget", "documents"]);
    expect(contentSha256(snapshot)).toBe(receipt.contentSha256);
  });
});
