import { describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server";
import { createNcoMember, createStaff } from "../../../tests/factories";
import { createSignedAgreement } from "../../../tests/factories-grants";
import { domainError } from "../../../tests/support/domain-error";
import { attentionFor } from "~/domains/dashboards/attention.server";
import {
  FEEDBACK_ERRORS,
  feedbackAttention,
  generateCodes,
  getCodeBatch,
  issueFeedbackLink,
  publicFeedback,
  replyToRating,
  submitRating,
} from "./feedback.server";
import { printedCode } from "./feedback-rules";

let addresses = 0;
const address = () => `10.${process.pid % 250}.${Math.floor(++addresses / 250)}.${addresses % 250}`;

async function ratedService() {
  const setup = await createSignedAgreement();
  const { slug } = await issueFeedbackLink({ actor: setup.nco.actor, agreementId: setup.agreement.id });
  return { ...setup, slug };
}

describe("beneficiary feedback", () => {
  it("gives a service one short link, whoever asks twice", async () => {
    const setup = await createSignedAgreement();
    const [a, b] = await Promise.all([
      issueFeedbackLink({ actor: setup.nco.actor, agreementId: setup.agreement.id }),
      issueFeedbackLink({ actor: setup.officer.actor, agreementId: setup.agreement.id }),
    ]);
    expect(a.slug).toBe(b.slug);
    expect(a.slug).toMatch(/^[a-z2-9]{7}$/);
    const foreign = await createStaff("PROGRAMME_OFFICER");
    await domainError(issueFeedbackLink({ actor: foreign.actor, agreementId: setup.agreement.id }), "notFound", 404);
  });

  it("stores a rating without any address, and shows it on the project", async () => {
    const { slug, agreement } = await ratedService();
    await submitRating({ slug, input: { score: 4, comment: "Жакшы" }, locale: "ky", address: "203.0.113.7" });
    const row = await prisma.feedbackRating.findFirstOrThrow({ where: { agreementId: agreement.id } });
    expect(JSON.stringify(row)).not.toContain("203.0.113.7");
    const hits = await prisma.rateLimitHit.findMany({ where: { limiter: { startsWith: "feedback" } }, select: { key: true } });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.map((h) => h.key).join()).not.toContain("203.0.113.7");
    const shown = await publicFeedback(agreement.id);
    expect(shown.summary).toMatchObject({ count: 1, average: 4, distribution: [0, 0, 0, 1, 0] });
    expect(shown.comments[0]).toMatchObject({ comment: "Жакшы", locale: "ky" });
  });

  it("counts a code once and refuses its reuse with a clear message", async () => {
    const { slug, agreement, nco } = await ratedService();
    const { batch } = await generateCodes({ actor: nco.actor, agreementId: agreement.id, count: 3 });
    const sheet = await getCodeBatch({ actor: nco.actor, agreementId: agreement.id, batch });
    expect(sheet.codes).toHaveLength(3);
    const code = printedCode(sheet.codes[0]!.code).toLowerCase();
    await submitRating({ slug, input: { score: 5, code }, locale: "ru", address: address() });
    await domainError(submitRating({ slug, input: { score: 1, code }, locale: "ru", address: address() }), FEEDBACK_ERRORS.codeUsed, 409);
    await domainError(
      submitRating({ slug, input: { score: 1, code: "ZZZZ-ZZZZ" }, locale: "ru", address: address() }),
      FEEDBACK_ERRORS.codeUnknown,
      422,
    );
    expect(await prisma.feedbackRating.count({ where: { agreementId: agreement.id } })).toBe(1);
  });

  it("counts a code used by two posts at the same moment once", async () => {
    const { slug, agreement, nco } = await ratedService();
    const { batch } = await generateCodes({ actor: nco.actor, agreementId: agreement.id, count: 1 });
    const { code } = (await getCodeBatch({ actor: nco.actor, agreementId: agreement.id, batch })).codes[0]!;
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => submitRating({ slug, input: { score: 5, code }, locale: "ky", address: address() })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ code: FEEDBACK_ERRORS.codeUsed });
    expect(await prisma.feedbackRating.count({ where: { agreementId: agreement.id } })).toBe(1);
  });

  it("refuses another service's code", async () => {
    const one = await ratedService();
    const other = await ratedService();
    const { batch } = await generateCodes({ actor: other.nco.actor, agreementId: other.agreement.id, count: 1 });
    const { code } = (await getCodeBatch({ actor: other.nco.actor, agreementId: other.agreement.id, batch })).codes[0]!;
    await domainError(
      submitRating({ slug: one.slug, input: { score: 5, code }, locale: "ky", address: address() }),
      FEEDBACK_ERRORS.codeUnknown,
    );
  });

  it("bounds ratings without a code from one address by the limiter", async () => {
    const { slug, agreement } = await ratedService();
    const from = address();
    const now = new Date();
    for (let i = 0; i < 3; i++) await submitRating({ slug, input: { score: 5 }, locale: "ky", address: from, now });
    const refused = await domainError(
      submitRating({ slug, input: { score: 5 }, locale: "ky", address: from, now }),
      FEEDBACK_ERRORS.limited,
      429,
    );
    expect(Number(refused.params.seconds)).toBeGreaterThan(0);
    // Another address is not held back, and after the window the first may rate again.
    await submitRating({ slug, input: { score: 4 }, locale: "ky", address: address(), now });
    await submitRating({ slug, input: { score: 4 }, locale: "ky", address: from, now: new Date(now.getTime() + 61 * 60_000) });
    expect(await prisma.feedbackRating.count({ where: { agreementId: agreement.id } })).toBe(5);
  });

  it("lets only the service's NCO reply", async () => {
    const { slug, agreement, nco, officer } = await ratedService();
    const { id } = await submitRating({ slug, input: { score: 2, comment: "Кезек узун" }, locale: "ky", address: address() });
    await domainError(replyToRating({ actor: officer.actor, agreementId: agreement.id, ratingId: id, reply: "Жооп" }), "forbidden", 403);
    const stranger = await createNcoMember();
    await domainError(replyToRating({ actor: stranger.actor, agreementId: agreement.id, ratingId: id, reply: "Жооп" }), "notFound", 404);
    const other = await ratedService();
    await domainError(
      replyToRating({ actor: other.nco.actor, agreementId: other.agreement.id, ratingId: id, reply: "Жооп" }),
      "notFound",
      404,
    );
    await replyToRating({ actor: nco.actor, agreementId: agreement.id, ratingId: id, reply: "Кезекти кыскартабыз" });
    const shown = await publicFeedback(agreement.id);
    expect(shown.comments[0]).toMatchObject({ comment: "Кезек узун", reply: "Кезекти кыскартабыз" });
  });

  it("raises the officer's card below an average of 3, and on a sudden drop, in the municipality only", async () => {
    const low = await ratedService();
    const at = (i: number) => new Date(Date.UTC(2026, 5, 1, 8, i));
    for (const [i, score] of [3, 3].entries())
      await submitRating({ slug: low.slug, input: { score }, locale: "ky", address: address(), now: at(i) });
    expect(await feedbackAttention(low.officer.actor)).toEqual([]);
    await submitRating({ slug: low.slug, input: { score: 2 }, locale: "ky", address: address(), now: at(3) });
    const cards = await feedbackAttention(low.officer.actor);
    expect(cards).toEqual([
      expect.objectContaining({ key: "feedbackLow", params: expect.objectContaining({ average: "2.7", count: "3" }) }),
    ]);
    expect((await attentionFor(low.officer.actor)).map((c) => c.key)).toContain("feedbackLow");
    expect(await feedbackAttention((await createStaff("PROGRAMME_OFFICER")).actor)).toEqual([]);
    expect(await feedbackAttention(low.nco.actor)).toEqual([]);

    const drop = await ratedService();
    const scores = [...Array<number>(10).fill(5), ...Array<number>(9).fill(4)];
    for (const [i, score] of scores.entries())
      await submitRating({ slug: drop.slug, input: { score }, locale: "ru", address: address(), now: at(i) });
    expect(await feedbackAttention(drop.officer.actor)).toEqual([]);
    await submitRating({ slug: drop.slug, input: { score: 4 }, locale: "ru", address: address(), now: at(30) });
    // The last ten average 4, the ten before them 5: a drop of one point.
    expect((await feedbackAttention(drop.officer.actor)).map((c) => c.key)).toEqual(["feedbackDrop"]);
  });

  it("generates the codes only for who may manage the service", async () => {
    const { agreement } = await ratedService();
    const stranger = await createNcoMember();
    await domainError(generateCodes({ actor: stranger.actor, agreementId: agreement.id, count: 5 }), "notFound", 404);
    const finance = await createStaff("FINANCE_OFFICER");
    await domainError(generateCodes({ actor: finance.actor, agreementId: agreement.id, count: 5 }), "forbidden", 403);
  });
});
