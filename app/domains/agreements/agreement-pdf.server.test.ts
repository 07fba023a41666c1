import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import { pathForKey } from "~/domains/files/storage.server";
import { prisma } from "~/utils/db.server";
import { acceptTrancheMilestone, createSignedAgreement } from "../../../tests/factories-grants";
import { getAgreementPdfForDownload } from "./agreement-documents.server";
import { renderProjectSummaryPdf } from "./public-projects.server";

function pdfText(pdf: Buffer) {
  const dir = mkdtempSync(path.join(tmpdir(), "agreement-"));
  const file = path.join(dir, "a.pdf");
  writeFileSync(file, pdf);
  return execFileSync("pdftotext", ["-layout", file, "-"]).toString("utf8");
}

describe("agreement PDF", () => {
  it("is in the agreement's language with the number, amount in figures and words, tranches and the recipient", async () => {
    const setup = await createSignedAgreement({ amount: 100_000_01n });
    await prisma.agreement.update({ where: { id: setup.agreement.id }, data: { language: "ky" } });
    // An agreement whose version predates stored PDFs: drawn (in its language) and stored on first download.
    await prisma.agreementVersion.updateMany({
      where: { agreementId: setup.agreement.id },
      data: { pdfStorageKey: null, pdfSha256: null, verificationCode: null },
    });
    const file = await getAgreementPdfForDownload({ actor: setup.officer.actor, agreementId: setup.agreement.id });
    const pdf = await readFile(pathForKey(file.storageKey));
    const text = pdfText(pdf);
    expect(text).toContain(`№ ${setup.agreement.number} грант келишими`);
    expect(text).toContain("100 000,01 сом");
    expect(text).toContain("Жүз миң сом 01 тыйын");
    expect(text).toContain("40 000,00 сом");
    expect(text).toContain("20 000,01 сом");
    expect(text).toContain(setup.nco.organization.nameKy);
    expect(text).toContain("ИСН");
    expect(text).toMatch(/Текшерүү коду: [A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/);
  });

  it("the public summary fits one page in Russian and in Kyrgyz", async () => {
    const setup = await createSignedAgreement();
    await acceptTrancheMilestone(setup, setup.agreement.milestones[0]!.id);
    for (const locale of ["ru", "ky"] as const) {
      const pdf = await renderProjectSummaryPdf(setup.agreement.id, locale);
      const text = pdfText(pdf);
      expect(text.split("\f").filter((page) => page.trim()).length).toBe(1);
      expect(text).toContain(locale === "ru" ? "Сводка по проекту" : "Долбоор боюнча маалымат");
      expect(text).toContain(locale === "ru" ? "Принят" : "Кабыл алынды");
    }
  });
});
