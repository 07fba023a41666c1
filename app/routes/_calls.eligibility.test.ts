// Eligibility before starting (decision 0074), through the routes: the call
// page's panel for a member, nothing for visitors or staff; a REFUSE call's
// start answers 422 naming the failed checks, a WARN call's starts the draft
// and its page warns.
import { describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server";
import { createNcoMember, createStaff } from "../../tests/factories";
import { createOpenCall } from "../../tests/factories-proposals";
import { call, type CallOptions } from "../../tests/support/route-call";
import { sessionCookieFor } from "../../tests/support/session";
import * as callRoute from "./_calls.calls.$callId._index";
import * as startRoute from "./_proposals.calls.$callId.proposals.new";
import * as overviewRoute from "./_proposals.proposals.$proposalId._index";

type Handler = Parameters<typeof call>[0];
const post = (handler: unknown, options: CallOptions) => call(handler as Handler, { method: "POST", ...options });
const get = (handler: unknown, options: CallOptions) => call(handler as Handler, { method: "GET", ...options });

async function callRefusing(enforcement: "REFUSE" | "WARN") {
  const created = await createOpenCall({ requiredDocuments: ["CHARTER"] });
  return prisma.call.update({
    where: { id: created.id },
    data: { eligibleLegalForms: ["PUBLIC_UNION"], eligibilityEnforcement: enforcement, publishAt: created.publishedAt },
  });
}

describe("eligibility on the call page and when starting", () => {
  it("shows a member the checks of their organization, with the call's enforcement; visitors and staff get no panel", async () => {
    const c = await callRefusing("REFUSE");
    const nco = await createNcoMember();
    const cookie = await sessionCookieFor(nco.user.id);
    const page = await get(callRoute.loader, { path: `/calls/${c.id}`, params: { callId: c.id }, cookie });
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({ call: { eligibilityEnforcement: "REFUSE" }, askEligibility: false });
    expect(page.data.eligibility).toHaveLength(1);
    expect(page.data.eligibility[0]).toMatchObject({ organization: { id: nco.organization.id }, eligible: false });
    expect(
      page.data.eligibility[0].checks.filter((check: { ok: boolean }) => !check.ok).map((check: { code: string }) => check.code),
    ).toEqual(["document", "verified"]);

    const anonymous = await get(callRoute.loader, { path: `/calls/${c.id}`, params: { callId: c.id } });
    expect(anonymous.data).toMatchObject({ eligibility: null, askEligibility: true });
    const officer = await createStaff("PROGRAMME_OFFICER", c.municipalityId);
    const staff = await get(callRoute.loader, {
      path: `/calls/${c.id}`,
      params: { callId: c.id },
      cookie: await sessionCookieFor(officer.user.id),
    });
    expect(staff.data).toMatchObject({ eligibility: null, askEligibility: false });
  });

  it("refuses to start on a REFUSE call with 422 naming the failed checks; a WARN call starts and its draft page warns", async () => {
    const refuse = await callRefusing("REFUSE");
    const warn = await callRefusing("WARN");
    const nco = await createNcoMember();
    const cookie = await sessionCookieFor(nco.user.id);
    const form = { organizationId: nco.organization.id };

    const refused = await post(startRoute.action, {
      path: `/calls/${refuse.id}/proposals/new`,
      params: { callId: refuse.id },
      form,
      cookie,
    });
    expect(refused.status).toBe(422);
    expect(refused.data).toMatchObject({ formError: "calls:errors.ineligible", formParams: { checks: "document:CHARTER" } });
    expect(await prisma.proposal.count({ where: { organizationId: nco.organization.id } })).toBe(0);

    const started = await post(startRoute.action, { path: `/calls/${warn.id}/proposals/new`, params: { callId: warn.id }, form, cookie });
    expect(started.status).toBe(302);
    const proposalId = /^\/proposals\/([^/]+)\/summary$/.exec(started.location ?? "")?.[1] ?? "";
    const overview = await get(overviewRoute.loader, { path: `/proposals/${proposalId}`, params: { proposalId }, cookie });
    expect(overview.status).toBe(200);
    expect(overview.data.view.proposal.call.eligibilityEnforcement).toBe("WARN");
    expect(overview.data.view.eligibility.checks).toContainEqual({
      code: "document",
      ok: false,
      params: { kind: "CHARTER", state: "missing" },
    });
  });
});
