import type { ServerBuild } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { getAgreementPdfForDownload } from "~/domains/agreements/agreement-documents.server";
import { renderLetter, type LetterFacts } from "~/domains/awards/letter-pdf.server";
import { discardUpload } from "~/domains/files/files.server";
import { readStoredBytes } from "~/domains/files/storage.server";
import { prisma } from "~/utils/db.server";
import { createStaff } from "../../../tests/factories";
import { createSignedAgreement } from "../../../tests/factories-grants";
import { SAMPLE_JPEG, samplePng } from "../../../tests/factories-logo";
import { samplePdf } from "../../../tests/factories-organizations";
import { loadBuild, postRequest, requestHandler } from "../../../tests/support/route-call";
import { MAX_LOGO_BYTES } from "./logo-rules";
import { receiveLogo, setOwnLogo } from "./logo.server";
import { sessionCookieFor } from "../../../tests/support/session";

const URL = "/admin/municipality";
let handle: ReturnType<typeof requestHandler>;
beforeAll(async () => {
  const build: ServerBuild = await loadBuild();
  handle = requestHandler(build);
});

type Staff = Awaited<ReturnType<typeof createStaff>>;

async function upload(staff: Staff, name: string, type: string, bytes: Uint8Array) {
  const form = new FormData();
  form.set("intent", "logo");
  form.set("logo", new File([new Uint8Array(bytes)], name, { type }));
  return handle(postRequest(URL, form, await sessionCookieFor(staff.user.id)));
}

async function removeLogo(staff: Staff) {
  return handle(postRequest(URL, "intent=removeLogo", await sessionCookieFor(staff.user.id), "application/x-www-form-urlencoded"));
}

const logoOf = (municipalityId: string) =>
  prisma.municipality
    .findUniqueOrThrow({ where: { id: municipalityId }, select: { logo: { select: { id: true, mediaType: true } } } })
    .then((m) => m.logo);

/** Image XObjects in a pdfkit file (its dictionaries are not compressed). */
const images = (pdf: Buffer) => pdf.toString("latin1").split("/Subtype /Image").length - 1;

describe("the municipality's logo on its settings page", () => {
  it("accepts a PNG, replaces it with a JPEG and removes it, each audited", async () => {
    const admin = await createStaff("ADMIN");
    const png = await upload(admin, "logo.png", "image/png", samplePng());
    expect([png.status, png.headers.get("Location")]).toEqual([302, "/admin/municipality?done=logo"]);
    const first = await logoOf(admin.municipalityId);
    expect(first?.mediaType).toBe("image/png");

    const jpeg = await upload(admin, "герб.jpg", "image/jpeg", SAMPLE_JPEG);
    expect(jpeg.status).toBe(302);
    const second = await logoOf(admin.municipalityId);
    expect(second?.mediaType).toBe("image/jpeg");
    expect(second?.id).not.toBe(first?.id);
    const events = await prisma.auditEvent.findMany({
      where: { entityId: admin.municipalityId, action: "municipality.logoSet" },
      orderBy: { seq: "asc" },
      select: { before: true, after: true },
    });
    expect(events).toHaveLength(2);
    expect(JSON.stringify(events[1]!.before)).toContain(first!.id);
    expect(JSON.stringify(events[1]!.after)).toContain(second!.id);

    const page = await handle(new Request(`http://localhost:3000${URL}`, { headers: { Cookie: await sessionCookieFor(admin.user.id) } }));
    expect(await page.text()).toContain("герб.jpg");

    const removed = await removeLogo(admin);
    expect([removed.status, removed.headers.get("Location")]).toEqual([302, "/admin/municipality?done=logoRemoved"]);
    expect(await logoOf(admin.municipalityId)).toBeNull();
    expect(await prisma.auditEvent.count({ where: { entityId: admin.municipalityId, action: "municipality.logoRemoved" } })).toBe(1);
  });

  it("refuses a PDF, a GIF, a renamed text file, a file over 1 MB and a PNG that cannot be drawn, keeping the logo it had", async () => {
    const admin = await createStaff("ADMIN");
    await upload(admin, "logo.png", "image/png", samplePng());
    const kept = await logoOf(admin.municipalityId);
    const gif = Buffer.from("GIF89a\x01\x00\x01\x00\x00\x00\x00;", "latin1");
    const tooBig = Buffer.concat([samplePng(), Buffer.alloc(MAX_LOGO_BYTES)]);
    const broken = samplePng(48, 24, Buffer.from("not deflate data at all"));
    const cases: [string, string, Uint8Array, number, string][] = [
      ["charter.pdf", "application/pdf", Buffer.from(samplePdf()), 415, "PNG же JPEG сүрөтү болушу керек"],
      ["logo.gif", "image/gif", gif, 415, "PNG же JPEG сүрөтү болушу керек"],
      ["notes.png", "image/png", Buffer.from("just some text, renamed"), 415, "PNG же JPEG сүрөтү болушу керек"],
      ["big.png", "image/png", tooBig, 413, "1 MB чоңураак"],
      ["broken.png", "image/png", broken, 422, "Сүрөттү окуу мүмкүн болгон жок"],
    ];
    for (const [name, type, bytes, status, message] of cases) {
      const answer = await upload(admin, name, type, bytes);
      expect([name, answer.status]).toEqual([name, status]);
      expect(await answer.text()).toContain(message);
      expect(await logoOf(admin.municipalityId)).toEqual(kept);
    }
    // The settings form's fields are untouched by any of it.
    expect(await prisma.auditEvent.count({ where: { entityId: admin.municipalityId, action: "municipality.logoSet" } })).toBe(1);
  });

  it("another municipality's administrator changes only their own; other staff may not change it", async () => {
    const mine = await createStaff("ADMIN");
    const other = await createStaff("ADMIN");
    await upload(mine, "logo.png", "image/png", samplePng());
    const kept = await logoOf(mine.municipalityId);
    expect((await upload(other, "other.jpg", "image/jpeg", SAMPLE_JPEG)).status).toBe(302);
    expect((await removeLogo(other)).status).toBe(302);
    expect(await logoOf(mine.municipalityId)).toEqual(kept);
    expect(await logoOf(other.municipalityId)).toBeNull();

    const officer = await createStaff("PROGRAMME_OFFICER", mine.municipalityId);
    expect([403, 404]).toContain((await upload(officer, "x.png", "image/png", samplePng())).status);
    expect([403, 404]).toContain((await removeLogo(officer)).status);
    expect(await logoOf(mine.municipalityId)).toEqual(kept);
  });
});

describe("the logo in the documents a municipality issues", () => {
  const facts = (logo?: Buffer): LetterFacts => ({
    language: "ru",
    verificationCode: "K7M2-9QXA-3TBD",
    verifyUrl: "https://portal.karakol.kg/verify/K7M2-9QXA-3TBD",
    issuedAt: new Date("2026-06-20T06:00:00Z"),
    municipality: { name: "Мэрия города Каракол", address: "Каракол", head: "А. Б. Исаков", headPosition: "Мэр", logo },
    award: { reference: "SZ-2026-01-001", amount: 100_000_00n, finalScore: 8433, rank: 1, decidedAt: new Date("2026-06-01T06:00:00Z") },
    organization: { name: "ОО «Балакай»", registrationNumber: "12345", tin: "02103201810123", address: "Каракол" },
    call: { reference: "SZ-2026-01", title: "Поддержка детей" },
    projectTitle: "Семейный центр",
    projectTitleIn: "ru",
    enteredIn: "ru",
    milestones: ["Открытие"],
    textRole: "PARALLEL",
    companions: [{ language: "ky", role: "BINDING", verificationCode: "R4N8-2WXC-7PQM" }],
  });

  it("draws a logo at the top of the award letter; a letter without one, or with a broken one, has only its QR code", async () => {
    const without = await renderLetter(facts());
    expect(images(without.pdf)).toBe(1);
    expect(images((await renderLetter(facts(SAMPLE_JPEG))).pdf)).toBe(2);
    // A PNG with transparency: the image and its soft mask.
    expect(images((await renderLetter(facts(samplePng()))).pdf)).toBe(3);
    const broken = await renderLetter(facts(samplePng(48, 24, Buffer.from("not deflate data"))));
    expect(images(broken.pdf)).toBe(1);
    expect(broken.contentSha256).toBe(without.contentSha256);
  });

  it("draws the municipality's logo on the agreement", async () => {
    const setup = await createSignedAgreement();
    const drawn = async () => {
      await prisma.agreementVersion.updateMany({
        where: { agreementId: setup.agreement.id },
        data: { pdfStorageKey: null, pdfSha256: null, verificationCode: null },
      });
      const file = await getAgreementPdfForDownload({ actor: setup.officer.actor, agreementId: setup.agreement.id });
      return (await readStoredBytes(file.storageKey, 20 * MAX_LOGO_BYTES))!;
    };
    const before = images(await drawn());
    const admin = await createStaff("ADMIN", setup.officer.municipalityId);
    const form = new FormData();
    form.set("logo", new File([SAMPLE_JPEG], "logo.jpg", { type: "image/jpeg" }));
    const received = await receiveLogo(new Request("http://localhost/", { method: "POST", body: form }));
    try {
      await setOwnLogo({ actor: admin.actor, file: received.files[0]! });
    } finally {
      await discardUpload(received);
    }
    expect(images(await drawn())).toBe(before + 1);
  });
});
