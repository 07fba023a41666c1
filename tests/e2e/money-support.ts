// Money under a ceiling for the cluster proof (tests/e2e/cluster.test.ts), written straight into a
// running portal's database: programme and finance officers with signed-in sessions; an
// appropriation with draft calls whose requested envelopes together exceed it; signed agreements
// whose every tranche is payable (milestone accepted). And the forms the officers send.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Db } from "~/utils/db.server";
import { tyiynToSomInput } from "~/domains/budgets/money";
import { COMPLETE_FIELDS } from "../factories-proposals";
import { httpRequest } from "./http";
import { signedInCookie } from "./submitters";
import { addDays, calendarDateOf } from "~/utils/time";
import { consentedNow } from "~/domains/accounts/privacy-notice";

export type MoneyData = {
  programmeOfficers: string[];
  financeOfficers: string[];
  /** The appropriation the draft calls' envelopes come from, and its amount: the ceiling of the allocations. */
  allocation: { appropriationId: string; ceiling: bigint; calls: { id: string; request: bigint }[] };
  /** The appropriation the awards were committed from (payments raise its `disbursed`), and the awards. */
  payment: { appropriationId: string; awards: { id: string; amount: bigint; tranches: { id: string; amount: bigint }[] }[] };
};

type Owner = { organizationId: string; userId: string };

export async function seedMoney(
  db: Db,
  {
    municipalityId,
    owners,
    officers,
    sessionSecret,
    ceiling,
    requests,
    awardAmount,
    shares,
  }: {
    municipalityId: string;
    /** One agreement per owner (an organization and its member). */
    owners: Owner[];
    /** Programme officers and finance officers (as many of each): one per machine. */
    officers: number;
    sessionSecret: string;
    ceiling: bigint;
    /** The envelope each draft call asks for. */
    requests: bigint[];
    awardAmount: bigint;
    /** Each tranche's share of the award, in basis points (summing to 10 000). */
    shares: number[];
  },
): Promise<MoneyData> {
  const staff = async (role: "PROGRAMME_OFFICER" | "FINANCE_OFFICER", i: number) => {
    const user = await db.user.create({
      data: {
        ...consentedNow(),
        email: `money-${role.toLowerCase()}-${i}@example.kg`,
        fullName: `${role} ${i}`,
        passwordHash: "x",
        locale: "ru",
      },
    });
    await db.roleAssignment.create({ data: { userId: user.id, municipalityId, role } });
    return { id: user.id, cookie: await signedInCookie(db, user.id, sessionSecret) };
  };
  const programmeOfficers = await Promise.all(Array.from({ length: officers }, (_, i) => staff("PROGRAMME_OFFICER", i)));
  const financeOfficers = await Promise.all(Array.from({ length: officers }, (_, i) => staff("FINANCE_OFFICER", i)));

  const programme = (code: string) =>
    db.budgetProgramme.create({ data: { municipalityId, code, nameKy: "Программа", nameRu: "Программа", nameEn: "Programme" } });
  const allocationAppropriation = await db.appropriation.create({
    data: { programmeId: (await programme("MONEY-A")).id, fiscalYear: 2026, amount: ceiling },
  });
  const calls = [];
  for (const [i, request] of requests.entries()) {
    const call = await db.call.create({
      data: {
        municipalityId,
        appropriationId: allocationAppropriation.id,
        reference: `SZ-MONEY-A-${i}`,
        titleKy: "Сынак",
        titleRu: "Конкурс",
        titleEn: "Call",
      },
    });
    calls.push({ id: call.id, request });
  }

  const total = awardAmount * BigInt(owners.length);
  const paymentAppropriation = await db.appropriation.create({
    data: { programmeId: (await programme("MONEY-P")).id, fiscalYear: 2026, amount: total * 2n, allocated: total, committed: total },
  });
  const call = await db.call.create({
    data: {
      municipalityId,
      appropriationId: paymentAppropriation.id,
      reference: "SZ-MONEY-P",
      status: "DECIDED",
      titleKy: "Сынак",
      titleRu: "Конкурс",
      titleEn: "Call",
      envelope: total,
      committed: total,
      decisionPublishedAt: new Date(Date.now() - 60 * 86_400_000),
      standstillEndsAt: new Date(Date.now() - 50 * 86_400_000),
    },
  });
  const awards = [];
  for (const [a, owner] of owners.entries()) {
    const proposal = await db.proposal.create({
      data: {
        id: `money${a}`,
        callId: call.id,
        organizationId: owner.organizationId,
        createdById: owner.userId,
        reference: `SZ-MONEY-P-${a}`,
        status: "AWARDED",
        ...COMPLETE_FIELDS,
        requestedTotal: awardAmount,
        cofinancingTotal: 0n,
      },
    });
    const award = await db.award.create({
      data: {
        callId: call.id,
        proposalId: proposal.id,
        organizationId: owner.organizationId,
        reference: `GR-MONEY-${a}`,
        status: "FINAL",
        rank: a + 1,
        finalScore: 9000 - a,
        requestedAmount: awardAmount,
        amount: awardAmount,
        finalizedAt: new Date(Date.now() - 50 * 86_400_000),
      },
    });
    const agreement = await db.agreement.create({
      data: {
        awardId: award.id,
        number: `DG-MONEY-${a}`,
        status: "SIGNED",
        language: "ru",
        signedOn: new Date(Date.now() - 40 * 86_400_000),
        createdById: programmeOfficers[0]!.id,
      },
    });
    const tranches = [];
    let left = awardAmount;
    for (const [t, shareBp] of shares.entries()) {
      const amount = t === shares.length - 1 ? left : (awardAmount * BigInt(shareBp)) / 10_000n;
      left -= amount;
      const milestone = await db.grantMilestone.create({
        data: {
          agreementId: agreement.id,
          position: t + 1,
          title: `Этап ${t + 1}`,
          dueOn: new Date(Date.now() - (30 - t) * 86_400_000),
          status: "ACCEPTED",
          acceptedAt: new Date(Date.now() - 86_400_000),
        },
      });
      const tranche = await db.tranche.create({
        data: { agreementId: agreement.id, milestoneId: milestone.id, position: t + 1, shareBp, amount, status: "PAYABLE" },
      });
      tranches.push({ id: tranche.id, amount });
    }
    awards.push({ id: award.id, amount: awardAmount, tranches });
  }
  return {
    programmeOfficers: programmeOfficers.map((o) => o.cookie),
    financeOfficers: financeOfficers.map((o) => o.cookie),
    allocation: { appropriationId: allocationAppropriation.id, ceiling, calls },
    payment: { appropriationId: paymentAppropriation.id, awards },
  };
}

/** A form as a browser without JavaScript posts it, on a connection of its own; the page (or redirect) it answers. */
export async function postForm(url: string, origin: string, cookie: string, fields: Record<string, string>) {
  const answer = await httpRequest(url, {
    method: "POST",
    headers: { Cookie: cookie, Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
  return {
    status: answer.status,
    location: answer.headers.get("location"),
    requestId: answer.headers.get("x-request-id"),
    body: answer.status === 302 ? "" : await answer.text(),
  };
}

/** The officer's "Set the envelope" form on a draft call. */
export const allocateFields = (envelope: bigint) => ({ intent: "allocate", envelope: tyiynToSomInput(envelope) });

/** The finance officer's "Record a payment made outside the portal" form for a tranche (a fresh key per form). */
export const manualPaymentFields = (trancheId: string, idempotencyKey: string, bankReference: string) => ({
  intent: "manual",
  trancheId,
  idempotencyKey,
  paidOn: addDays(calendarDateOf(new Date()), -1),
  bankReference,
});

const root = path.resolve(import.meta.dirname, "../..");

/** A message (`namespace:dotted.key`) in each of the portal's languages, as a page shows it (HTML-escaped). */
export function messagesOf(key: string) {
  const [namespace, dotted] = key.split(":") as [string, string];
  const escape = (text: string) =>
    text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#x27;");
  return ["ky", "ru", "en"].map((locale) => {
    const file = JSON.parse(readFileSync(path.join(root, "public/locales", locale, `${namespace}.json`), "utf8")) as Record<
      string,
      unknown
    >;
    const text = dotted.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], file);
    if (typeof text !== "string") throw new Error(`no ${locale} message ${key}`);
    return escape(text);
  });
}
