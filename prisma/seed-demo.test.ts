// The demo shows every state of the cycle to a visitor who signs in as any demo
// account, without acting as other users first; it is built through the domain
// functions, so the audit chain verifies; it loads once, into an empty database.
import { beforeAll, describe, expect, it } from "vitest";
import { sealAuditLog } from "~/domains/audit/audit-sealer.server";
import { verifyAuditChain } from "~/domains/audit/audit.server";
import { nextActionsFor } from "~/domains/dashboards/next-actions.server";
import { prisma } from "~/utils/db.server";
import type { Actor, EffectiveRole } from "~/utils/permissions";
import { DEMO_ACCOUNTS, seedDemoIfEmpty } from "./seed-demo";

/** The actor a demo account signs in as (roles as the session computes them). */
async function demoActor(account: keyof typeof DEMO_ACCOUNTS): Promise<Actor> {
  const user = await prisma.user.findUniqueOrThrow({
    where: { email: DEMO_ACCOUNTS[account].email },
    select: {
      id: true,
      email: true,
      fullName: true,
      locale: true,
      roles: { select: { role: true, municipalityId: true } },
      memberships: { select: { organizationId: true, role: true } },
      commissionSeats: { select: { id: true } },
    },
  });
  const roles: EffectiveRole[] = [...user.roles.map((r) => r.role)];
  if (user.commissionSeats.length) roles.push("COMMISSION_MEMBER");
  for (const m of user.memberships) roles.push(m.role === "ADMIN" ? "NCO_ADMIN" : "NCO_MEMBER");
  return {
    id: user.id,
    email: user.email,
    label: user.fullName,
    locale: user.locale,
    municipalityId: user.roles[0]?.municipalityId ?? null,
    roles,
    organizations: user.memberships.map((m) => ({ id: m.organizationId, role: m.role })),
  };
}

const keysOf = async (account: keyof typeof DEMO_ACCOUNTS) => (await nextActionsFor(await demoActor(account))).map((a) => a.key);

let seedMs = 0;
beforeAll(async () => {
  const started = performance.now();
  expect(await seedDemoIfEmpty(prisma)).toBe(true);
  seedMs = Math.round(performance.now() - started);
  console.log(`demo seed: ${seedMs} ms`);
});

describe("the demo seed", () => {
  it("keeps the audit chain intact and loads nothing into a database that has users", async () => {
    // The portal's sealer chains events after they commit (decision 0064); here the test seals them.
    await sealAuditLog(prisma);
    const chain = await verifyAuditChain(prisma);
    expect(chain.break).toBeNull();
    expect(chain.checked).toBeGreaterThan(50);
    const users = await prisma.user.count();
    expect(await seedDemoIfEmpty(prisma)).toBe(false);
    expect(await prisma.user.count()).toBe(users);
  });

  it("keeps the objects the other tests rely on: the 400,000 som appropriation, the open call, the signed agreement K1-G1", async () => {
    const appropriation = await prisma.appropriation.findFirstOrThrow({ where: { programme: { code: "SZ-2026" } } });
    expect(appropriation.amount).toBe(400_000_00n);
    expect(appropriation.allocated).toBe(330_000_00n);
    expect(
      await prisma.call.count({ where: { reference: "SZ-2026-02", status: "PUBLISHED", submissionDeadline: { gt: new Date() } } }),
    ).toBe(1);
    expect(await prisma.agreement.count({ where: { number: "AGR-SZ-2026-K1-G1", status: "SIGNED" } })).toBe(1);
  });

  it("has every state of the cycle: review with a member who has not scored, a standstill, a reduced offer, a report waiting, a statement line to decide", async () => {
    const now = new Date();
    expect(await prisma.call.count({ where: { reference: "SZ-2026-R1", status: "IN_REVIEW" } })).toBe(1);
    const standstill = await prisma.call.findUniqueOrThrow({
      where: { reference: "SZ-2026-R3" },
      select: { status: true, standstillEndsAt: true },
    });
    expect(standstill.status).toBe("DECIDED");
    expect(standstill.standstillEndsAt!.getTime()).toBeGreaterThan(now.getTime());
    expect(await prisma.award.count({ where: { status: "REDUCED_OFFERED", call: { reference: "SZ-2026-R4", status: "IN_REVIEW" } } })).toBe(
      1,
    );
    expect(await prisma.grantMilestone.count({ where: { status: "REPORTED" } })).toBeGreaterThan(0);
    expect(await prisma.agreement.count({ where: { status: "DRAFT" } })).toBe(1);
    expect(await prisma.reconciliationMatch.count({ where: { status: "UNMATCHED" } })).toBe(1);
  });

  it("gives every demo account something to do next on its dashboard, without acting as anyone else first", async () => {
    const balakai = await keysOf("ncoAdmin");
    expect(balakai).toEqual(expect.arrayContaining(["answerReducedOffer", "proposedGrant", "draftAgreement", "reportDue", "submitDraft"]));
    expect(await keysOf("ncoMember")).toEqual(expect.arrayContaining(["reducedOfferForAdmin", "proposedGrant", "submitDraft"]));
    expect(await keysOf("ncoAdmin2")).toEqual(expect.arrayContaining(["notAwardedAppeal", "reportOverdue"]));
    expect(await keysOf("officer")).toEqual(
      expect.arrayContaining(["screenProposals", "answerQuestions", "reviewReport", "prepareAgreement", "recordSigning"]),
    );
    expect(await keysOf("finance")).toEqual(expect.arrayContaining(["issuePayment", "reconcileStatement"]));
    expect(await keysOf("member3")).toContain("scoreSheets");
    expect(await keysOf("chair")).toEqual(expect.arrayContaining(["decideAppeals", "waitForOffers"]));
  });
});
