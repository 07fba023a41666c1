import { existsSync, readFileSync, rmSync } from "node:fs";
import { afterAll, describe, expect, it, vi } from "vitest";
import { createNcoMember, createStaff } from "../../../tests/factories";
import { multipartRequest, officerWhereApplying, samplePdf } from "../../../tests/factories-organizations";
import { discardUpload, getAttachmentForDownload, receiveUpload, type ReceivedUpload } from "~/domains/files/files.server";
import { pathForKey, storageRoot } from "~/domains/files/storage.server";
import { prisma } from "~/utils/db.server";
import { archiveDocument, findUsableDocument, listDocuments, storeDocument } from "./vault.server";
import { domainError } from "../../../tests/support/domain-error";
import { startOfDay } from "~/utils/time";

vi.hoisted(() => {
  process.env.STORAGE_DIR = `test-data/files-vault-${process.pid}-${Date.now()}`;
});
afterAll(() => rmSync(storageRoot(), { recursive: true, force: true }));

async function received(content = samplePdf()): Promise<ReceivedUpload> {
  const { request } = multipartRequest("http://localhost/x", [
    { name: "file", filename: "Устав.pdf", contentType: "application/pdf", content },
  ]);
  return receiveUpload(request, { fileFields: ["file"] });
}

async function stored(actor: Parameters<typeof storeDocument>[0]["actor"], organizationId: string) {
  const upload = await received();
  try {
    return await storeDocument({
      actor,
      organizationId,
      input: { kind: "CHARTER", title: "Устав", validUntil: "" },
      file: upload.files[0]!,
    });
  } finally {
    await discardUpload(upload);
  }
}

describe("vault", () => {
  it("keeps an uploaded charter: file in place, Attachment owned by the organization, document, audit", async () => {
    const { actor, organization } = await createNcoMember("MEMBER");
    const content = samplePdf("Charter 2024");
    const upload = await received(content);
    const { id, attachmentId } = await storeDocument({
      actor,
      organizationId: organization.id,
      input: { kind: "CHARTER", title: "Устав 2024", validUntil: "2030-12-31" },
      file: upload.files[0]!,
    });
    await discardUpload(upload);
    const attachment = await prisma.attachment.findUniqueOrThrow({ where: { id: attachmentId } });
    expect(attachment).toMatchObject({
      organizationId: organization.id,
      originalName: "Устав.pdf",
      mediaType: "application/pdf",
      size: content.length,
      uploadedById: actor.id,
    });
    expect(readFileSync(pathForKey(attachment.storageKey))).toEqual(Buffer.from(content));
    expect(existsSync(upload.files[0]!.incomingPath)).toBe(false);
    const documents = await listDocuments({ actor, organizationId: organization.id });
    expect(documents).toEqual([expect.objectContaining({ id, kind: "CHARTER", title: "Устав 2024" })]);
    expect(documents![0]!.validUntil).toEqual(startOfDay("2030-12-31"));
    expect(await prisma.auditEvent.count({ where: { entityId: id, action: "document.stored" } })).toBe(1);
    expect(await findUsableDocument({ organizationId: organization.id, documentId: id })).not.toBeNull();
  });

  it("archives a document out of the list and out of use", async () => {
    const { actor, organization } = await createNcoMember("MEMBER");
    const { id } = await stored(actor, organization.id);
    await archiveDocument({ actor, organizationId: organization.id, documentId: id });
    expect(await listDocuments({ actor, organizationId: organization.id })).toEqual([]);
    expect(await listDocuments({ actor, organizationId: organization.id, archived: true })).toHaveLength(1);
    expect(await findUsableDocument({ organizationId: organization.id, documentId: id })).toBeNull();
    await domainError(archiveDocument({ actor, organizationId: organization.id, documentId: id }), undefined, 404);
  });

  it("removes the placed file when the transaction that saved it rolls back", async () => {
    const { actor, organization } = await createNcoMember("MEMBER");
    const upload = await received();
    const file = upload.files[0]!;
    // The file is moved into place, then the document row is refused: everything rolls back.
    await expect(
      storeDocument({ actor, organizationId: organization.id, input: { kind: "NOT_A_KIND" as never, title: "x", validUntil: "" }, file }),
    ).rejects.toThrow();
    expect(file.storageKey).toBeDefined();
    expect(existsSync(pathForKey(file.storageKey!))).toBe(true);
    await discardUpload(upload);
    expect(existsSync(pathForKey(file.storageKey!))).toBe(false);
    expect(await prisma.attachment.count({ where: { storageKey: file.storageKey! } })).toBe(0);
  });

  it("a non-member's upload is refused before anything is kept", async () => {
    const { actor } = await createNcoMember("MEMBER");
    const stranger = await createNcoMember("ADMIN");
    const upload = await received();
    await domainError(
      storeDocument({
        actor,
        organizationId: stranger.organization.id,
        input: { kind: "CHARTER", title: "x", validUntil: "" },
        file: upload.files[0]!,
      }),
    );
    await discardUpload(upload);
    expect(existsSync(upload.files[0]!.incomingPath)).toBe(false);
    expect(await prisma.attachment.count({ where: { organizationId: stranger.organization.id } })).toBe(0);
  });
});

describe("tenancy of documents and files", () => {
  it("another NCO can neither list, archive, reference nor download them; an officer can read them", async () => {
    const owner = await createNcoMember("ADMIN");
    const { id, attachmentId } = await stored(owner.actor, owner.organization.id);
    const other = await createNcoMember("ADMIN");

    expect(await listDocuments({ actor: other.actor, organizationId: owner.organization.id })).toBeNull();
    await domainError(archiveDocument({ actor: other.actor, organizationId: owner.organization.id, documentId: id }), undefined, 404);
    await domainError(archiveDocument({ actor: other.actor, organizationId: other.organization.id, documentId: id }), undefined, 404);
    expect(await findUsableDocument({ organizationId: other.organization.id, documentId: id })).toBeNull();
    expect(await getAttachmentForDownload({ actor: other.actor, attachmentId })).toBeNull();
    await domainError(stored(other.actor, owner.organization.id), undefined, 404);

    expect(await getAttachmentForDownload({ actor: owner.actor, attachmentId })).not.toBeNull();
    const officer = await officerWhereApplying(owner.organization.id, owner.user.id);
    expect(await getAttachmentForDownload({ actor: officer.actor, attachmentId })).not.toBeNull();
    expect(await listDocuments({ actor: officer.actor, organizationId: owner.organization.id })).toHaveLength(1);
    // Another municipality's officer: as if the file did not exist (issue 17 item 2, decision 0048).
    const elsewhere = await createStaff("PROGRAMME_OFFICER");
    expect(await getAttachmentForDownload({ actor: elsewhere.actor, attachmentId })).toBeNull();
    expect(await listDocuments({ actor: elsewhere.actor, organizationId: owner.organization.id })).toBeNull();
    const finance = await createStaff("FINANCE_OFFICER");
    expect(await getAttachmentForDownload({ actor: finance.actor, attachmentId })).toBeNull();
  });
});
