// The commission's dossiers and the applicant's copy: what they hold equals what was stored, who
// may not open a proposal gets nothing of it, and the call's ZIP streams in bounded memory.
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { storeBytes } from "~/domains/files/storage.server";
import { getOwnDossier, renderDossierPdf } from "~/domains/proposals/dossier.server";
import { buildSnapshot, contentSha256, loadSnapshotSource } from "~/domains/proposals/proposal-snapshot.server";
import { prisma } from "~/utils/db.server";
import {
  createApplicant,
  createReviewCall,
  createSeat,
  createSubmittedProposal,
  declareDirectly,
  markEligible,
} from "../../../tests/factories-reviews";
import { peakLiveMemoryGrowth } from "../../../tests/factories-organizations";
import { domainError } from "../../../tests/support/domain-error";
import { getMemberDossier, streamCallDossiers, zipEntryName } from "./dossiers.server";

function pdfText(pdf: Buffer) {
  const dir = mkdtempSync(path.join(tmpdir(), "dossier-"));
  const file = path.join(dir, "d.pdf");
  writeFileSync(file, pdf);
  return execFileSync("pdftotext", ["-layout", file, "-"]).toString("utf8");
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/** A stored file attached to the proposal, as an upload would leave it. */
async function attachFile(proposalId: string, organizationId: string, uploadedById: string, bytes: Buffer, name: string) {
  const attachment = await prisma.attachment.create({
    data: {
      storageKey: await storeBytes(bytes),
      originalName: name,
      mediaType: "application/pdf",
      size: bytes.length,
      sha256: sha256(bytes),
      organizationId,
      uploadedById,
    },
  });
  await prisma.proposalAttachment.create({ data: { proposalId, kind: "OTHER", attachmentId: attachment.id } });
  return attachment;
}

/** The version the submission would freeze: the snapshot and its hash. */
async function submitVersion(proposalId: string, submittedById: string) {
  const content = buildSnapshot((await loadSnapshotSource(prisma, proposalId))!);
  const stored = JSON.parse(JSON.stringify(content));
  return prisma.proposalVersion.create({
    data: {
      proposalId,
      number: 1,
      content: stored,
      contentSha256: contentSha256(stored),
      receiptNumber: `R-${randomBytes(5).toString("hex")}`,
      idempotencyKey: randomBytes(8).toString("hex"),
      submittedById,
      submittedAt: new Date(Date.now() - 86_400_000),
    },
  });
}

/** Two eligible proposals with one file each; the chair may open both, the member declared a conflict with B. */
async function reviewedCall(fileBytes: Buffer[] = [Buffer.from("%PDF-1.4 charter A"), Buffer.from("%PDF-1.4 charter B")]) {
  const setup = await createReviewCall({ status: "IN_REVIEW" });
  const a = await createApplicant();
  const b = await createApplicant();
  const proposals = [];
  for (const [i, applicant] of [a, b].entries()) {
    const { proposal } = await createSubmittedProposal(setup.call.id, {
      organizationId: applicant.organization.id,
      createdById: applicant.user.id,
    });
    const file = await attachFile(proposal.id, applicant.organization.id, applicant.user.id, fileBytes[i]!, `устав ${i + 1}.pdf`);
    const version = await submitVersion(proposal.id, applicant.user.id);
    proposals.push({ proposal, file, version, applicant });
  }
  await markEligible(
    proposals.map((p) => p.proposal.id),
    setup.officer.id,
  );
  const chair = await createSeat(setup.call.id, "CHAIR", setup.officer.id);
  const member = await createSeat(setup.call.id, "MEMBER", setup.officer.id);
  await declareDirectly(chair.membershipId, [a.organization.id, b.organization.id]);
  await declareDirectly(member.membershipId, [a.organization.id, b.organization.id], [b.organization.id]);
  return { ...setup, chair, member, A: proposals[0]!, B: proposals[1]! };
}

async function unzip(stream: NodeJS.ReadableStream) {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return JSZip.loadAsync(Buffer.concat(chunks));
}

describe("proposal dossiers", () => {
  it("holds every section, the work plan, the budget and the stored hashes of the version and its files", async () => {
    const { call, chair, A } = await reviewedCall();
    const dossier = await getMemberDossier({ actor: chair.actor, callId: call.id, proposalId: A.proposal.id });
    const raw = pdfText(await renderDossierPdf(dossier, "ru"));
    const text = raw.replace(/\s+/g, " ");
    expect(text).toContain("Досье заявки");
    expect(text).toContain(A.proposal.reference);
    expect(text).toContain(A.version.contentSha256);
    // A hash in the documents table wraps within its cell.
    expect(raw.replace(/\s+/g, "")).toContain(A.file.sha256);
    for (const section of [
      "Дневной центр для детей с инвалидностью.",
      "В городе нет дневного центра.",
      "Открыть центр, обучить специалистов.",
      "Этап 1",
      "Зарплата",
    ])
      expect(text).toContain(section);
    // The stored snapshot, unchanged, still has the hash the dossier prints.
    expect(contentSha256(dossier.version.content)).toBe(A.version.contentSha256);
  });

  it("a member who declared a conflict gets 404 for that proposal's dossier; the applicant downloads its own copy, nobody else's", async () => {
    const { call, member, A, B } = await reviewedCall();
    await domainError(getMemberDossier({ actor: member.actor, callId: call.id, proposalId: B.proposal.id }), "notFound", 404);
    expect((await getMemberDossier({ actor: member.actor, callId: call.id, proposalId: A.proposal.id })).version.receiptNumber).toBe(
      A.version.receiptNumber,
    );

    const own = await getOwnDossier({ actor: A.applicant.actor, proposalId: A.proposal.id, number: 1 });
    expect(own.version.contentSha256).toBe(A.version.contentSha256);
    await domainError(getOwnDossier({ actor: A.applicant.actor, proposalId: B.proposal.id, number: 1 }), "notFound", 404);
  });

  it("the call's ZIP holds each openable proposal's dossier and files, byte for byte, and leaves out the conflicted one", async () => {
    const { call, chair, member, A, B } = await reviewedCall();
    const forChair = await unzip((await streamCallDossiers({ actor: chair.actor, callId: call.id, locale: "ky" })).stream);
    const names = Object.keys(forChair.files)
      .filter((n) => !forChair.files[n]!.dir)
      .sort();
    const folderA = zipEntryName(A.proposal.reference);
    const folderB = zipEntryName(B.proposal.reference);
    expect(names).toEqual(
      [
        `${folderA}/1-устав 1.pdf`,
        `${folderA}/dossier-${A.proposal.reference}-v1.pdf`,
        `${folderB}/1-устав 2.pdf`,
        `${folderB}/dossier-${B.proposal.reference}-v1.pdf`,
      ].sort(),
    );
    expect(sha256(await forChair.file(`${folderA}/1-устав 1.pdf`)!.async("nodebuffer"))).toBe(A.file.sha256);

    const forMember = await unzip((await streamCallDossiers({ actor: member.actor, callId: call.id, locale: "ru" })).stream);
    const memberNames = Object.keys(forMember.files).join("\n");
    expect(memberNames).toContain(folderA);
    expect(memberNames).not.toContain(folderB);
  });

  it("refuses before the first byte: no seat is 404, an undeclared applicant is 409", async () => {
    const { call, officer } = await reviewedCall();
    const outsider = await createSeat((await createReviewCall({ status: "IN_REVIEW" })).call.id, "MEMBER", officer.id);
    await domainError(streamCallDossiers({ actor: outsider.actor, callId: call.id, locale: "ru" }), "notFound", 404);
    const undeclared = await createSeat(call.id, "MEMBER", officer.id);
    await domainError(streamCallDossiers({ actor: undeclared.actor, callId: call.id, locale: "ru" }), "reviews:errors.declareFirst", 409);
  });

  it("streams large files in bounded memory: 2 × 24 MB through the ZIP keep under 16 MB alive", async () => {
    const big = [randomBytes(24 * 1024 * 1024), randomBytes(24 * 1024 * 1024)];
    const { call, chair } = await reviewedCall(big);
    big.length = 0;
    let bytes = 0;
    const { result, growth } = await peakLiveMemoryGrowth(async () => {
      const { stream } = await streamCallDossiers({ actor: chair.actor, callId: call.id, locale: "ru" });
      for await (const chunk of stream) bytes += Buffer.byteLength(chunk);
    });
    expect(result).not.toBeInstanceOf(Error);
    expect(bytes).toBeGreaterThan(48 * 1024 * 1024);
    expect(growth).toBeLessThan(16 * 1024 * 1024);
  }, 120_000);
});
