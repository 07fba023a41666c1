// The call and budget actions answered with bad input: a 4xx whose messages
// are translation keys present in Kyrgyz, Russian and English, and nothing
// written. Actions are called as Remix calls them, with a signed-in cookie.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { somToTyiyn } from "~/domains/budgets/money";
import { DAY_MS } from "~/utils/time";
import { prisma } from "~/utils/db.server";
import { getResources } from "~/utils/i18n.server";
import { LOCALES } from "~/utils/i18n";
import { createNcoMember, createUser } from "../../tests/factories";
import { completeCallForm, createBudgetSetting, createDraftCall, createPublishedCall } from "../../tests/factories-calls";
import { action as callPageAction } from "./_calls.calls.$callId._index";
import { action as manageAction, loader as manageLoader } from "./_calls.officer.calls.$callId._index";
import { loader as documentsLoader } from "./_calls.officer.calls.$callId.documents";
import { action as editAction, loader as editLoader } from "./_calls.officer.calls.$callId.edit";
import { loader as listLoader } from "./_calls.officer.calls._index";
import { action as newCallAction } from "./_calls.officer.calls.new";
import { sessionCookieFor } from "../../tests/support/session";
import { call, type Handler } from "../../tests/support/route-call";

type Action = (args: ActionFunctionArgs) => Promise<unknown>;
type Loader = (args: LoaderFunctionArgs) => Promise<unknown>;
type Answer = {
  status: number;
  body: { errors: Record<string, string[]>; formError?: string; details?: { problems?: { key: string }[] } };
};

/** Posts a form to an action; a thrown Response (redirect, 403, 404) is returned as the answer. */
async function post(action: Action, url: string, fields: [string, string][], cookie?: string, params: Record<string, string> = {}) {
  const body = new URLSearchParams(fields);
  const request = new Request(`http://localhost${url}`, {
    method: "POST",
    body,
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
  });
  const answer = await call(action as Handler, request, params);
  return { status: answer.status, location: answer.location, body: answer.response ? null : (answer.data as Answer["body"]) };
}

/** A key as the UI translates it: "ns:path" or a key of the default namespace; plural keys by their _other form. */
function translation(locale: (typeof LOCALES)[number], key: string, defaultNs: string) {
  const [ns, path] = key.includes(":") ? (key.split(":") as [string, string]) : [defaultNs, key];
  let node: unknown = getResources()[locale][ns];
  const parts = path.split(".");
  for (const [index, part] of parts.entries()) {
    const next = (node as Record<string, unknown> | undefined)?.[part];
    node = next === undefined && index === parts.length - 1 ? (node as Record<string, unknown> | undefined)?.[`${part}_other`] : next;
  }
  return typeof node === "string" ? node : null;
}

function expectTranslated(body: Answer["body"]) {
  const keys = [
    ...Object.values(body.errors ?? {})
      .flat()
      .map((key) => [key, "validation"] as const),
    ...(body.formError ? [[body.formError, "errors"] as const] : []),
  ];
  expect(keys.length).toBeGreaterThan(0);
  for (const [key, ns] of keys) for (const locale of LOCALES) expect(translation(locale, key, ns), `${locale} ${key}`).toBeTruthy();
  for (const problem of body.details?.problems ?? [])
    for (const locale of LOCALES) expect(translation(locale, `calls:publish.problem.${problem.key}`, "calls"), problem.key).toBeTruthy();
}

async function counts() {
  const [calls, criteria, ledger, audit, questions, amendments, notifications] = await Promise.all([
    prisma.call.count(),
    prisma.callCriterion.count(),
    prisma.ledgerEntry.count(),
    prisma.auditEvent.count(),
    prisma.clarificationQuestion.count(),
    prisma.callAmendment.count(),
    prisma.notification.count(),
  ]);
  return { calls, criteria, ledger, audit, questions, amendments, notifications };
}

describe("creating a call (officer.calls.new)", () => {
  it("answers 400 with a translated message per wrong field, and creates nothing", async () => {
    const { appropriation, officer } = await createBudgetSetting();
    const cookie = await sessionCookieFor(officer.id);
    const before = await counts();
    const fields = completeCallForm(new Date(), {
      minGrant: "сто",
      submissionDeadline: "2026-02-30T10:00",
      "criteria.0.weight": "0",
      titleKy: "",
      titleRu: "",
    });
    const answer = await post(
      newCallAction,
      "/officer/calls/new",
      [...fields, ["appropriationId", appropriation.id], ["intent", "create"]],
      cookie,
    );
    expect(answer.status).toBe(400);
    expect(Object.keys(answer.body!.errors).sort()).toEqual(["criteria.0.weight", "minGrant", "submissionDeadline", "titleKy"]);
    expectTranslated(answer.body!);
    expect(await counts()).toEqual(before);
  });

  it("answers 400 for another municipality's appropriation, 403 to an organization, and a redirect to sign in to a visitor", async () => {
    const { officer } = await createBudgetSetting();
    const other = await createBudgetSetting();
    const before = await counts();
    const fields: [string, string][] = [...completeCallForm(), ["appropriationId", other.appropriation.id], ["intent", "create"]];
    const foreign = await post(newCallAction, "/officer/calls/new", fields, await sessionCookieFor(officer.id));
    expect(foreign.status).toBe(400);
    expect(foreign.body!.formError).toBe("calls:errors.appropriationUnknown");
    expectTranslated(foreign.body!);
    const nco = await createNcoMember();
    expect((await post(newCallAction, "/officer/calls/new", fields, await sessionCookieFor(nco.user.id))).status).toBe(403);
    const visitor = await post(newCallAction, "/officer/calls/new", fields);
    expect(visitor.status).toBe(302);
    expect(visitor.location).toMatch(/^\/login\?redirectTo=/);
    expect(await counts()).toEqual(before);
  });

  it("creates the draft and redirects to it when the form is right", async () => {
    const { appropriation, officer } = await createBudgetSetting();
    const answer = await post(
      newCallAction,
      "/officer/calls/new",
      [...completeCallForm(), ["appropriationId", appropriation.id], ["intent", "create"]],
      await sessionCookieFor(officer.id),
    );
    expect(answer.status).toBe(302);
    const id = answer.location!.match(/^\/officer\/calls\/([^?]+)\?done=created$/)![1]!;
    expect(await prisma.call.findUnique({ where: { id }, select: { status: true } })).toEqual({ status: "DRAFT" });
  });
});

describe("managing a call (officer.calls.$callId)", () => {
  it("refuses an envelope that is not an amount (400) or larger than what is free (409), writing nothing", async () => {
    const { appropriation, officer } = await createBudgetSetting({ amountSom: 100_000 });
    const call = await createDraftCall({ actor: officer, appropriationId: appropriation.id });
    const cookie = await sessionCookieFor(officer.id);
    const before = await counts();
    const url = `/officer/calls/${call.id}`;
    const notAmount = await post(
      manageAction,
      url,
      [
        ["intent", "allocate"],
        ["envelope", "1e9"],
      ],
      cookie,
      { callId: call.id },
    );
    expect(notAmount.status).toBe(400);
    expect(notAmount.body!.errors).toEqual({ envelope: ["calls:form.error.amount"] });
    expectTranslated(notAmount.body!);
    const tooMuch = await post(
      manageAction,
      url,
      [
        ["intent", "allocate"],
        ["envelope", "100 000,01"],
      ],
      cookie,
      { callId: call.id },
    );
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body!.formError).toBe("budgets:errors.exhausted");
    expectTranslated(tooMuch.body!);
    expect(await counts()).toEqual(before);
    const ok = await post(
      manageAction,
      url,
      [
        ["intent", "allocate"],
        ["envelope", "100 000"],
      ],
      cookie,
      { callId: call.id },
    );
    expect(ok).toMatchObject({ status: 302, location: `${url}?done=allocated` });
    expect((await prisma.call.findUniqueOrThrow({ where: { id: call.id } })).envelope).toBe(somToTyiyn(100_000));
  });

  it("refuses to publish an incomplete draft with the translated list of what is missing", async () => {
    const { appropriation, officer } = await createBudgetSetting();
    const call = await createDraftCall({ actor: officer, appropriationId: appropriation.id, overrides: { titleKy: "" } });
    const before = await counts();
    const answer = await post(manageAction, `/officer/calls/${call.id}`, [["intent", "publish"]], await sessionCookieFor(officer.id), {
      callId: call.id,
    });
    expect(answer.status).toBe(409);
    expect(answer.body!.formError).toBe("calls:publish.refused");
    expect(answer.body!.details!.problems!.map((p) => p.key)).toEqual(["text", "envelope"]);
    expectTranslated(answer.body!);
    expect(await counts()).toEqual(before);
  });

  it("publishes only a complete draft, and only with the confirmation step; the page offers no publish button while blockers remain", async () => {
    const { appropriation, officer } = await createBudgetSetting();
    const call = await createDraftCall({ actor: officer, appropriationId: appropriation.id });
    const cookie = await sessionCookieFor(officer.id);
    await post(
      manageAction,
      `/officer/calls/${call.id}`,
      [
        ["intent", "allocate"],
        ["envelope", "100 000"],
      ],
      cookie,
      { callId: call.id },
    );
    const before = await counts();
    const unconfirmed = await post(manageAction, `/officer/calls/${call.id}`, [["intent", "publish"]], cookie, { callId: call.id });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body!.formError).toBe("calls:publish.confirmRequired");
    expectTranslated(unconfirmed.body!);
    expect(await counts()).toEqual(before);
    expect((await prisma.call.findUniqueOrThrow({ where: { id: call.id } })).status).toBe("DRAFT");
    const confirmed = await post(
      manageAction,
      `/officer/calls/${call.id}`,
      [
        ["intent", "publish"],
        ["confirm", "publish"],
      ],
      cookie,
      { callId: call.id },
    );
    expect(confirmed).toMatchObject({ status: 302, location: `/officer/calls/${call.id}?done=published` });
    expect((await prisma.call.findUniqueOrThrow({ where: { id: call.id } })).status).toBe("PUBLISHED");

    // The confirmation step is only offered for a complete draft.
    const incomplete = await createDraftCall({ actor: officer, appropriationId: appropriation.id, overrides: { titleKy: "" } });
    const page = (await manageLoader({
      request: new Request(`http://localhost/officer/calls/${incomplete.id}?confirm=publish`, { headers: { Cookie: cookie } }),
      params: { callId: incomplete.id },
      context: { cspNonce: "" },
    })) as { confirmingPublish: boolean; next: { key: string } };
    expect(page.confirmingPublish).toBe(false);
    expect(page.next.key).toBe("completeDraft");
    const blocked = await post(
      manageAction,
      `/officer/calls/${incomplete.id}`,
      [
        ["intent", "publish"],
        ["confirm", "publish"],
      ],
      cookie,
      { callId: incomplete.id },
    );
    expect(blocked.status).toBe(409);
  });

  it("answers 400 to an unknown intent, a short cancellation reason and an answer without Russian; 404 for another municipality", async () => {
    const { appropriation, officer } = await createBudgetSetting();
    const call = await createPublishedCall({ actor: officer, appropriationId: appropriation.id });
    const nco = await createNcoMember();
    const { askQuestion } = await import("~/domains/calls/clarifications.server");
    const question = await askQuestion({ actor: nco.actor, callId: call.id, question: "Можно ли подать две заявки?", language: "ru" });
    const cookie = await sessionCookieFor(officer.id);
    const url = `/officer/calls/${call.id}`;
    const before = await counts();
    const unknown = await post(manageAction, url, [["intent", "explode"]], cookie, { callId: call.id });
    expect(unknown.status).toBe(400);
    expectTranslated(unknown.body!);
    const cancel = await post(
      manageAction,
      url,
      [
        ["intent", "cancel"],
        ["reason", "нет"],
      ],
      cookie,
      { callId: call.id },
    );
    expect(cancel.status).toBe(400);
    expect(cancel.body!.errors).toEqual({ reason: ["calls:form.error.reasonShort"] });
    expectTranslated(cancel.body!);
    const answer = await post(
      manageAction,
      url,
      [
        ["intent", "answer"],
        ["questionId", question.id],
        ["question", "Можно ли подать две заявки?"],
        ["answerKy", "Жок."],
        ["answerRu", " "],
      ],
      cookie,
      { callId: call.id },
    );
    expect(answer.status).toBe(400);
    expect(answer.body!.errors).toEqual({ answerRu: ["calls:form.error.answerRu"] });
    expectTranslated(answer.body!);
    const stranger = await createBudgetSetting();
    expect(
      (await post(manageAction, url, [["intent", "publish"]], await sessionCookieFor(stranger.officer.id), { callId: call.id })).status,
    ).toBe(404);
    expect((await post(manageAction, url, [["intent", "publish"]], await sessionCookieFor(nco.user.id), { callId: call.id })).status).toBe(
      403,
    );
    expect(await counts()).toEqual(before);
    expect((await prisma.clarificationQuestion.findUniqueOrThrow({ where: { id: question.id } })).answeredAt).toBeNull();
  });
});

describe("another municipality's officer", () => {
  it("gets 404 from every officer page of the call and does not see it in his list", async () => {
    const { appropriation, officer } = await createBudgetSetting();
    const call = await createPublishedCall({ actor: officer, appropriationId: appropriation.id });
    const stranger = await sessionCookieFor((await createBudgetSetting()).officer.id);
    const load = async (loader: Loader, path: string) => {
      try {
        await loader({
          request: new Request(`http://localhost${path}`, { headers: { Cookie: stranger } }),
          params: { callId: call.id },
          context: { cspNonce: "" },
        });
        return 200;
      } catch (thrown) {
        if (thrown instanceof Response) return thrown.status;
        throw thrown;
      }
    };
    expect(await load(manageLoader, `/officer/calls/${call.id}`)).toBe(404);
    expect(await load(editLoader, `/officer/calls/${call.id}/edit`)).toBe(404);
    expect(await load(documentsLoader, `/officer/calls/${call.id}/documents`)).toBe(404);
    expect(
      (
        await post(
          editAction,
          `/officer/calls/${call.id}/edit`,
          [["intent", "amend"], ...completeCallForm(new Date(), { reason: "Чужое изменение условий." })],
          stranger,
          { callId: call.id },
        )
      ).status,
    ).toBe(404);
    const list = (await listLoader({
      request: new Request("http://localhost/officer/calls?status=all", { headers: { Cookie: stranger } }),
      params: {},
      context: { cspNonce: "" },
    })) as { calls: { id: string }[] };
    expect(list.calls.map((c) => c.id)).not.toContain(call.id);
  });
});

describe("amending a call (officer.calls.$callId.edit)", () => {
  it("needs a reason, and refuses an earlier deadline, writing nothing", async () => {
    const { appropriation, officer } = await createBudgetSetting();
    const call = await createPublishedCall({ actor: officer, appropriationId: appropriation.id });
    const published = (await prisma.call.findUniqueOrThrow({ where: { id: call.id } })).publishedAt!;
    const cookie = await sessionCookieFor(officer.id);
    const url = `/officer/calls/${call.id}/edit`;
    const before = await counts();
    const noReason = await post(
      editAction,
      url,
      [...completeCallForm(published, { titleRu: "Новое название" }), ["intent", "amend"]],
      cookie,
      { callId: call.id },
    );
    expect(noReason.status).toBe(400);
    expect(noReason.body!.errors).toEqual({ reason: ["calls:form.error.reasonShort"] });
    expectTranslated(noReason.body!);
    const earlier = await post(
      editAction,
      url,
      [...completeCallForm(new Date(published.getTime() - DAY_MS)), ["reason", "Сдвигаем сроки раньше."], ["intent", "amend"]],
      cookie,
      { callId: call.id },
    );
    expect(earlier.status).toBe(409);
    expect(earlier.body!.formError).toBe("calls:errors.deadlineEarlier");
    expectTranslated(earlier.body!);
    const asDraft = await post(editAction, url, [...completeCallForm(published), ["intent", "edit"]], cookie, { callId: call.id });
    expect(asDraft.status).toBe(409);
    expect(asDraft.body!.formError).toBe("calls:errors.notDraft");
    expect(await counts()).toEqual(before);
  });
});

describe("the public call page", () => {
  it("takes a question from an organization member, and refuses it translated after the cut-off or when empty", async () => {
    const { appropriation, officer } = await createBudgetSetting();
    const open = await createPublishedCall({ actor: officer, appropriationId: appropriation.id });
    const late = await createPublishedCall({
      actor: officer,
      appropriationId: appropriation.id,
      publishedDaysAgo: 12,
      envelopeSom: 100_000,
    });
    const nco = await createNcoMember();
    const cookie = await sessionCookieFor(nco.user.id);
    const before = await counts();
    const empty = await post(
      callPageAction,
      `/calls/${open.id}`,
      [
        ["intent", "ask"],
        ["question", "   "],
      ],
      cookie,
      { callId: open.id },
    );
    expect(empty.status).toBe(400);
    expect(empty.body!.errors).toEqual({ question: ["calls:form.error.questionShort"] });
    expectTranslated(empty.body!);
    const closed = await post(
      callPageAction,
      `/calls/${late.id}`,
      [
        ["intent", "ask"],
        ["question", "Можно ли ещё задать вопрос?"],
      ],
      cookie,
      { callId: late.id },
    );
    expect(closed.status).toBe(409);
    expect(closed.body!.formError).toBe("calls:errors.clarificationClosed");
    expectTranslated(closed.body!);
    expect(await counts()).toEqual(before);

    const asked = await post(
      callPageAction,
      `/calls/${open.id}`,
      [
        ["intent", "ask"],
        ["question", "Можно ли подать заявку на русском языке?"],
      ],
      cookie,
      { callId: open.id },
    );
    expect(asked).toMatchObject({ status: 302, location: `/calls/${open.id}?done=asked#ask` });
    expect(await prisma.clarificationQuestion.count({ where: { callId: open.id } })).toBe(1);
  });

  it("sends a visitor to sign in, answers 403 to someone outside an organization and 404 for a draft", async () => {
    const { appropriation, officer } = await createBudgetSetting();
    const open = await createPublishedCall({ actor: officer, appropriationId: appropriation.id });
    const draft = await createDraftCall({ actor: officer, appropriationId: appropriation.id });
    const before = await counts();
    const fields: [string, string][] = [
      ["intent", "ask"],
      ["question", "Можно ли подать заявку вдвоём?"],
    ];
    const visitor = await post(callPageAction, `/calls/${open.id}`, fields, undefined, { callId: open.id });
    expect(visitor.status).toBe(302);
    expect(visitor.location).toMatch(/^\/login/);
    const citizen = await createUser();
    expect((await post(callPageAction, `/calls/${open.id}`, fields, await sessionCookieFor(citizen.id), { callId: open.id })).status).toBe(
      403,
    );
    const nco = await createNcoMember();
    expect(
      (await post(callPageAction, `/calls/${draft.id}`, fields, await sessionCookieFor(nco.user.id), { callId: draft.id })).status,
    ).toBe(404);
    expect(
      (await post(callPageAction, `/calls/${draft.id}`, [["intent", "follow"]], await sessionCookieFor(nco.user.id), { callId: draft.id }))
        .status,
    ).toBe(404);
    expect(await counts()).toEqual(before);
  });
});
