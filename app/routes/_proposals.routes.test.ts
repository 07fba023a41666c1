// The proposal routes called as the server calls them: status codes,
// redirects, what reaches the database, and that nothing answers 500.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.STORAGE_DIR = `test-data/files-proposals-${process.pid}-${Date.now()}`;
});

import { prisma } from "~/utils/db.server";
import { createNcoMember, createStaff } from "../../tests/factories";
import { multipartRequest, samplePdf } from "../../tests/factories-organizations";
import { createCompleteProposal, createOpenCall, newKey } from "../../tests/factories-proposals";
import { buildRequest, call, type CallOptions } from "../../tests/support/route-call";
import * as startRoute from "./_proposals.calls.$callId.proposals.new";
import * as paperRoute from "./_proposals.officer.paper-intake";
import * as sectionRoute from "./_proposals.proposals.$proposalId.$section/route";
import * as overviewRoute from "./_proposals.proposals.$proposalId._index";
import * as pdfRoute from "./_proposals.proposals.$proposalId.receipts.$number.pdf";
import * as receiptRoute from "./_proposals.proposals.$proposalId.receipts.$number";
import { sessionCookieFor } from "../../tests/support/session";

type Handler = Parameters<typeof call>[0];
const post = (handler: unknown, options: CallOptions) => call(handler as Handler, { method: "POST", ...options });
const get = (handler: unknown, options: CallOptions) => call(handler as Handler, { method: "GET", ...options });

afterAll(() => rmSync(process.env.STORAGE_DIR!, { recursive: true, force: true }));

async function owner(options: Parameters<typeof createOpenCall>[0] = {}) {
  const callRow = await createOpenCall(options);
  const nco = await createNcoMember();
  const cookie = await sessionCookieFor(nco.user.id);
  return { call: callRow, nco, cookie };
}

describe("starting a proposal", () => {
  it("starts a draft and sends the person to its first section; the call's limit answers 409", async () => {
    const { call: c, nco, cookie } = await owner({ maxProposalsPerOrganization: 1 });
    const form = { organizationId: nco.organization.id };
    const first = await post(startRoute.action, { path: `/calls/${c.id}/proposals/new`, params: { callId: c.id }, form, cookie });
    expect(first.status).toBe(302);
    expect(first.location).toMatch(/^\/proposals\/[^/]+\/summary$/);
    const second = await post(startRoute.action, { path: `/calls/${c.id}/proposals/new`, params: { callId: c.id }, form, cookie });
    expect(second.status).toBe(409);
    expect(second.data).toMatchObject({ formError: "proposals:errors.limitReached", formParams: { limit: 1 } });
    const page = await get(startRoute.loader, { path: `/calls/${c.id}/proposals/new`, params: { callId: c.id }, cookie });
    expect(page.status).toBe(200);
    expect(page.data.options.organizations[0].proposals).toHaveLength(1);
  });

  it("answers 404 for an unknown call and sends a visitor to sign in", async () => {
    const { cookie } = await owner();
    expect((await get(startRoute.loader, { path: "/calls/nope/proposals/new", params: { callId: "nope" }, cookie })).status).toBe(404);
    const visitor = await get(startRoute.loader, { path: "/calls/x/proposals/new", params: { callId: "x" } });
    expect(visitor.status).toBe(302);
    expect(visitor.location).toBe("/login?redirectTo=%2Fcalls%2Fx%2Fproposals%2Fnew&reason=startProposal");
  });
});

describe("saving a section without JavaScript", () => {
  it("saves and moves on, and ignores posted fields that are not the section's", async () => {
    const { call: c, nco, cookie } = await owner();
    const stranger = await createNcoMember();
    const proposal = await createCompleteProposal({ callId: c.id, organizationId: nco.organization.id, createdById: nco.user.id });
    const answer = await post(sectionRoute.action, {
      path: `/proposals/${proposal.id}/summary`,
      params: { proposalId: proposal.id, section: "summary" },
      cookie,
      form: {
        intent: "next",
        title: "Жаңы аталыш",
        summary: "Кыскача",
        language: "ru",
        status: "SUBMITTED",
        organizationId: stranger.organization.id,
        requestedTotal: "999999999",
        reference: "HACKED",
        enteredById: nco.user.id,
      },
    });
    expect(answer.status).toBe(302);
    expect(answer.location).toBe(`/proposals/${proposal.id}/problem`);
    const row = await prisma.proposal.findUniqueOrThrow({ where: { id: proposal.id } });
    expect(row).toMatchObject({
      title: "Жаңы аталыш",
      language: "ru",
      status: "DRAFT",
      organizationId: nco.organization.id,
      requestedTotal: 500_000n,
      reference: proposal.reference,
      enteredById: null,
    });
  });

  it("sends the errors back by row and field with everything typed, and keeps the saved budget (400)", async () => {
    const { call: c, nco, cookie } = await owner();
    const proposal = await createCompleteProposal({ callId: c.id, organizationId: nco.organization.id, createdById: nco.user.id });
    const form = {
      intent: "save",
      "lines.0.category": "STAFF",
      "lines.0.description": "Психолог",
      "lines.0.unit": "ай",
      "lines.0.quantity": "6",
      "lines.0.unitCost": "10 000",
      "lines.0.cofinancing": "",
      "lines.0.requested": "",
      "lines.1.category": "",
      "lines.1.description": "",
      "lines.1.unit": "",
      "lines.1.quantity": "",
      "lines.1.unitCost": "",
      "lines.2.category": "RENT",
      "lines.2.description": "Бөлмө",
      "lines.2.unit": "ай",
      "lines.2.quantity": "2,5,5",
      "lines.2.unitCost": "1 500,505",
      requestedTotal: "1",
    };
    const answer = await post(sectionRoute.action, {
      path: `/proposals/${proposal.id}/budget`,
      params: { proposalId: proposal.id, section: "budget" },
      cookie,
      form,
    });
    expect(answer.status).toBe(400);
    expect(answer.data.errors).toEqual({
      "lines.2.quantity": ["proposals:validation.quantity"],
      "lines.2.unitCost": ["proposals:validation.money"],
    });
    expect(answer.data.values).toMatchObject({ "lines.2.unitCost": "1 500,505", "lines.0.description": "Психолог" });
    expect(answer.data.formError).toBe("proposals:errors.fixFields");
    expect((await prisma.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).requestedTotal).toBe(500_000n);

    const fixed = await post(sectionRoute.action, {
      path: `/proposals/${proposal.id}/budget`,
      params: { proposalId: proposal.id, section: "budget" },
      cookie,
      form: { ...form, "lines.2.quantity": "2,5", "lines.2.unitCost": "1\u00a0500,50" },
    });
    expect(fixed.status).toBe(302);
    expect((await prisma.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).requestedTotal).toBe(6_000_000n + 375_125n);
  });

  it("autosaves with an answer instead of a redirect", async () => {
    const { call: c, nco, cookie } = await owner();
    const proposal = await createCompleteProposal({ callId: c.id, organizationId: nco.organization.id, createdById: nco.user.id });
    const answer = await post(sectionRoute.action, {
      path: `/proposals/${proposal.id}/team`,
      params: { proposalId: proposal.id, section: "team" },
      cookie,
      form: { intent: "autosave", team: "Жаңы команда" },
    });
    expect(answer.status).toBe(200);
    expect(answer.data).toMatchObject({ saved: true });
    expect((await prisma.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).team).toBe("Жаңы команда");
  });

  it("uploads a document for a required kind through the files module", async () => {
    const { call: c, nco, cookie } = await owner({ requiredDocuments: ["CHARTER"] });
    const proposal = await createCompleteProposal({ callId: c.id, organizationId: nco.organization.id, createdById: nco.user.id });
    const { request } = multipartRequest(
      `http://localhost:3000/proposals/${proposal.id}/documents`,
      [
        { name: "intent", value: "upload" },
        { name: "kind", value: "TAX_CLEARANCE" },
        { name: "file", filename: "справка.pdf", contentType: "application/pdf", content: samplePdf("Tax") },
      ],
      { cookie },
    );
    const answer = await sectionRoute
      .action({ request, params: { proposalId: proposal.id, section: "documents" }, context: { cspNonce: "" } } as never)
      .catch((e: unknown) => e);
    expect(answer).toBeInstanceOf(Response);
    expect((answer as Response).headers.get("Location")).toBe(`/proposals/${proposal.id}/documents?done=uploaded`);
    const link = await prisma.proposalAttachment.findFirstOrThrow({
      where: { proposalId: proposal.id, kind: "TAX_CLEARANCE" },
      include: { attachment: true },
    });
    expect(link.attachment).toMatchObject({
      originalName: "справка.pdf",
      mediaType: "application/pdf",
      organizationId: nco.organization.id,
    });

    const exe = multipartRequest(
      `http://localhost:3000/proposals/${proposal.id}/documents`,
      [
        { name: "kind", value: "OTHER" },
        {
          name: "file",
          filename: "virus.pdf",
          contentType: "application/pdf",
          content: Uint8Array.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4]),
        },
      ],
      { cookie },
    );
    const refused = await call(((args: never) => sectionRoute.action({ ...(args as object), request: exe.request } as never)) as Handler, {
      path: "/",
      params: { proposalId: proposal.id, section: "documents" },
    });
    expect(refused.status).toBe(415);
    expect(refused.data.formError).toBe("files:contentMismatch");
  });

  it("answers 404 for an unknown section and for an unknown intent 400", async () => {
    const { call: c, nco, cookie } = await owner();
    const proposal = await createCompleteProposal({ callId: c.id, organizationId: nco.organization.id, createdById: nco.user.id });
    expect((await get(sectionRoute.loader, { path: "/", params: { proposalId: proposal.id, section: "secret" }, cookie })).status).toBe(
      404,
    );
    expect(
      (
        await post(sectionRoute.action, {
          path: "/",
          params: { proposalId: proposal.id, section: "team" },
          cookie,
          form: { intent: "explode" },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await post(overviewRoute.action, {
          path: "/",
          params: { proposalId: proposal.id },
          cookie,
          form: { intent: "submit", idempotencyKey: "x" },
        })
      ).status,
    ).toBe(400);
  });
});

describe("another NCO", () => {
  it("gets 404 for the drafts, proposals and receipts of others, and changes nothing", async () => {
    const { call: c, nco, cookie } = await owner();
    const proposal = await createCompleteProposal({ callId: c.id, organizationId: nco.organization.id, createdById: nco.user.id });
    const submitted = await post(overviewRoute.action, {
      path: "/",
      params: { proposalId: proposal.id },
      cookie,
      form: { intent: "submit", idempotencyKey: newKey() },
    });
    expect(submitted.status).toBe(302);
    const stranger = await createNcoMember();
    const theirs = await sessionCookieFor(stranger.user.id);
    const params = { proposalId: proposal.id };
    const answers = [
      await get(overviewRoute.loader, { path: "/", params, cookie: theirs }),
      await get(sectionRoute.loader, { path: "/", params: { ...params, section: "summary" }, cookie: theirs }),
      await get(receiptRoute.loader, { path: "/", params: { ...params, number: "1" }, cookie: theirs }),
      await get(pdfRoute.loader, { path: "/", params: { ...params, number: "1" }, cookie: theirs }),
      await post(sectionRoute.action, {
        path: "/",
        params: { ...params, section: "problem" },
        cookie: theirs,
        form: { intent: "save", problem: "чужой" },
      }),
      await post(overviewRoute.action, { path: "/", params, cookie: theirs, form: { intent: "withdraw" } }),
      await post(overviewRoute.action, { path: "/", params, cookie: theirs, form: { intent: "submit", idempotencyKey: newKey() } }),
      await post(overviewRoute.action, { path: "/", params, cookie: theirs, form: { intent: "discard", confirm: "yes" } }),
    ];
    expect(answers.map((a) => a.status)).toEqual([404, 404, 404, 404, 404, 404, 404, 404]);
    const row = await prisma.proposal.findUniqueOrThrow({ where: { id: proposal.id } });
    expect(row).toMatchObject({ status: "SUBMITTED", problem: proposal.problem });
    expect(await prisma.proposalVersion.count({ where: { proposalId: proposal.id } })).toBe(1);
  });
});

describe("submitting through the page", () => {
  it("redirects to the receipt, and a retry of the same form returns the same receipt", async () => {
    const { call: c, nco, cookie } = await owner();
    const proposal = await createCompleteProposal({ callId: c.id, organizationId: nco.organization.id, createdById: nco.user.id });
    const page = await get(overviewRoute.loader, { path: "/", params: { proposalId: proposal.id }, cookie });
    const key = page.data.idempotencyKey as string;
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    const form = { intent: "submit", idempotencyKey: key, status: "AWARDED" };
    const first = await post(overviewRoute.action, { path: "/", params: { proposalId: proposal.id }, cookie, form });
    const retry = await post(overviewRoute.action, { path: "/", params: { proposalId: proposal.id }, cookie, form });
    expect(first.status).toBe(302);
    expect(first.location).toBe(`/proposals/${proposal.id}/receipts/1`);
    expect(retry.location).toBe(first.location);
    expect(await prisma.proposalVersion.count({ where: { proposalId: proposal.id } })).toBe(1);
    expect((await prisma.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).status).toBe("SUBMITTED");

    const receipt = await get(receiptRoute.loader, { path: "/", params: { proposalId: proposal.id, number: "1" }, cookie });
    expect(receipt.status).toBe(200);
    expect(receipt.data.receipt).toMatchObject({ receiptNumber: `${proposal.reference}-01`, verified: true });
  });

  it("refuses a late submission with a translated 409, records it, and serves the receipt PDF in the reader's language", async () => {
    const { call: c, nco, cookie } = await owner();
    const proposal = await createCompleteProposal({ callId: c.id, organizationId: nco.organization.id, createdById: nco.user.id });
    await post(overviewRoute.action, {
      path: "/",
      params: { proposalId: proposal.id },
      cookie,
      form: { intent: "submit", idempotencyKey: newKey() },
    });
    await prisma.call.update({ where: { id: c.id }, data: { submissionDeadline: new Date(Date.now() - 1000) } });
    const late = await post(overviewRoute.action, {
      path: "/",
      params: { proposalId: proposal.id },
      cookie,
      form: { intent: "submit", idempotencyKey: newKey() },
    });
    expect(late.status).toBe(409);
    expect(late.data.formError).toBe("proposals:errors.late");
    expect(await prisma.auditEvent.count({ where: { entityId: proposal.id, action: "proposal.submission.rejected" } })).toBe(1);
    const save = await post(sectionRoute.action, {
      path: "/",
      params: { proposalId: proposal.id, section: "team" },
      cookie,
      form: { intent: "save", team: "x" },
    });
    expect(save.status).toBe(409);
    expect(save.data.formError).toBe("proposals:errors.deadlinePassed");

    await prisma.user.update({ where: { id: nco.user.id }, data: { locale: "ky" } });
    const pdf = await get(pdfRoute.loader, { path: "/", params: { proposalId: proposal.id, number: "1" }, cookie });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("Content-Type")).toBe("application/pdf");
    expect(pdf.headers.get("Content-Disposition")).toMatch(/^attachment; filename="receipt-/);
    const raw = await pdfRoute.loader({
      request: new Request("http://localhost/x", { headers: { Cookie: cookie } }),
      params: { proposalId: proposal.id, number: "1" },
      context: {},
    } as never);
    const dir = mkdtempSync(path.join(os.tmpdir(), "receipt-"));
    writeFileSync(path.join(dir, "r.pdf"), Buffer.from(await (raw as Response).arrayBuffer()));
    const text = execFileSync("pdftotext", ["-layout", path.join(dir, "r.pdf"), "-"], { encoding: "utf8" });
    rmSync(dir, { recursive: true, force: true });
    const version = await prisma.proposalVersion.findFirstOrThrow({ where: { proposalId: proposal.id } });
    expect(text).toContain(version.receiptNumber);
    expect(text).toContain(version.contentSha256);
    expect(text).toContain("Табыштаманы кабыл алуу жөнүндө тил кат");
    expect(text).toContain("5 000,00 сом");
    expect(text).toContain(nco.organization.nameKy);
  });
});

describe("paper intake", () => {
  it("lets an officer register a paper proposal with a scan and sends them to its receipt; an NCO gets 403", async () => {
    const c = await createOpenCall();
    const nco = await createNcoMember();
    const officer = await createStaff("PROGRAMME_OFFICER", c.municipalityId);
    const cookie = await sessionCookieFor(officer.user.id);
    const fields = {
      callId: c.id,
      organizationId: nco.organization.id,
      language: "ru",
      title: "Бумажная",
      summary: "Принята",
      beneficiaries: "40",
      requested: "8 000",
      cofinancing: "",
      pages: "12",
      idempotencyKey: newKey(),
    };
    const { request } = multipartRequest(
      "http://localhost:3000/officer/paper-intake",
      [
        ...Object.entries(fields).map(([name, value]) => ({ name, value })),
        { name: "scans", filename: "скан.pdf", contentType: "application/pdf", content: samplePdf("Scan") },
      ],
      { cookie },
    );
    const answer = await paperRoute.action({ request, params: {}, context: { cspNonce: "" } } as never).catch((e: unknown) => e);
    expect(answer).toBeInstanceOf(Response);
    expect((answer as Response).headers.get("Location")).toMatch(/^\/proposals\/[^/]+\/receipts\/1$/);
    const proposal = await prisma.proposal.findFirstOrThrow({
      where: { callId: c.id },
      include: { attachments: { include: { attachment: true } } },
    });
    expect(proposal).toMatchObject({ intake: "PAPER", enteredById: officer.user.id, requestedTotal: 800_000n });
    expect(proposal.attachments[0]!.attachment).toMatchObject({ originalName: "скан.pdf", organizationId: nco.organization.id });

    const ncoCookie = await sessionCookieFor(nco.user.id);
    expect((await get(paperRoute.loader, { path: "/officer/paper-intake", cookie: ncoCookie })).status).toBe(403);
    const invalid = multipartRequest(
      "http://localhost:3000/officer/paper-intake",
      Object.entries({ ...fields, requested: "abc", idempotencyKey: newKey() }).map(([name, value]) => ({ name, value })),
      { cookie },
    );
    const bad = await call(((args: never) => paperRoute.action({ ...(args as object), request: invalid.request } as never)) as Handler, {
      path: "/",
    });
    expect(bad.status).toBe(400);
    expect(bad.data.errors).toEqual({ requested: ["proposals:validation.money"] });
  });
});

describe("a second municipality's staff", () => {
  it("reads neither the proposal nor its receipt (HTML and PDF) of another municipality's call, and cannot register paper into it", async () => {
    const { call: c, nco, cookie } = await owner();
    const proposal = await createCompleteProposal({ callId: c.id, organizationId: nco.organization.id, createdById: nco.user.id });
    expect(
      (
        await post(overviewRoute.action, {
          path: "/",
          params: { proposalId: proposal.id },
          cookie,
          form: { intent: "submit", idempotencyKey: newKey() },
        })
      ).status,
    ).toBe(302);
    const params = { proposalId: proposal.id, number: "1" };
    const home = await sessionCookieFor((await createStaff("PROGRAMME_OFFICER", c.municipalityId)).user.id);
    expect((await get(receiptRoute.loader, { path: "/", params, cookie: home })).status).toBe(200);
    expect((await get(pdfRoute.loader, { path: "/", params, cookie: home })).status).toBe(200);
    expect((await get(overviewRoute.loader, { path: "/", params: { proposalId: proposal.id }, cookie: home })).status).toBe(200);

    const foreignOfficer = await createStaff("PROGRAMME_OFFICER");
    const foreign = await sessionCookieFor(foreignOfficer.user.id);
    expect((await get(receiptRoute.loader, { path: "/", params, cookie: foreign })).status).toBe(404);
    expect((await get(pdfRoute.loader, { path: "/", params, cookie: foreign })).status).toBe(404);
    expect((await get(overviewRoute.loader, { path: "/", params: { proposalId: proposal.id }, cookie: foreign })).status).toBe(404);

    const other = await createNcoMember();
    const fields = {
      callId: c.id,
      organizationId: other.organization.id,
      language: "ru",
      title: "Чужая",
      summary: "Нет",
      beneficiaries: "4",
      requested: "8 000",
      cofinancing: "",
      pages: "1",
      idempotencyKey: newKey(),
    };
    const intake = multipartRequest(
      "http://localhost:3000/officer/paper-intake",
      Object.entries(fields).map(([name, value]) => ({ name, value })),
      { cookie: foreign },
    );
    const refused = await call(((args: never) => paperRoute.action({ ...(args as object), request: intake.request } as never)) as Handler, {
      path: "/",
    });
    expect(refused.status).toBe(404);
    expect(await prisma.proposal.count({ where: { callId: c.id, organizationId: other.organization.id } })).toBe(0);
    const page = await get(paperRoute.loader, { path: "/officer/paper-intake", cookie: foreign });
    expect(page.status).toBe(200);
    expect(page.data.calls.map((x: { id: string }) => x.id)).not.toContain(c.id);
  });
});

describe("a save that lost its fields (issue 17 item 11)", () => {
  it("refuses a post with none of the section's fields (400, translated), and changes only the fields sent", async () => {
    const { call: c, nco, cookie } = await owner();
    const proposal = await createCompleteProposal({ callId: c.id, organizationId: nco.organization.id, createdById: nco.user.id });
    const at = (section: string) => ({
      path: `/proposals/${proposal.id}/${section}`,
      params: { proposalId: proposal.id, section },
      cookie,
    });
    for (const section of ["summary", "problem", "work-plan", "budget", "team"]) {
      const empty = await post(sectionRoute.action, { ...at(section), form: { intent: "save" } });
      expect(empty.status).toBe(400);
      expect(empty.data.formError).toBe("proposals:errors.nothingSent");
    }
    expect((await post(sectionRoute.action, { ...at("team"), form: {} })).status).toBe(400);
    // Only the title was sent: the summary and language stay as they were; milestones stay when only activities arrive.
    expect((await post(sectionRoute.action, { ...at("summary"), form: { intent: "save", title: "Жаңы" } })).status).toBe(302);
    expect((await post(sectionRoute.action, { ...at("work-plan"), form: { intent: "save", activities: "Жаңы иш-чаралар" } })).status).toBe(
      302,
    );
    const row = await prisma.proposal.findUniqueOrThrow({ where: { id: proposal.id }, include: { milestones: true, budgetLines: true } });
    expect(row).toMatchObject({
      title: "Жаңы",
      summary: proposal.summary,
      language: proposal.language,
      activities: "Жаңы иш-чаралар",
      problem: proposal.problem,
      requestedTotal: 500_000n,
    });
    expect(row.milestones).toHaveLength(1);
    expect(row.budgetLines).toHaveLength(1);
  });
});

describe("a milestone that ends before it starts (issue 11 item 2)", () => {
  it("is saved as typed with the rest of the work plan, and only the submission is refused", async () => {
    const { call: c, nco, cookie } = await owner();
    const proposal = await createCompleteProposal({ callId: c.id, organizationId: nco.organization.id, createdById: nco.user.id });
    const form = {
      intent: "autosave",
      activities: "Окутуу",
      "milestones.0.title": "Туура этап",
      "milestones.0.startsOn": "2026-06-01",
      "milestones.0.dueOn": "2026-06-30",
      "milestones.1.title": "Тескери этап",
      "milestones.1.startsOn": "2026-09-01",
      "milestones.1.dueOn": "2026-08-01",
    };
    const saved = await post(sectionRoute.action, { path: "/", params: { proposalId: proposal.id, section: "work-plan" }, cookie, form });
    expect(saved.status).toBe(200);
    const milestones = await prisma.proposalMilestone.findMany({ where: { proposalId: proposal.id }, orderBy: { position: "asc" } });
    expect(milestones.map((m) => m.title)).toEqual(["Туура этап", "Тескери этап"]);
    const page = await get(overviewRoute.loader, { path: "/", params: { proposalId: proposal.id }, cookie });
    expect(page.data.view.problems).toEqual([{ section: "work-plan", code: "dueBeforeStart" }]);
    const submit = await post(overviewRoute.action, {
      path: "/",
      params: { proposalId: proposal.id },
      cookie,
      form: { intent: "submit", idempotencyKey: newKey() },
    });
    expect(submit.status).toBe(422);
    expect(await prisma.proposalVersion.count({ where: { proposalId: proposal.id } })).toBe(0);
  });
});

describe("a session that ended while typing (issue 11 item 3)", () => {
  it("answers an autosave 401 instead of a redirect, and sends a Save back with its text", async () => {
    const { call: c, nco } = await owner();
    const proposal = await createCompleteProposal({ callId: c.id, organizationId: nco.organization.id, createdById: nco.user.id });
    const at = {
      path: `/proposals/${proposal.id}/problem`,
      params: { proposalId: proposal.id, section: "problem" },
      cookie: "__session=expired",
    };
    const autosave = await post(sectionRoute.action, { ...at, form: { intent: "autosave", problem: "Жаңы текст" } });
    expect(autosave.status).toBe(401);
    expect(autosave.location).toBeNull();
    expect(autosave.data).toEqual({ sessionExpired: true });
    // Thrown, so that this route's error boundary answers and its loader (which needs a session) does not run.
    const thrown = await sectionRoute
      .action({
        request: buildRequest({ ...at, method: "POST", form: { intent: "next", problem: "Жаңы текст" } }),
        params: at.params,
        context: {},
      } as never)
      .then(
        () => null,
        (error: unknown) => error as { type?: string; data?: unknown; init?: { status?: number } },
      );
    expect(thrown?.type).toBe("DataWithResponseInit");
    expect(thrown?.init?.status).toBe(401);
    expect(thrown?.data).toEqual({ sessionExpired: true, section: "problem", intent: "next", values: { problem: "Жаңы текст" } });
    expect((await prisma.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).problem).toBe(proposal.problem);
  });
});
