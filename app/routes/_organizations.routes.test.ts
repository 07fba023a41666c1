// Route tests for the registry, the vault and downloads: the real loaders and
// actions, called with Requests as the server would, against a real database.
import { rmSync } from "node:fs";
import { afterAll, describe, expect, it, vi } from "vitest";
import { createNcoMember, createStaff, createUser } from "../../tests/factories";
import {
  getPage,
  multipartRequest,
  officerWhereApplying,
  organizationInput,
  peakRssGrowth,
  postForm,
  samplePdf,
  SIGNATURES,
  type Part,
} from "../../tests/factories-organizations";
import { MAX_FILE_BYTES, MiB } from "~/domains/files/file-rules";
import { storageRoot } from "~/domains/files/storage.server";
import { prisma } from "~/utils/db.server";
import * as documents from "./_organizations.organizations.$organizationId.documents";
import * as edit from "./_organizations.organizations.$organizationId.edit";
import * as members from "./_organizations.organizations.$organizationId.members";
import * as profile from "./_organizations.organizations.$organizationId._index";
import * as register from "./_organizations.organizations.new";
import * as invitation from "./_organizations.organizations.invitations.$token";
import * as download from "./_files.files.$attachmentId";
import { sessionCookieFor } from "../../tests/support/session";
import { call, type Handler } from "../../tests/support/route-call";

vi.hoisted(() => {
  process.env.STORAGE_DIR = `test-data/files-routes-${process.pid}-${Date.now()}`;
});
afterAll(() => rmSync(storageRoot(), { recursive: true, force: true }));

const BASE = "http://localhost";

async function signedIn(role: "ADMIN" | "MEMBER" = "ADMIN", organizationId?: string) {
  const member = await createNcoMember(role, organizationId);
  return { ...member, cookie: await sessionCookieFor(member.user.id) };
}

const pdf = (overrides: Partial<Extract<Part, { filename: string }>> = {}): Part => ({
  name: "file",
  filename: "Устав.pdf",
  contentType: "application/pdf",
  content: samplePdf(),
  ...overrides,
});
const uploadTo = (organizationId: string, parts: Iterable<Part>, cookie: string, options: { contentLength?: number } = {}) =>
  multipartRequest(`${BASE}/organizations/${organizationId}/documents`, parts, { cookie, ...options });
const vaultFields: Part[] = [
  { name: "kind", value: "CHARTER" },
  { name: "title", value: "Устав" },
  { name: "validUntil", value: "" },
];

describe("registration route", () => {
  it("sends a visitor to sign in", async () => {
    const answer = await call(register.loader as Handler, getPage(`${BASE}/organizations/new`));
    expect(answer.status).toBe(302);
    expect(answer.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
  });

  it("answers bad input with 400 and the fields to fix, a duplicate with 409, and registers the rest", async () => {
    const user = await createUser();
    const cookie = await sessionCookieFor(user.id);
    const bad = await call(
      register.action as Handler,
      postForm(
        `${BASE}/organizations/new`,
        { ...organizationInput(), tin: "1234", bankBik: "12a", registeredOn: "2999-01-01" } as never,
        cookie,
      ),
    );
    expect(bad.status).toBe(400);
    expect(bad.data.errors).toMatchObject({
      tin: ["organizations:invalid.tin"],
      bankBik: ["organizations:invalid.bik"],
      registeredOn: ["organizations:invalid.registeredOn"],
    });
    expect(bad.data.values).toMatchObject({ bankBik: "12a" });

    const input = organizationInput();
    const ok = await call(register.action as Handler, postForm(`${BASE}/organizations/new`, input as never, cookie));
    expect(ok.status).toBe(302);
    expect(ok.headers.get("Location")).toMatch(/^\/organizations\/[a-z0-9]+\?done=registered$/);

    const other = await sessionCookieFor((await createUser()).id);
    const duplicate = await call(
      register.action as Handler,
      postForm(`${BASE}/organizations/new`, { ...organizationInput(), tin: input.tin } as never, other),
    );
    expect(duplicate.status).toBe(409);
    expect(duplicate.data.formError).toBe("organizations:errors.duplicateTin");
  });
});

describe("profile, edit, members: authorization and bad input", () => {
  it("another NCO's organization is 404 everywhere; a member who is not admin gets 403 on edit", async () => {
    const mine = await signedIn();
    const theirs = await signedIn();
    const params = { organizationId: theirs.organization.id };
    expect(
      (await call(profile.loader as Handler, getPage(`${BASE}/organizations/${theirs.organization.id}`, mine.cookie), params)).status,
    ).toBe(404);
    expect(
      (await call(documents.loader as Handler, getPage(`${BASE}/organizations/${theirs.organization.id}/documents`, mine.cookie), params))
        .status,
    ).toBe(404);
    expect((await call(members.loader as Handler, getPage(`${BASE}/x`, mine.cookie), params)).status).toBe(404);
    expect((await call(edit.loader as Handler, getPage(`${BASE}/x`, mine.cookie), params)).status).toBe(404);
    expect((await call(edit.action as Handler, postForm(`${BASE}/x`, organizationInput() as never, mine.cookie), params)).status).toBe(404);
    expect(
      (
        await call(
          members.action as Handler,
          postForm(`${BASE}/x`, { intent: "invite", email: "a@example.kg", role: "MEMBER" }, mine.cookie),
          params,
        )
      ).status,
    ).toBe(404);

    const colleague = await signedIn("MEMBER", mine.organization.id);
    expect(
      (await call(edit.loader as Handler, getPage(`${BASE}/x`, colleague.cookie), { organizationId: mine.organization.id })).status,
    ).toBe(403);
  });

  it("only an officer decides; a too-short reason is 400; a decision redirects", async () => {
    const nco = await signedIn();
    const params = { organizationId: nco.organization.id };
    expect((await call(profile.action as Handler, postForm(`${BASE}/x`, { intent: "verify" }, nco.cookie), params)).status).toBe(403);
    // Another municipality's officer: 404 (decision 0048).
    const elsewhere = await sessionCookieFor((await createStaff("PROGRAMME_OFFICER")).user.id);
    expect(
      (
        await call(
          profile.action as Handler,
          postForm(`${BASE}/x`, { intent: "return", note: "The charter is not signed." }, elsewhere),
          params,
        )
      ).status,
    ).toBe(404);
    expect((await call(profile.loader as Handler, getPage(`${BASE}/x`, elsewhere), params)).status).toBe(404);
    const officer = await officerWhereApplying(nco.organization.id, nco.user.id);
    const cookie = await sessionCookieFor(officer.user.id);
    const short = await call(profile.action as Handler, postForm(`${BASE}/x`, { intent: "return", note: "bad" }, cookie), params);
    expect(short.status).toBe(400);
    expect(short.data.errors).toMatchObject({ note: ["organizations:invalid.reason"] });
    expect((await call(profile.action as Handler, postForm(`${BASE}/x`, { intent: "nonsense" }, cookie), params)).status).toBe(400);
    const returned = await call(
      profile.action as Handler,
      postForm(`${BASE}/x`, { intent: "return", note: "The charter is not signed." }, cookie),
      params,
    );
    expect(returned.status).toBe(302);
    // Returned already: returning again is a translated conflict, not a 500.
    const again = await call(
      profile.action as Handler,
      postForm(`${BASE}/x`, { intent: "return", note: "The charter is not signed." }, cookie),
      params,
    );
    expect(again.status).toBe(409);
    expect(again.data.formError).toBe("organizations:errors.cannotReturn");
  });

  it("an invitation with a bad email is 400; an unknown invitation token is 404", async () => {
    const nco = await signedIn();
    const bad = await call(
      members.action as Handler,
      postForm(`${BASE}/x`, { intent: "invite", email: "not-an-email", role: "MEMBER" }, nco.cookie),
      { organizationId: nco.organization.id },
    );
    expect(bad.status).toBe(400);
    expect(bad.data.errors).toMatchObject({ email: ["email"] });
    const unknown = await call(invitation.loader as Handler, getPage(`${BASE}/organizations/invitations/nope`, nco.cookie), {
      token: "nope",
    });
    expect(unknown.status).toBe(404);
    const accept = await call(invitation.action as Handler, postForm(`${BASE}/organizations/invitations/nope`, {}, nco.cookie), {
      token: "nope",
    });
    expect(accept.status).toBe(400);
  });
});

describe("vault upload route", () => {
  it("stores a charter and serves it back only to those allowed, with safe headers", async () => {
    const nco = await signedIn("MEMBER");
    const content = samplePdf("Charter");
    const { request } = uploadTo(nco.organization.id, [...vaultFields, pdf({ content })], nco.cookie);
    const answer = await call(documents.action as Handler, request, { organizationId: nco.organization.id });
    expect(answer.status).toBe(302);
    expect(answer.headers.get("Location")).toBe(`/organizations/${nco.organization.id}/documents?done=uploaded`);
    const stored = await prisma.storedDocument.findFirstOrThrow({
      where: { organizationId: nco.organization.id },
      include: { attachment: true },
    });

    const file = await call(download.loader as Handler, getPage(`${BASE}/files/${stored.attachmentId}`, nco.cookie), {
      attachmentId: stored.attachmentId,
    });
    expect(file.status).toBe(200);
    expect(file.headers.get("Content-Type")).toBe("application/pdf");
    expect(file.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(file.headers.get("Content-Disposition")).toBe(
      `attachment; filename="_____.pdf"; filename*=UTF-8''%D0%A3%D1%81%D1%82%D0%B0%D0%B2.pdf`,
    );
    expect(Buffer.from(await file.response!.arrayBuffer())).toEqual(Buffer.from(content));

    const other = await signedIn();
    expect(
      (
        await call(download.loader as Handler, getPage(`${BASE}/files/${stored.attachmentId}`, other.cookie), {
          attachmentId: stored.attachmentId,
        })
      ).status,
    ).toBe(404);
    expect(
      (await call(download.loader as Handler, getPage(`${BASE}/files/${stored.attachmentId}`), { attachmentId: stored.attachmentId }))
        .status,
    ).toBe(302);
    expect(
      (await call(download.loader as Handler, getPage(`${BASE}/files/../../etc/passwd`, nco.cookie), { attachmentId: "../../etc/passwd" }))
        .status,
    ).toBe(404);
    const officer = await officerWhereApplying(nco.organization.id, nco.user.id);
    expect(
      (
        await call(download.loader as Handler, getPage(`${BASE}/files/x`, await sessionCookieFor(officer.user.id)), {
          attachmentId: stored.attachmentId,
        })
      ).status,
    ).toBe(200);
    const elsewhere = await createStaff("PROGRAMME_OFFICER");
    expect(
      (
        await call(download.loader as Handler, getPage(`${BASE}/files/x`, await sessionCookieFor(elsewhere.user.id)), {
          attachmentId: stored.attachmentId,
        })
      ).status,
    ).toBe(404);

    // Archive through the same route; another NCO cannot.
    expect(
      (
        await call(documents.action as Handler, postForm(`${BASE}/x`, { id: stored.id }, other.cookie), {
          organizationId: nco.organization.id,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call(documents.action as Handler, postForm(`${BASE}/x`, { id: stored.id }, other.cookie), {
          organizationId: other.organization.id,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call(documents.action as Handler, postForm(`${BASE}/x`, { id: stored.id }, nco.cookie), {
          organizationId: nco.organization.id,
        })
      ).status,
    ).toBe(302);
  });

  it("refuses another NCO's vault before reading the body", async () => {
    const mine = await signedIn();
    const theirs = await signedIn();
    const { request, pulled } = uploadTo(theirs.organization.id, [...vaultFields, pdf()], mine.cookie);
    expect((await call(documents.action as Handler, request, { organizationId: theirs.organization.id })).status).toBe(404);
    expect(pulled()).toBe(0);
    const officer = await createStaff("PROGRAMME_OFFICER");
    const byOfficer = uploadTo(theirs.organization.id, [...vaultFields, pdf()], await sessionCookieFor(officer.user.id));
    expect((await call(documents.action as Handler, byOfficer.request, { organizationId: theirs.organization.id })).status).toBe(403);
    expect(await prisma.attachment.count({ where: { organizationId: theirs.organization.id } })).toBe(0);
  });

  it("answers each hostile upload with a translated 4xx and keeps nothing", async () => {
    const nco = await signedIn();
    const params = { organizationId: nco.organization.id };
    const cases: [string, Part[], number, string][] = [
      ["10 MB + 1 byte", [...vaultFields, pdf({ content: { head: SIGNATURES.pdf, size: MAX_FILE_BYTES + 1 } })], 413, "files:tooLarge"],
      [
        "an .exe renamed .pdf",
        [...vaultFields, pdf({ filename: "setup.pdf", content: { head: SIGNATURES.exe, size: 50_000 } })],
        415,
        "files:contentMismatch",
      ],
      [
        "an .exe",
        [
          ...vaultFields,
          pdf({ filename: "setup.exe", contentType: "application/x-msdownload", content: { head: SIGNATURES.exe, size: 50_000 } }),
        ],
        415,
        "files:typeNotAllowed",
      ],
      ["../../etc/passwd", [...vaultFields, pdf({ filename: "../../etc/passwd" })], 415, "files:typeNotAllowed"],
      ["two files", [...vaultFields, pdf(), pdf({ filename: "b.pdf" })], 413, "files:tooManyParts"],
      ["a truncated body", [...vaultFields, pdf()], 400, "files:malformed"],
    ];
    for (const [name, parts, status, code] of cases) {
      const { request } = multipartRequest(`${BASE}/x`, parts, { cookie: nco.cookie, close: name !== "a truncated body" });
      const answer = await call(documents.action as Handler, request, params);
      expect({ name, status: answer.status, code: answer.data?.formError }).toEqual({ name, status, code });
      if (status !== 400) expect(answer.data.values).toMatchObject({ title: "Устав" });
    }
    const missing = await call(documents.action as Handler, uploadTo(nco.organization.id, vaultFields, nco.cookie).request, params);
    expect(missing.status).toBe(400);
    expect(missing.data.errors).toMatchObject({ file: ["files:missingFile"] });
    const noTitle = await call(
      documents.action as Handler,
      uploadTo(nco.organization.id, [{ name: "kind", value: "CHARTER" }, pdf()], nco.cookie).request,
      params,
    );
    expect(noTitle.status).toBe(400);
    expect(await prisma.attachment.count({ where: { organizationId: nco.organization.id } })).toBe(0);
  });

  it("keeps a 300-byte Cyrillic name for display only", async () => {
    const nco = await signedIn();
    const name = `${"Свидетельство о государственной регистрации ".repeat(4)}.pdf`;
    const { request } = uploadTo(nco.organization.id, [...vaultFields, pdf({ filename: name })], nco.cookie);
    expect((await call(documents.action as Handler, request, { organizationId: nco.organization.id })).status).toBe(302);
    const attachment = await prisma.attachment.findFirstOrThrow({ where: { organizationId: nco.organization.id } });
    expect(Buffer.byteLength(attachment.originalName)).toBeLessThanOrEqual(255);
    expect(attachment.originalName.endsWith(".pdf")).toBe(true);
    expect(attachment.storageKey).toMatch(/^[0-9a-f]{32}$/);
  });

  it("stops reading a 1 GB chunked upload early, answers 413 with Connection: close, memory bounded", async () => {
    const nco = await signedIn();
    let pulled = 0;
    const { result, growth } = await peakRssGrowth(async () => {
      const upload = uploadTo(
        nco.organization.id,
        [...vaultFields, pdf({ content: { head: SIGNATURES.pdf, size: 1024 * MiB } })],
        nco.cookie,
      );
      try {
        return await call(documents.action as Handler, upload.request, { organizationId: nco.organization.id });
      } finally {
        pulled = upload.pulled();
      }
    });
    const answer = result as Awaited<ReturnType<typeof call>>;
    expect(answer.status).toBe(413);
    expect(answer.data.formError).toBe("files:tooLarge");
    expect(answer.headers.get("Connection")).toBe("close");
    expect(pulled).toBeLessThan(64 * MiB);
    expect(growth).toBeLessThan(64 * MiB);
    console.info(`route, 1 GB chunked: read ${(pulled / MiB).toFixed(1)} MiB, peak RSS growth ${(growth / MiB).toFixed(1)} MiB`);
  });

  it("refuses 10,000 tiny parts with 413", async () => {
    const nco = await signedIn();
    function* parts(): Generator<Part> {
      for (let i = 0; i < 10_000; i++) yield { name: `p${i}`, value: "x" };
    }
    const { request, pulled } = uploadTo(nco.organization.id, parts(), nco.cookie);
    const answer = await call(documents.action as Handler, request, { organizationId: nco.organization.id });
    expect(answer.status).toBe(413);
    expect(answer.data.formError).toBe("files:tooManyParts");
    expect(pulled()).toBeLessThan(2 * MiB);
  });
});
