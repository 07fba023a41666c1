// Agreement PDFs as issued documents: stored once per version, served as
// stored, and checkable by anyone on /verify by code and by file.
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.STORAGE_DIR = `test-data/files-agreements-${process.pid}-${Date.now()}`;
});

import { pathForKey, storageRoot, withStoredFiles } from "~/domains/files/storage.server";
import { prisma } from "~/utils/db.server";
import { createNcoMember } from "../../../tests/factories";
import { createSignedAgreement } from "../../../tests/factories-grants";
import { multipartRequest } from "../../../tests/factories-organizations";
import * as pdfRoute from "../../routes/_agreements.agreements.$agreementId.pdf";
import * as verifyCode from "../../routes/_awards.verify.$code";
import * as verifyIndex from "../../routes/_awards.verify._index";
import { decideChange, requestChange } from "./agreements.server";
import { sessionCookieFor } from "../../../tests/support/session";
import { call, type Handler } from "../../../tests/support/route-call";

afterAll(() => rmSync(storageRoot(), { recursive: true, force: true }));

const BASE = "http://localhost";
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

async function download(agreementId: string, userId: string, language?: string) {
  const answer = await call(
    pdfRoute.loader as Handler,
    new Request(`${BASE}/agreements/${agreementId}/pdf${language ? `?language=${language}` : ""}`, {
      headers: { Cookie: await sessionCookieFor(userId) },
    }),
    {
      agreementId,
    },
  );
  return { status: answer.status, bytes: answer.status === 200 ? new Uint8Array(await answer.response!.arrayBuffer()) : new Uint8Array() };
}

const verifyPage = (code: string) => call(verifyCode.loader as Handler, new Request(`${BASE}/verify/${code}`), { code });
const uploadTo = (url: string, content: Uint8Array) =>
  multipartRequest(url, [{ name: "file", filename: "agreement.pdf", contentType: "application/pdf", content }]).request;

async function approveDateChange(setup: Awaited<ReturnType<typeof createSignedAgreement>>) {
  const request = await requestChange({
    actor: setup.nco.actor,
    agreementId: setup.agreement.id,
    input: { kind: "MILESTONE_DATE", milestonePosition: 2, newDueOn: "2026-06-15", justification: "Зал на ремонте" },
  });
  await decideChange({
    actor: setup.officer.actor,
    agreementId: setup.agreement.id,
    changeRequestId: request.id,
    decision: "APPROVE",
    reason: "",
  });
}

describe("agreement PDFs are stored when a version is issued", () => {
  it("the stored file's SHA-256 is the row's, and two downloads are byte-identical", async () => {
    const setup = await createSignedAgreement();
    const version = await prisma.agreementVersion.findUniqueOrThrow({
      where: { agreementId_number: { agreementId: setup.agreement.id, number: 1 } },
    });
    const agreement = await prisma.agreement.findUniqueOrThrow({ where: { id: setup.agreement.id } });
    expect(version.verificationCode).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(sha256(readFileSync(pathForKey(version.pdfStorageKey!)))).toBe(version.pdfSha256);
    expect([agreement.pdfStorageKey, agreement.pdfSha256]).toEqual([version.pdfStorageKey, version.pdfSha256]);

    const first = await download(setup.agreement.id, setup.nco.user.id);
    const second = await download(setup.agreement.id, setup.officer.user.id);
    expect(first.status).toBe(200);
    expect(Buffer.from(second.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    expect(sha256(first.bytes)).toBe(version.pdfSha256);
    // Nothing is left half-written in the incoming folder.
    expect(readdirSync(path.join(storageRoot(), ".incoming"))).toEqual([]);
  });

  it("an older agreement without a stored file gets one on first download, then keeps serving it", async () => {
    const setup = await createSignedAgreement();
    await prisma.agreementVersion.updateMany({
      where: { agreementId: setup.agreement.id },
      data: { pdfStorageKey: null, pdfSha256: null, verificationCode: null },
    });
    await prisma.agreement.update({ where: { id: setup.agreement.id }, data: { pdfStorageKey: null, pdfSha256: null } });
    const [first, second] = await Promise.all([
      download(setup.agreement.id, setup.nco.user.id),
      download(setup.agreement.id, setup.officer.user.id),
    ]);
    const third = await download(setup.agreement.id, setup.nco.user.id);
    const version = await prisma.agreementVersion.findFirstOrThrow({ where: { agreementId: setup.agreement.id } });
    expect(version.pdfSha256).not.toBeNull();
    for (const answer of [first, second, third]) expect(sha256(answer.bytes)).toBe(version.pdfSha256);
    expect((await prisma.agreement.findUniqueOrThrow({ where: { id: setup.agreement.id } })).pdfSha256).toBe(version.pdfSha256);
  });

  it("a failed write removes the file it stored", async () => {
    let key = "";
    await expect(
      withStoredFiles(async (store) => {
        key = await store(Buffer.from("%PDF-1.7 never recorded"));
        throw new Error("the transaction failed");
      }),
    ).rejects.toThrow("the transaction failed");
    expect(existsSync(pathForKey(key))).toBe(false);
  });
});

describe("public verification of agreements", () => {
  it("another organization cannot download the agreement, but anyone can verify it by code", async () => {
    const setup = await createSignedAgreement();
    const stranger = await createNcoMember("ADMIN");
    expect((await download(setup.agreement.id, stranger.user.id)).status).toBe(404);
    const { verificationCode } = await prisma.agreementVersion.findFirstOrThrow({ where: { agreementId: setup.agreement.id } });
    const page = await verifyPage(verificationCode!);
    expect(page.status).toBe(200);
    expect(page.data.letter).toBeNull();
    expect(page.data.agreement).toMatchObject({
      number: setup.agreement.number,
      version: 1,
      amountTyiyn: "10000000",
      status: "SIGNED",
      supersededBy: null,
    });
    expect(page.data.agreement.organization.nameRu).toBe(setup.nco.organization.nameRu);
    expect((await verifyPage("ZZZZ-ZZZZ-ZZZZ")).status).toBe(404);
  });

  it("a new version supersedes the old one on the verify page", async () => {
    const setup = await createSignedAgreement();
    await approveDateChange(setup);
    const [v1, v2] = await prisma.agreementVersion.findMany({ where: { agreementId: setup.agreement.id }, orderBy: { number: "asc" } });
    expect(v2!.pdfSha256).not.toBe(v1!.pdfSha256);
    expect((await prisma.agreement.findUniqueOrThrow({ where: { id: setup.agreement.id } })).pdfSha256).toBe(v2!.pdfSha256);
    const old = await verifyPage(v1!.verificationCode!);
    expect(old.data.agreement.supersededBy).toMatchObject({ number: 2, verificationCode: v2!.verificationCode });
    const current = await verifyPage(v2!.verificationCode!);
    expect(current.data.agreement).toMatchObject({ version: 2, supersededBy: null });
    expect(sha256((await download(setup.agreement.id, setup.nco.user.id)).bytes)).toBe(v2!.pdfSha256);
  });

  it("recognises an uploaded agreement PDF by its SHA-256, and not a modified one", async () => {
    const setup = await createSignedAgreement();
    const { bytes } = await download(setup.agreement.id, setup.nco.user.id);
    const { verificationCode: code } = await prisma.agreementVersion.findFirstOrThrow({ where: { agreementId: setup.agreement.id } });
    const modified = Uint8Array.from(bytes);
    modified[modified.length - 10] = modified[modified.length - 10]! ^ 0x01;

    const same = await call(verifyCode.action as Handler, uploadTo(`${BASE}/verify/${code}`, bytes), { code: code! });
    expect(same.data).toMatchObject({ match: "file", via: "file" });
    const changed = await call(verifyCode.action as Handler, uploadTo(`${BASE}/verify/${code}`, modified), { code: code! });
    expect(changed.data).toMatchObject({ match: "none", otherCode: null });

    const anywhere = await call(verifyIndex.action as Handler, uploadTo(`${BASE}/verify`, bytes), {});
    expect(anywhere.data.document).toEqual({ kind: "agreement", code, inForce: true });
    expect((await call(verifyIndex.action as Handler, uploadTo(`${BASE}/verify`, modified), {})).data.document).toBeNull();

    // After an amendment the same file is still recognised, as a superseded version.
    await approveDateChange(setup);
    expect((await call(verifyIndex.action as Handler, uploadTo(`${BASE}/verify`, bytes), {})).data.document).toEqual({
      kind: "agreement",
      code,
      inForce: false,
    });

    const byHash = await call(
      verifyCode.action as Handler,
      new Request(`${BASE}/verify/${code}`, { method: "POST", body: new URLSearchParams({ hash: sha256(bytes) }) }),
      {
        code: code!,
      },
    );
    expect(byHash.data).toMatchObject({ match: "file", via: "hash" });
  });

  it("prints the verification code and QR on the last page, also when the agreement runs over a page (PNGs kept under test-data for a look)", async () => {
    const setup = await createSignedAgreement({ milestones: 9, budgetLines: 6 });
    const { bytes } = await download(setup.agreement.id, setup.officer.user.id);
    const dir = path.join("test-data", "agreement-pdf");
    const file = path.join(dir, "agreement.pdf");
    execFileSync("mkdir", ["-p", dir]);
    writeFileSync(file, bytes);
    const text = execFileSync("pdftotext", ["-layout", file, "-"]).toString("utf8");
    const { verificationCode } = await prisma.agreementVersion.findFirstOrThrow({ where: { agreementId: setup.agreement.id } });
    const pages = text.split("\f").filter((page) => page.trim());
    expect(pages.length).toBeGreaterThan(1);
    // The binding text is the Kyrgyz one (decision 0080).
    expect(pages.at(-1)).toContain(`Текшерүү коду: ${verificationCode}`);
    expect(text).toContain(`/verify/${verificationCode}`);
    execFileSync("pdftoppm", ["-png", "-r", "60", file, path.join(dir, "page")]);
    expect(readdirSync(dir).filter((name) => name.endsWith(".png")).length).toBeGreaterThan(0);
  });

  it("is issued in Kyrgyz (binding) with a Russian parallel text, each its own file, code and hash, verifiable by anyone", async () => {
    const setup = await createSignedAgreement();
    await prisma.organization.update({
      where: { id: setup.nco.organization.id },
      data: { signatoryName: "Айгүл Осмонова", signatoryPositionKy: "Төрайым", signatoryPositionRu: "Председатель" },
    });
    await approveDateChange(setup); // version 2, drawn with the signatory
    const version = await prisma.agreementVersion.findFirstOrThrow({
      where: { agreementId: setup.agreement.id, number: 2 },
      include: { texts: true },
    });
    expect(version.textRole).toBe("BINDING");
    expect(version.texts.map((text) => [text.language, text.textRole])).toEqual([["ru", "PARALLEL"]]);
    const russian = version.texts[0]!;

    const kyrgyz = await download(setup.agreement.id, setup.nco.user.id);
    const parallel = await download(setup.agreement.id, setup.nco.user.id, "ru");
    expect(sha256(kyrgyz.bytes)).toBe(version.pdfSha256);
    expect(sha256(parallel.bytes)).toBe(russian.pdfSha256);
    const textOf = (bytes: Uint8Array, name: string) => {
      const file = path.join("test-data", `agreement-${process.pid}-${name}.pdf`);
      writeFileSync(file, bytes);
      const text = execFileSync("pdftotext", [file, "-"]).toString("utf8").replace(/\s+/g, " ");
      rmSync(file);
      return text;
    };
    // Compared without spaces and hyphens where a paragraph may wrap (pdftotext joins a word broken at a hyphen).
    const squeezed = (value: string) => value.replace(/[\s-]/g, "");
    const ky = textOf(kyrgyz.bytes, "ky");
    const ru = textOf(parallel.bytes, "ru");
    const { reference } = await prisma.call.findUniqueOrThrow({ where: { id: setup.call.id }, select: { reference: true } });
    // Each text names the other by its code, the parties' signatories, the commission decision, the general terms and the stamp.
    expect(ky).toContain("Мамлекеттик тилдеги текст, юридикалык күчкө ээ");
    expect(squeezed(ky)).toContain(squeezed(russian.verificationCode));
    expect(squeezed(ky)).toContain(squeezed("Төрайым Айгүл Осмонова"));
    expect(squeezed(ky)).toContain(squeezed(`№ ${reference}-CD`));
    expect(ky).toContain("Жалпы шарттар");
    expect(ky).toContain("М.О. (мөөрдүн орду)");
    expect(ru).toContain("Официальный параллельный текст на русском языке");
    expect(squeezed(ru)).toContain(squeezed(version.verificationCode!));
    expect(squeezed(ru)).toContain(squeezed("Председатель Айгүл Осмонова"));
    expect(squeezed(ru)).toContain(squeezed(`решения конкурсной комиссии № ${reference}-CD`));
    expect(ru).toContain("Общие условия");
    expect(ru).toContain("М.П. (место печати)");
    // Budget categories are the portal's words in each language.
    expect(ru).not.toContain("Эмгек акы");

    const page = await verifyPage(russian.verificationCode);
    expect(page.data).toMatchObject({
      agreement: {
        textLanguage: "ru",
        textRole: "PARALLEL",
        fileSha256: russian.pdfSha256,
        companions: [{ language: "ky", textRole: "BINDING", verificationCode: version.verificationCode }],
      },
    });
    const checked = await call(verifyCode.action as Handler, uploadTo(`${BASE}/verify/${russian.verificationCode}`, parallel.bytes), {
      code: russian.verificationCode,
    });
    expect(checked.data).toMatchObject({ match: "file" });
    const other = await call(verifyCode.action as Handler, uploadTo(`${BASE}/verify/${russian.verificationCode}`, kyrgyz.bytes), {
      code: russian.verificationCode,
    });
    expect(other.data).toMatchObject({ match: "none", otherCode: version.verificationCode });
  });
});
