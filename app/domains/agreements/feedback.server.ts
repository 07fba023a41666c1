import { createHmac, randomInt } from "node:crypto";
import { recordAudit } from "~/domains/audit/audit.server";
import { prisma, type Tx } from "~/utils/db.server";
import { DomainError, assert } from "~/utils/domain-error";
import { getEnv } from "~/utils/env.server";
import { isUniqueViolation } from "~/utils/guards";
import { RateLimiter } from "~/utils/rate-limit.server";
import { assertCan, can, type Actor } from "~/utils/permissions";
import { agreementScope } from "./agreement-scope.server";
import { codeFrom, feedbackAlarm, isCodeShape, normalizeCode, summarize, MAX_CODES_PER_BATCH } from "./feedback-rules";
import type { RatingInput } from "./feedback-schemas";

// Beneficiary feedback on a funded service (decision 0079). Ratings are anonymous: no name, no
// contact, no address on the rating row. Stuffing is bounded by one-time codes when the NCO prints
// them, and otherwise by rate limits whose keys are a keyed hash of the address, kept only for
// the limiter's window.

/** Agreements whose service can be rated: signed (and closed ones, whose service has ended but may still be rated). */
const RATEABLE = { status: { in: ["SIGNED" as const, "CLOSED" as const] } };

export const ratingsByAddress = new RateLimiter("feedback-address", 3, 60 * 60_000);
export const ratingsByService = new RateLimiter("feedback-service", 60, 60 * 60_000);
export const codeGuessesByAddress = new RateLimiter("feedback-code-guess", 10, 15 * 60_000);

/** The limiter's key for an address: a keyed hash, so the stored digest cannot be reversed by trying every address. */
export function addressKey(address: string): string {
  return createHmac("sha256", getEnv().SESSION_SECRET).update(`feedback:${address}`).digest("hex");
}

export const FEEDBACK_ERRORS = {
  codeUsed: "grants:feedback.error.codeUsed",
  codeUnknown: "grants:feedback.error.codeUnknown",
  limited: "grants:feedback.error.limited",
  notNco: "grants:feedback.error.notNco",
} as const;

async function scopedAgreement(actor: Actor, agreementId: string) {
  const scope = agreementScope(actor);
  const agreement = scope
    ? await prisma.agreement.findFirst({ where: { id: agreementId, ...scope }, select: { id: true, status: true, number: true } })
    : null;
  if (!agreement) throw new DomainError("notFound", {}, 404);
  return agreement;
}

function assertManages(actor: Actor) {
  assertCan(actor, ["manage:feedback:own", "manage:feedback:any"]);
}

const SLUG_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

/** Gives the service its short link (once; a second call answers the same link). */
export async function issueFeedbackLink({ actor, agreementId }: { actor: Actor; agreementId: string }) {
  assertManages(actor);
  const agreement = await scopedAgreement(actor, agreementId);
  assert(agreement.status === "SIGNED" || agreement.status === "CLOSED", "grants:feedback.error.notSigned", {}, 409);
  for (let attempt = 0; attempt < 5; attempt++) {
    const existing = await prisma.feedbackLink.findUnique({ where: { agreementId }, select: { slug: true } });
    if (existing) return existing;
    const slug = Array.from({ length: 7 }, () => SLUG_ALPHABET[randomInt(SLUG_ALPHABET.length)]).join("");
    try {
      return await prisma.$transaction(async (tx) => {
        const link = await tx.feedbackLink.create({ data: { agreementId, slug, createdById: actor.id }, select: { slug: true } });
        await recordAudit(tx, { actor, action: "feedback.link_issued", entityType: "Agreement", entityId: agreementId, after: { slug } });
        return link;
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw new Error("feedback link: no free slug after five attempts");
}

/** What the public rating page shows for a short link; 404 for an unknown one. */
export async function getRatingPage(slug: string) {
  const link = await prisma.feedbackLink.findFirst({
    where: { slug: slug.toLowerCase(), agreement: RATEABLE },
    select: {
      slug: true,
      agreement: {
        select: {
          id: true,
          award: {
            select: {
              proposal: { select: { title: true } },
              organization: { select: { nameKy: true, nameRu: true, nameEn: true } },
            },
          },
        },
      },
    },
  });
  if (!link) throw new DomainError("notFound", {}, 404);
  return {
    slug: link.slug,
    projectId: link.agreement.id,
    title: link.agreement.award.proposal.title,
    organization: link.agreement.award.organization,
  };
}

/**
 * A beneficiary's rating by the short link. With a code: the code must belong to this service and
 * be unused; it is spent in the same statement that checks it, so two posts of one code count once.
 * Without one: at most 3 ratings an hour from one address and 60 an hour for the service.
 */
export async function submitRating({
  slug,
  input,
  locale,
  address,
  now = new Date(),
}: {
  slug: string;
  input: RatingInput;
  locale: "ky" | "ru" | "en";
  address: string;
  now?: Date;
}): Promise<{ id: string }> {
  const page = await getRatingPage(slug);
  const agreementId = page.projectId;
  const key = addressKey(address);
  const code = input.code ? normalizeCode(input.code) : null;
  if (code !== null) {
    const wait = await codeGuessesByAddress.retryAfter(key, now.getTime());
    if (wait > 0) throw new DomainError(FEEDBACK_ERRORS.limited, { seconds: wait }, 429);
    if (!isCodeShape(code)) {
      await codeGuessesByAddress.hit(key, now.getTime());
      throw new DomainError(FEEDBACK_ERRORS.codeUnknown, {}, 422);
    }
  } else {
    const wait = Math.max(
      await ratingsByAddress.hit(`${agreementId}:${key}`, now.getTime()),
      await ratingsByService.hit(agreementId, now.getTime()),
    );
    if (wait > 0) throw new DomainError(FEEDBACK_ERRORS.limited, { seconds: wait }, 429);
  }
  try {
    return await prisma.$transaction(async (tx) => {
      let codeId: string | null = null;
      if (code !== null) codeId = await spendCode(tx, agreementId, code, now);
      const rating = await tx.feedbackRating.create({
        data: { agreementId, score: input.score, comment: input.comment ?? null, locale, codeId, createdAt: now },
        select: { id: true },
      });
      await recordAudit(tx, {
        actor: null,
        action: "feedback.rated",
        entityType: "Agreement",
        entityId: agreementId,
        after: { ratingId: rating.id, score: input.score, withCode: codeId !== null },
        now,
      });
      return rating;
    });
  } catch (error) {
    if (error instanceof DomainError && error.code === FEEDBACK_ERRORS.codeUnknown) await codeGuessesByAddress.hit(key, now.getTime());
    // The losing twin of a code spent at the same moment (PostgreSQL: the unique codeId) is a reuse.
    if (isUniqueViolation(error)) throw new DomainError(FEEDBACK_ERRORS.codeUsed, {}, 409);
    throw error;
  }
}

async function spendCode(tx: Tx, agreementId: string, code: string, now: Date): Promise<string> {
  const row = await tx.feedbackCode.findFirst({ where: { code, agreementId }, select: { id: true } });
  if (!row) throw new DomainError(FEEDBACK_ERRORS.codeUnknown, {}, 422);
  const spent = await tx.feedbackCode.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } });
  if (spent.count !== 1) throw new DomainError(FEEDBACK_ERRORS.codeUsed, {}, 409);
  return row.id;
}

/** Prints a batch of one-time codes for attendance sheets; answers the batch number. */
export async function generateCodes({ actor, agreementId, count }: { actor: Actor; agreementId: string; count: number }) {
  assertManages(actor);
  const agreement = await scopedAgreement(actor, agreementId);
  assert(agreement.status === "SIGNED" || agreement.status === "CLOSED", "grants:feedback.error.notSigned", {}, 409);
  assert(Number.isInteger(count) && count >= 1 && count <= MAX_CODES_PER_BATCH, "validation:feedbackCodeCount", {}, 422);
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await prisma.$transaction(async (tx) => {
        const last = await tx.feedbackCode.aggregate({ where: { agreementId }, _max: { batch: true } });
        const batch = (last._max.batch ?? 0) + 1;
        const codes = new Set<string>();
        while (codes.size < count) codes.add(codeFrom(randomInt));
        await tx.feedbackCode.createMany({ data: [...codes].map((code) => ({ agreementId, code, batch, createdById: actor.id })) });
        await recordAudit(tx, {
          actor,
          action: "feedback.codes_generated",
          entityType: "Agreement",
          entityId: agreementId,
          after: { batch, count },
        });
        return { batch, count };
      });
    } catch (error) {
      // A code (40 random bits) met an existing one, or two batches took the same number: draw again.
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw new Error("feedback codes: no free codes after five attempts");
}

/** A batch's codes, to print. */
export async function getCodeBatch({ actor, agreementId, batch }: { actor: Actor; agreementId: string; batch: number }) {
  assertManages(actor);
  const agreement = await scopedAgreement(actor, agreementId);
  const codes = await prisma.feedbackCode.findMany({
    where: { agreementId, batch },
    orderBy: { code: "asc" },
    select: { code: true, usedAt: true },
  });
  if (codes.length === 0) throw new DomainError("notFound", {}, 404);
  const link = await prisma.feedbackLink.findUnique({ where: { agreementId }, select: { slug: true } });
  return { number: agreement.number, batch, codes, slug: link?.slug ?? null };
}

/** The NCO's public answer to a rating (one answer; writing again replaces it). Only the NCO of the service replies. */
export async function replyToRating({
  actor,
  agreementId,
  ratingId,
  reply,
}: {
  actor: Actor;
  agreementId: string;
  ratingId: string;
  reply: string;
}) {
  assertCan(actor, "reply:feedback:own");
  await scopedAgreement(actor, agreementId);
  return prisma.$transaction(async (tx) => {
    const rating = await tx.feedbackRating.findFirst({ where: { id: ratingId, agreementId }, select: { id: true, reply: true } });
    if (!rating) throw new DomainError("notFound", {}, 404);
    await tx.feedbackRating.update({ where: { id: rating.id }, data: { reply, repliedAt: new Date(), repliedById: actor.id } });
    await recordAudit(tx, {
      actor,
      action: "feedback.replied",
      entityType: "FeedbackRating",
      entityId: rating.id,
      before: { reply: rating.reply },
      after: { reply },
    });
  });
}

const PUBLIC_COMMENTS = 30;

/** Ratings as the public project page shows them: the summary, and the latest comments with their replies. */
export async function publicFeedback(agreementId: string) {
  const [link, scores, comments] = await Promise.all([
    prisma.feedbackLink.findUnique({ where: { agreementId }, select: { slug: true } }),
    prisma.feedbackRating.findMany({ where: { agreementId }, select: { score: true } }),
    prisma.feedbackRating.findMany({
      where: { agreementId, OR: [{ comment: { not: null } }, { reply: { not: null } }] },
      orderBy: { createdAt: "desc" },
      take: PUBLIC_COMMENTS,
      select: { id: true, score: true, comment: true, locale: true, createdAt: true, reply: true, repliedAt: true },
    }),
  ]);
  return { slug: link?.slug ?? null, summary: summarize(scores.map((s) => s.score)), comments };
}

/** The feedback page of the NCO and the officer: link, summary, every rating, code batches. */
export async function getFeedbackAdmin({ actor, agreementId }: { actor: Actor; agreementId: string }) {
  assertManages(actor);
  const agreement = await scopedAgreement(actor, agreementId);
  const [link, ratings, batches] = await Promise.all([
    prisma.feedbackLink.findUnique({ where: { agreementId }, select: { slug: true } }),
    prisma.feedbackRating.findMany({
      where: { agreementId },
      orderBy: { createdAt: "desc" },
      take: 200,
      select: { id: true, score: true, comment: true, locale: true, createdAt: true, reply: true, codeId: true },
    }),
    prisma.feedbackCode.groupBy({ by: ["batch"], where: { agreementId }, _count: { _all: true }, orderBy: { batch: "asc" } }),
  ]);
  const used = await prisma.feedbackCode.groupBy({ by: ["batch"], where: { agreementId, usedAt: { not: null } }, _count: { _all: true } });
  const scores = await prisma.feedbackRating.findMany({ where: { agreementId }, orderBy: { createdAt: "asc" }, select: { score: true } });
  const oldestFirst = scores.map((s) => s.score);
  return {
    agreement,
    slug: link?.slug ?? null,
    summary: summarize(oldestFirst),
    alarm: feedbackAlarm(oldestFirst),
    ratings,
    batches: batches.map((b) => ({
      batch: b.batch,
      count: b._count._all,
      used: used.find((u) => u.batch === b.batch)?._count._all ?? 0,
    })),
    canReply: can(actor, "reply:feedback:own"),
  };
}

/** The officer's attention cards: services of the municipality whose feedback is low or dropped. */
export async function feedbackAttention(actor: Actor) {
  if (!can(actor, "manage:feedback:any")) return [];
  const scope = agreementScope(actor);
  if (!scope) return [];
  const rated = await prisma.feedbackRating.findMany({
    where: { agreement: { ...scope, ...RATEABLE } },
    orderBy: [{ agreementId: "asc" }, { createdAt: "asc" }],
    select: { agreementId: true, score: true, agreement: { select: { award: { select: { proposal: { select: { title: true } } } } } } },
  });
  const byAgreement = new Map<string, { title: string; scores: number[] }>();
  for (const r of rated) {
    const entry = byAgreement.get(r.agreementId) ?? { title: r.agreement.award.proposal.title, scores: [] };
    entry.scores.push(r.score);
    byAgreement.set(r.agreementId, entry);
  }
  const cards: { key: string; params: Record<string, string>; to: string }[] = [];
  for (const [agreementId, { title, scores }] of byAgreement) {
    const alarm = feedbackAlarm(scores);
    if (!alarm) continue;
    const { average, count } = summarize(scores);
    cards.push({
      key: alarm === "low" ? "feedbackLow" : "feedbackDrop",
      params: { title, average: String(average ?? ""), count: String(count) },
      to: `/agreements/${agreementId}/feedback`,
    });
  }
  return cards;
}
