// Letters and agreement PDFs are read through the storage module in both
// backends (decision 0060): served byte for byte, and a row whose file is
// missing (a lost disk, another machine's disk) answers 404, never a 500.
import { logger } from "~/utils/logger.server";
import { createHash } from "node:crypto";
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.STORAGE_DIR = `test-data/files-downloads-${process.pid}-${Date.now()}`;
});

import { issueLetter } from "~/domains/awards/letters.server";
import { prisma } from "~/utils/db.server";
import { createSignedAgreement } from "../../../tests/factories-grants";
import * as agreementPdf from "../../routes/_agreements.agreements.$agreementId.pdf";
import * as letterPdf from "../../routes/_awards.awards.$awardId.letter[.]pdf";
import { removeStoredFile, storageRoot, useFileStore } from "./storage.server";
import { sessionCookieFor } from "../../../tests/support/session";

afterAll(() => {
  useFileStore(undefined);
  rmSync(storageRoot(), { recursive: true, force: true });
});

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
type Loader = (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>;

/** The loader's answer, returned or thrown, as a Response. */
async function get(loader: Loader, url: string, params: Record<string, string>, userId: string) {
  const request = new Request(`http://localhost${url}`, { headers: { Cookie: await sessionCookieFor(userId) } });
  const answer = await loader({ request, params, context: {} }).catch((thrown: unknown) => thrown);
  if (!(answer instanceof Response)) throw answer;
  return answer;
}

describe.each(["disk", "database"] as const)("downloads of letters and agreements, %s backend", (kind) => {
  beforeAll(() => useFileStore(kind));

  it("serve the stored bytes, and answer 404 when the stored file is missing", async () => {
    const setup = await createSignedAgreement();
    const letter = await issueLetter({ actor: setup.officer.actor, awardId: setup.award.id });
    const { storageKey: letterKey } = await prisma.awardLetter.findUniqueOrThrow({
      where: { id: letter.id },
      select: { storageKey: true },
    });
    const version = await prisma.agreementVersion.findFirstOrThrow({
      where: { agreementId: setup.agreement.id },
      select: { pdfStorageKey: true, pdfSha256: true },
    });
    if (kind === "database")
      expect(await prisma.fileChunk.count({ where: { storageKey: { in: [letterKey, version.pdfStorageKey!] } } })).toBeGreaterThan(1);

    const letterUrl = [letterPdf.loader as Loader, `/awards/${setup.award.id}/letter.pdf`, { awardId: setup.award.id }] as const;
    const agreementUrl = [
      agreementPdf.loader as Loader,
      `/agreements/${setup.agreement.id}/pdf`,
      { agreementId: setup.agreement.id },
    ] as const;
    for (const userId of [setup.nco.user.id, setup.officer.user.id]) {
      const letterAnswer = await get(...letterUrl, userId);
      expect(letterAnswer.status).toBe(200);
      const letterBytes = new Uint8Array(await letterAnswer.arrayBuffer());
      expect(sha256(letterBytes)).toBe(letter.sha256);
      expect(letterAnswer.headers.get("Content-Length")).toBe(String(letterBytes.length));
      const agreementAnswer = await get(...agreementUrl, userId);
      expect(agreementAnswer.status).toBe(200);
      expect(sha256(new Uint8Array(await agreementAnswer.arrayBuffer()))).toBe(version.pdfSha256);
    }

    await removeStoredFile(letterKey);
    await removeStoredFile(version.pdfStorageKey!);
    const errors = vi.spyOn(logger, "error").mockImplementation(() => {});
    try {
      for (const [loader, url, params] of [letterUrl, agreementUrl]) {
        const answer = await get(loader, url, params, setup.nco.user.id);
        expect(answer.status).toBe(404);
        expect(await answer.text()).toMatch(/missing/);
      }
      expect(errors).toHaveBeenCalledWith(expect.objectContaining({ storageKey: letterKey }), expect.stringContaining("missing"));
    } finally {
      errors.mockRestore();
    }
  }, 120_000);
});
