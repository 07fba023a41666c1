// The milestone report page through HTTP: each budget line of the report form is named by its category
// and its description, so two lines of one category (two "Staff" lines) can be told apart.
import type { ServerBuild } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server";
import { createSignedAgreement } from "../../tests/factories-grants";
import { getRequest, loadBuild, requestHandler } from "../../tests/support/route-call";
import { sessionCookieFor } from "../../tests/support/session";

let handle: ReturnType<typeof requestHandler>;
beforeAll(async () => {
  const build: ServerBuild = await loadBuild();
  handle = requestHandler(build);
});

describe("the milestone report form", () => {
  it("labels each expense field with the line's category and description, and shows the description", async () => {
    const setup = await createSignedAgreement({ milestones: 1, budgetLines: 2 });
    const lines = await prisma.budgetLine.findMany({ where: { proposalId: setup.proposal.id }, orderBy: { position: "asc" } });
    const milestone = setup.agreement.milestones[0]!;
    const response = await handle(
      getRequest(`/agreements/${setup.agreement.id}/milestones/${milestone.id}`, await sessionCookieFor(setup.nco.user.id)),
    );
    expect(response.status).toBe(200);
    const html = await response.text();
    const labels = [...html.matchAll(/<label class="visually-hidden" for="expense-[^"]+">([^<]*)<\/label>/g)].map((m) => m[1]);
    expect(labels).toHaveLength(2);
    expect(labels).toEqual(lines.map((line) => `${line.category} — ${line.description}`));
    expect(html).toContain(`<div class="meta">${lines[1]!.description}</div>`);
  });
});
