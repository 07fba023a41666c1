import { rmSync } from "node:fs";
import { afterAll, describe, expect, it, vi } from "vitest";
import { discardUpload, receiveUpload, type ReceivedUpload } from "~/domains/files/files.server";
import { storageRoot } from "~/domains/files/storage.server";
import { prisma } from "~/utils/db.server";
import { createNcoMember, createStaff } from "../../../tests/factories";
import { createBudgetSetting, createDraftCall, createPublishedCall } from "../../../tests/factories-calls";
import { multipartRequest, samplePdf } from "../../../tests/factories-organizations";
import { addCallDocument, listCallDocuments, removeCallDocument } from "./call-documents.server";
import { followCall } from "./calls.server";
import { getPublicCall, getVisibleCallDocumentFile } from "./public-calls.server";

vi.hoisted(() => {
  process.env.STORAGE_DIR = `test-data/files-calls-${process.pid}-${Date.now()}`;
});
afterAll(() => rmSync(storageRoot(), { recursive: true, force: true }));

async function withUpload<T>(use: (upload: ReceivedUpload) => Promise<T>) {
  const { request } = multipartRequest("http://localhost/x", [
    { name: "file", filename: "Техтапшырма.pdf", contentType: "application/pdf", content: samplePdf("Terms of reference") },
  ]);
  const upload = await receiveUpload(request, { fileFields: ["file"] });
  try {
    return await use(upload);
  } finally {
    await discardUpload(upload);
  }
}

const titles = { titleKy: "Техникалык тапшырма", titleRu: "Техническое задание", titleEn: "" };

async function rejection(promise: Promise<unknown>) {
  return promise.then(
    () => {
      throw new Error("expected a refusal");
    },
    (error: { code?: string; status?: number }) => ({ code: error.code, status: error.status }),
  );
}

describe("call documents", () => {
  it("are added to a draft, public once the call is, and can be taken back only while it is a draft", async () => {
    const { appropriation, officer } = await createBudgetSetting();
    const draft = await createDraftCall({ actor: officer, appropriationId: appropriation.id });
    const document = await withUpload((upload) => addCallDocument({ actor: officer, callId: draft.id, file: upload.files[0]!, ...titles }));
    const [listed] = await listCallDocuments(draft.id);
    expect(listed).toMatchObject({
      id: document.id,
      titleRu: "Техническое задание",
      attachment: { originalName: "Техтапшырма.pdf", mediaType: "application/pdf" },
    });
    // A draft's document is seen by its officer (preview), by nobody else.
    expect(await getVisibleCallDocumentFile({ callId: draft.id, documentId: document.id, actor: null })).toBeNull();
    expect(await getVisibleCallDocumentFile({ callId: draft.id, documentId: document.id, actor: officer })).toMatchObject({
      originalName: "Техтапшырма.pdf",
    });
    expect(await prisma.auditEvent.count({ where: { entityId: draft.id, action: "call.document_added" } })).toBe(1);
    await removeCallDocument({ actor: officer, callId: draft.id, documentId: document.id });
    expect(await listCallDocuments(draft.id)).toEqual([]);
  });

  it("on a published call are public to everyone, stay, and are announced to followers", async () => {
    const { appropriation, officer } = await createBudgetSetting();
    const call = await createPublishedCall({ actor: officer, appropriationId: appropriation.id });
    const nco = await createNcoMember();
    await followCall({ actor: nco.actor, callId: call.id });
    const document = await withUpload((upload) => addCallDocument({ actor: officer, callId: call.id, file: upload.files[0]!, ...titles }));
    expect(await getVisibleCallDocumentFile({ callId: call.id, documentId: document.id, actor: null })).toMatchObject({
      mediaType: "application/pdf",
    });
    expect((await getPublicCall({ callId: call.id, actor: null }))!.documents).toEqual([
      expect.objectContaining({ id: document.id, titleKy: "Техникалык тапшырма" }),
    ]);
    expect(await prisma.notification.count({ where: { recipient: nco.user.email, template: "call.document-added" } })).toBe(1);
    expect(await rejection(removeCallDocument({ actor: officer, callId: call.id, documentId: document.id }))).toEqual({
      code: "calls:errors.documentsPublished",
      status: 409,
    });
    // Another call's id in the address finds nothing.
    const other = await createPublishedCall({ actor: officer, appropriationId: appropriation.id, envelopeSom: 100_000 });
    expect(await getVisibleCallDocumentFile({ callId: other.id, documentId: document.id, actor: null })).toBeNull();
  });

  it("are refused after the deadline, to other municipalities (404) and to organizations (403)", async () => {
    const { appropriation, officer } = await createBudgetSetting();
    const closed = await createPublishedCall({
      actor: officer,
      appropriationId: appropriation.id,
      publishedDaysAgo: 25,
      envelopeSom: 100_000,
    });
    const draft = await createDraftCall({ actor: officer, appropriationId: appropriation.id });
    const stranger = await createStaff("PROGRAMME_OFFICER");
    const nco = await createNcoMember();
    await withUpload(async (upload) => {
      const file = upload.files[0]!;
      expect(await rejection(addCallDocument({ actor: officer, callId: closed.id, file, ...titles }))).toEqual({
        code: "calls:errors.documentsClosed",
        status: 409,
      });
      expect(await rejection(addCallDocument({ actor: stranger.actor, callId: draft.id, file, ...titles }))).toEqual({
        code: "notFound",
        status: 404,
      });
      expect(await rejection(addCallDocument({ actor: nco.actor, callId: draft.id, file, ...titles }))).toEqual({
        code: "forbidden",
        status: 403,
      });
    });
    expect(await prisma.callDocument.count({ where: { callId: { in: [closed.id, draft.id] } } })).toBe(0);
  });
});
