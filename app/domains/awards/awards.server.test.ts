import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.STORAGE_DIR = `test-data/files-awards-${process.pid}-${Date.now()}`;
});

import { pathForKey, storageRoot } from "~/domains/files/storage.server";
import { decideAppeal } from "~/domains/reviews/appeals.server";
import { fileAppeal } from "~/domains/reviews/screening.server";
import { prisma } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import { actorOf, createStaff } from "../../../tests/factories";
import { createReviewCall, createSubmittedProposal, scoredCall } from "../../../tests/factories-reviews";
import { getDecisionBoard, offerReducedAmount, publishDecision, respondToOffer } from "./decision.server";
import { getBatchProgress, getLetterByCode, issueLetter, matchHash, startBatchIssue } from "./letters.server";
import { commitAward, finalizeCall, finalizeDueCalls } from "./standstill.server";
import { domainError } from "../../../tests/support/domain-error";
import { DAY_MS } from "~/utils/time";

afterAll(() => rmSync(storageRoot(), { recursive: true, force: true }));

const SOM = 100n;

describe("the decision board and the greedy fill", () => {
  it("ranks, fills the envelope in rank order and lists what blocks publishing", async () => {
    const { call, commission, proposals } = await scoredCall(
      [
        { requested: 200_000n * SOM, scores: [9, 9, 5] }, // 92
        { requested: 250_000n * SOM, scores: [8, 8, 4] }, // 80
        { requested: 150_000n * SOM, scores: [7, 7, 3] }, // 68
        { requested: 100_000n * SOM, scores: [2, 2, 1] }, // 20: below 50
      ],
      { envelope: 500_000n * SOM },
    );
    const board = await getDecisionBoard({ actor: commission.chair.actor, callId: call.id });
    expect(board.problems).toEqual([]);
    expect(board.rows.map((r) => [r.reference, r.rank, r.finalScore, r.line?.outcome])).toEqual([
      [proposals[0]!.reference, 1, 9200, "funded"],
      [proposals[1]!.reference, 2, 8000, "funded"],
      [proposals[2]!.reference, 3, 6800, "doesNotFit"],
      [proposals[3]!.reference, 4, 2000, "belowThreshold"],
    ]);
    expect(board.funded).toBe(450_000n * SOM);
    await domainError(getDecisionBoard({ actor: commission.members[0]!.actor, callId: call.id }), "reviews:errors.chairOnly");
  });

  it("offers the next proposal what is left; the NCO accepts with a revised budget or declines", async () => {
    const { call, commission, proposals, applicants } = await scoredCall([
      { requested: 200_000n * SOM, scores: [9, 9, 5] },
      { requested: 250_000n * SOM, scores: [8, 8, 4] },
      { requested: 150_000n * SOM, scores: [7, 7, 3] },
    ]);
    const chair = commission.chair.actor;
    await domainError(
      offerReducedAmount({ actor: chair, callId: call.id, proposalId: proposals[2]!.id, amount: 60_000n * SOM }),
      "awards:errors.exceedsEnvelope",
    );
    const award = await offerReducedAmount({ actor: chair, callId: call.id, proposalId: proposals[2]!.id, amount: 50_000n * SOM });
    expect((await getDecisionBoard({ actor: chair, callId: call.id })).problems).toEqual(["pendingOffers"]);
    await domainError(publishDecision({ actor: chair, callId: call.id }), "awards:errors.cannotPublish.pendingOffers");
    expect(await prisma.notification.count({ where: { recipient: applicants[2]!.user.email, template: "awards.reducedOffer" } })).toBe(1);

    await domainError(
      respondToOffer({ actor: applicants[0]!.actor, awardId: award.id, accept: true, revisedTotal: 50_000n * SOM }),
      "notFound",
    );
    await domainError(
      respondToOffer({ actor: applicants[2]!.actor, awardId: award.id, accept: true, revisedTotal: 50_001n * SOM }),
      "awards:errors.revisedAboveOffer",
    );
    // The call's minimum grant is 50 000 som: a revised budget under it is refused.
    await domainError(
      respondToOffer({ actor: applicants[2]!.actor, awardId: award.id, accept: true, revisedTotal: 49_000n * SOM }),
      "awards:errors.belowMinGrant",
    );
    await respondToOffer({ actor: applicants[2]!.actor, awardId: award.id, accept: true, revisedTotal: 50_000n * SOM });
    const board = await getDecisionBoard({ actor: chair, callId: call.id });
    expect(board.problems).toEqual([]);
    expect(board.rows[2]?.line).toMatchObject({ outcome: "funded", amount: 50_000n * SOM });
    expect(board.funded).toBe(500_000n * SOM);
  });

  it("publishes the decision: award rows, AWARDED / NOT_AWARDED, the standstill, the notices, and no money committed yet", async () => {
    const { call, commission, proposals, appropriation } = await scoredCall([
      { requested: 200_000n * SOM, scores: [9, 9, 5] },
      { requested: 400_000n * SOM, scores: [8, 8, 4] },
      { requested: 100_000n * SOM, scores: [7, 7, 3] },
    ]);
    const now = new Date();
    const { standstillEndsAt } = await publishDecision({ actor: commission.chair.actor, callId: call.id, now });
    expect(standstillEndsAt.getTime()).toBe(now.getTime() + 10 * DAY_MS);
    const awards = await prisma.award.findMany({ where: { callId: call.id }, orderBy: { rank: "asc" } });
    expect(awards.map((a) => [a.rank, a.status, a.amount, a.finalScore])).toEqual([
      [1, "PROPOSED", 200_000n * SOM, 9200],
      [3, "PROPOSED", 100_000n * SOM, 6800],
    ]);
    expect(awards[0]!.reference).toBe(`${call.reference}-001`);
    const statuses = await prisma.proposal.findMany({ where: { callId: call.id }, select: { id: true, status: true } });
    expect(statuses.find((p) => p.id === proposals[1]!.id)?.status).toBe("NOT_AWARDED");
    expect((await prisma.call.findUniqueOrThrow({ where: { id: call.id } })).committed).toBe(0n);
    expect((await prisma.appropriation.findUniqueOrThrow({ where: { id: appropriation.id } })).committed).toBe(0n);
    expect(
      await prisma.notification.count({ where: { template: { in: ["awards.awarded", "awards.notAwarded"] } } }),
    ).toBeGreaterThanOrEqual(3);
    await domainError(publishDecision({ actor: commission.chair.actor, callId: call.id }), "awards:errors.cannotPublish.notInReview");
  });
});

describe("publishing is confirmed against the awards the chair saw", () => {
  it("refuses a decision that changed after the confirmation was shown, and publishes the one confirmed", async () => {
    const { call, commission, proposals, applicants } = await scoredCall(
      [
        { requested: 200_000n * SOM, scores: [9, 9, 5] },
        { requested: 250_000n * SOM, scores: [8, 8, 4] },
        { requested: 150_000n * SOM, scores: [7, 7, 3] },
      ],
      { envelope: 510_000n * SOM },
    );
    const chair = commission.chair.actor;
    const award = await offerReducedAmount({ actor: chair, callId: call.id, proposalId: proposals[2]!.id, amount: 60_000n * SOM });
    await respondToOffer({ actor: applicants[2]!.actor, awardId: award.id, accept: true, revisedTotal: 60_000n * SOM });
    const shown = (await getDecisionBoard({ actor: chair, callId: call.id })).fingerprint;
    expect(shown).toContain(`${proposals[2]!.id}:${60_000n * SOM}`);
    // While the chair reads the confirmation, another tab lowers the offer and the NCO accepts it.
    await offerReducedAmount({ actor: chair, callId: call.id, proposalId: proposals[2]!.id, amount: 55_000n * SOM });
    await respondToOffer({ actor: applicants[2]!.actor, awardId: award.id, accept: true, revisedTotal: 55_000n * SOM });
    await domainError(publishDecision({ actor: chair, callId: call.id, confirmed: shown }), "awards:errors.decisionChanged");
    await domainError(publishDecision({ actor: chair, callId: call.id, confirmed: "" }), "awards:errors.decisionChanged");
    expect((await prisma.call.findUniqueOrThrow({ where: { id: call.id } })).status).toBe("IN_REVIEW");
    expect(await prisma.notification.count({ where: { recipient: applicants[0]!.user.email, template: "awards.awarded" } })).toBe(0);
    const current = (await getDecisionBoard({ actor: chair, callId: call.id })).fingerprint;
    await publishDecision({ actor: chair, callId: call.id, confirmed: current });
    expect((await prisma.call.findUniqueOrThrow({ where: { id: call.id } })).status).toBe("DECIDED");
  });
});

describe("standstill, appeals and final awards", () => {
  async function decided() {
    const setup = await scoredCall([
      { requested: 200_000n * SOM, scores: [9, 9, 5] },
      { requested: 200_000n * SOM, scores: [8, 8, 4] },
      { requested: 200_000n * SOM, scores: [7, 7, 3] },
    ]);
    const published = new Date();
    await publishDecision({ actor: setup.commission.chair.actor, callId: setup.call.id, now: published });
    return { ...setup, published, ends: new Date(published.getTime() + 10 * DAY_MS) };
  }

  it("becomes final only when the standstill ends with no open appeal, committing the budget once", async () => {
    const { call, appropriation, applicants, commission, proposals, ends } = await decided();
    expect((await finalizeCall({ callId: call.id, now: new Date(ends.getTime() - 1) })).finalized).toBe(0);
    const appeal = await fileAppeal({
      actor: applicants[2]!.actor,
      proposalId: proposals[2]!.id,
      kind: "DECISION",
      grounds: "Наш бюджет оценён неверно, просим пересмотреть.",
    });
    expect((await finalizeCall({ callId: call.id, now: ends })).finalized).toBe(0);
    await decideAppeal({
      actor: commission.chair.actor,
      callId: call.id,
      appealId: appeal.id,
      upheld: false,
      decision: "Оценка бюджета соответствует критериям.",
    });

    const [first, again] = [await finalizeCall({ callId: call.id, now: ends }), await finalizeCall({ callId: call.id, now: ends })];
    expect([first.finalized, again.finalized]).toEqual([2, 0]);
    const committed = 400_000n * SOM;
    expect((await prisma.call.findUniqueOrThrow({ where: { id: call.id } })).committed).toBe(committed);
    expect((await prisma.appropriation.findUniqueOrThrow({ where: { id: appropriation.id } })).committed).toBe(committed);
    const ledger = await prisma.ledgerEntry.findMany({ where: { callId: call.id, kind: "COMMITMENT" } });
    expect(ledger.reduce((s, l) => s + l.amount, 0n)).toBe(committed);
    expect(await prisma.award.count({ where: { callId: call.id, status: "FINAL" } })).toBe(2);
    expect(await prisma.auditEvent.count({ where: { action: "award.finalized" } })).toBe(2);
    // With the budget committed, the board still shows the decision as taken.
    const board = await getDecisionBoard({ actor: commission.chair.actor, callId: call.id });
    expect(board.rows.map((r) => [r.rank, r.line?.outcome, r.line?.amount, r.award?.status])).toEqual([
      [1, "funded", 200_000n * SOM, "FINAL"],
      [2, "funded", 200_000n * SOM, "FINAL"],
      [3, "doesNotFit", 0n, undefined],
    ]);
  });

  it("an upheld appeal against the decision reopens the review; republishing opens a new standstill", async () => {
    const { call, applicants, commission, proposals } = await decided();
    const appeal = await fileAppeal({
      actor: applicants[2]!.actor,
      proposalId: proposals[2]!.id,
      kind: "DECISION",
      grounds: "Комиссия не учла наш опыт работы с детьми.",
    });
    await decideAppeal({
      actor: commission.chair.actor,
      callId: call.id,
      appealId: appeal.id,
      upheld: true,
      decision: "Жалоба обоснована, комиссия пересмотрит оценку.",
    });
    const reopened = await prisma.call.findUniqueOrThrow({ where: { id: call.id } });
    expect([reopened.status, reopened.standstillEndsAt]).toEqual(["IN_REVIEW", null]);
    expect(await prisma.proposal.count({ where: { callId: call.id, status: "ELIGIBLE" } })).toBe(3);
    const later = new Date(Date.now() + DAY_MS);
    const { standstillEndsAt } = await publishDecision({ actor: commission.chair.actor, callId: call.id, now: later });
    expect(standstillEndsAt.getTime()).toBe(later.getTime() + 10 * DAY_MS);
    expect(await prisma.award.count({ where: { callId: call.id } })).toBe(2);
  });

  it("is made final by the background pass for every due call", async () => {
    const { call, ends } = await decided();
    const pass = await finalizeDueCalls(ends);
    expect(pass.finalized).toBeGreaterThanOrEqual(2); // earlier tests' calls share this database
    expect(await prisma.award.count({ where: { callId: call.id, status: "FINAL" } })).toBe(2);
    expect((await prisma.call.findUniqueOrThrow({ where: { id: call.id } })).committed).toBe(400_000n * SOM);
  });
});

describe("the committed total never exceeds the envelope", () => {
  it("100 racing final decisions (and retries of them) on one call commit at most its envelope", async () => {
    const envelope = 1_000_000n * SOM;
    const { call, officer, appropriation } = await createReviewCall({ envelope, status: "IN_REVIEW" });
    await prisma.call.update({ where: { id: call.id }, data: { status: "DECIDED" } });
    const amounts: bigint[] = [];
    const awardIds: string[] = [];
    for (let i = 0; i < 100; i++) {
      const { proposal } = await createSubmittedProposal(call.id, { createdById: officer.id, milestones: 0 });
      // 100 awards of 15 000–34 800 som: together about 2.5 times the envelope.
      const amount = (15_000n + BigInt((i * 7919) % 100) * 200n) * SOM;
      amounts.push(amount);
      const award = await prisma.award.create({
        data: {
          callId: call.id,
          proposalId: proposal.id,
          organizationId: proposal.organizationId,
          reference: `${call.reference}-${i}`,
          rank: i + 1,
          finalScore: 9000 - i,
          requestedAmount: amount,
          amount,
        },
      });
      awardIds.push(award.id);
    }
    // 30 in flight at once, three times the pool: the race is real, and no attempt waits past the
    // pool's bounded 10 s for a connection on a loaded machine. Each of the first 20 is retried right behind itself.
    const attempts = awardIds.flatMap((awardId, i) => (i < 20 ? [awardId, awardId] : [awardId]));
    const outcomesInOrder: string[] = new Array(attempts.length);
    let next = 0;
    await Promise.all(
      Array.from({ length: 30 }, async () => {
        while (next < attempts.length) {
          const k = next++;
          outcomesInOrder[k] = await commitAward({ awardId: attempts[k]! }).then(
            (done) => (done ? "committed" : "already"),
            (error: unknown) =>
              error instanceof DomainError && error.code === "awards:errors.envelopeExhausted" ? "refused" : Promise.reject(error),
          );
        }
      }),
    );
    // Per award: committed if either attempt committed it.
    const outcomeOf = new Map<string, string>();
    attempts.forEach((awardId, k) => outcomeOf.set(awardId, outcomeOf.get(awardId) === "committed" ? "committed" : outcomesInOrder[k]!));
    const outcomes = awardIds.map((awardId) => outcomeOf.get(awardId)!);
    const final = await prisma.award.findMany({ where: { callId: call.id, status: "FINAL" }, select: { amount: true } });
    const finalSum = final.reduce((s, a) => s + a.amount, 0n);
    const after = await prisma.call.findUniqueOrThrow({ where: { id: call.id } });
    const ledger = await prisma.ledgerEntry.findMany({ where: { callId: call.id, kind: "COMMITMENT" } });
    expect(after.committed <= envelope).toBe(true);
    expect(after.committed).toBe(finalSum);
    expect(ledger.reduce((s, l) => s + l.amount, 0n)).toBe(finalSum);
    expect(ledger).toHaveLength(final.length);
    expect((await prisma.appropriation.findUniqueOrThrow({ where: { id: appropriation.id } })).committed).toBe(finalSum);
    expect(outcomesInOrder.filter((o) => o === "committed")).toHaveLength(final.length);
    expect(outcomes.filter((o) => o === "refused").length).toBeGreaterThan(0);
    // Nothing left that would have fitted: every refused award is larger than what remains.
    const smallestRefused = amounts.filter((_, i) => outcomes[i] === "refused").reduce((m, a) => (a < m ? a : m));
    expect(envelope - after.committed < smallestRefused).toBe(true);
  });
});

describe("award letters", () => {
  async function finalAward() {
    const setup = await scoredCall([{ requested: 123_456n * SOM, scores: [9, 9, 5] }]);
    const now = new Date();
    await publishDecision({ actor: setup.commission.chair.actor, callId: setup.call.id, now });
    await finalizeCall({ callId: setup.call.id, now: new Date(now.getTime() + 10 * DAY_MS) });
    const award = await prisma.award.findFirstOrThrow({ where: { callId: setup.call.id } });
    return { ...setup, award };
  }

  it("are written to a durable file before the row, whose SHA-256 is the file's, and verify by code", async () => {
    const { award, officer, applicants } = await finalAward();
    const issued = await issueLetter({ actor: officer, awardId: award.id });
    const letter = await prisma.awardLetter.findUniqueOrThrow({ where: { id: issued.id } });
    // Kyrgyz binding and Russian parallel, whatever the organization prefers (here Russian); no English unless asked.
    expect(letter).toMatchObject({ language: "ky", textRole: "BINDING" });
    expect(issued.texts.map((text) => [text.language, text.textRole])).toEqual([
      ["ky", "BINDING"],
      ["ru", "PARALLEL"],
    ]);
    const file = readFileSync(pathForKey(letter.storageKey));
    expect(createHash("sha256").update(file).digest("hex")).toBe(letter.sha256);
    expect(readdirSync(path.join(storageRoot(), ".incoming"))).toEqual([]);
    expect(await prisma.notification.count({ where: { recipient: applicants[0]!.user.email, template: "awards.letterIssued" } })).toBe(1);

    const verified = (await getLetterByCode(letter.verificationCode.toLowerCase().replace(/-/g, " ")))!;
    expect(verified.content).toMatchObject({ awardReference: award.reference, amountTyiyn: (123_456n * SOM).toString() });
    expect(matchHash(verified, letter.sha256)).toBe("file");
    expect(matchHash(verified, issued.contentSha256.toUpperCase())).toBe("content");
    expect(matchHash(verified, "0".repeat(64))).toBe("none");
    expect(matchHash(verified, "not a hash")).toBeNull();
    expect(await getLetterByCode("ZZZZ-ZZZZ-ZZZZ")).toBeNull();

    // The Russian text is its own document: its own file, content hash and code, naming the binding one.
    const russian = issued.texts[1]!;
    const parallel = (await getLetterByCode(russian.verificationCode))!;
    expect(parallel).toMatchObject({ language: "ru", textRole: "PARALLEL" });
    expect(parallel.content).toMatchObject({
      textRole: "PARALLEL",
      texts: [{ language: "ky", verificationCode: issued.verificationCode }],
    });
    expect(matchHash(parallel, russian.sha256)).toBe("file");
    expect(matchHash(parallel, russian.contentSha256)).toBe("content");
    expect(matchHash(parallel, letter.sha256)).toBe("none");
    expect(parallel.companions.map((c) => c.verificationCode)).toEqual([issued.verificationCode]);
  });

  it("re-issued with an English courtesy translation, revoke the earlier set; only final awards of the officer's municipality get one", async () => {
    const { award, officer } = await finalAward();
    const first = await issueLetter({ actor: officer, awardId: award.id });
    const second = await issueLetter({ actor: officer, awardId: award.id, courtesyEnglish: true });
    for (const text of first.texts) expect((await getLetterByCode(text.verificationCode))?.revokedAt).not.toBeNull();
    expect(second.texts.map((text) => text.textRole)).toEqual(["BINDING", "PARALLEL", "COURTESY"]);
    expect((await getLetterByCode(second.texts[2]!.verificationCode))?.language).toBe("en");
    expect(await prisma.awardLetter.count({ where: { awardId: award.id, revokedAt: null } })).toBe(3);
    const stranger = await createStaff("PROGRAMME_OFFICER");
    await domainError(issueLetter({ actor: stranger.actor, awardId: award.id }), "notFound");
    await prisma.award.update({ where: { id: award.id }, data: { status: "PROPOSED" } });
    await domainError(issueLetter({ actor: officer, awardId: award.id }), "awards:errors.awardNotFinal");
  });

  it("are issued in a batch for every final award of a call, with progress", async () => {
    const setup = await scoredCall([
      { requested: 100_000n * SOM, scores: [9, 9, 5] },
      { requested: 100_000n * SOM, scores: [8, 8, 4] },
      { requested: 100_000n * SOM, scores: [7, 7, 3] },
    ]);
    const now = new Date();
    await publishDecision({ actor: setup.commission.chair.actor, callId: setup.call.id, now });
    const after = new Date(now.getTime() + 10 * DAY_MS);
    const before = await getBatchProgress({ actor: setup.officer, callId: setup.call.id, now: after });
    expect(before).toMatchObject({ total: 0, issued: 0, awaitingFinalization: 3, standstillOver: true });
    const started = await startBatchIssue({ actor: setup.officer, callId: setup.call.id, now: after });
    expect(started.started).toBe(true);
    await started.done;
    const progress = await getBatchProgress({ actor: setup.officer, callId: setup.call.id, now: after });
    expect(progress).toMatchObject({ total: 3, issued: 3, running: false, failed: [] });
    for (const letter of await prisma.awardLetter.findMany({ where: { award: { callId: setup.call.id } } })) {
      expect(existsSync(pathForKey(letter.storageKey))).toBe(true);
    }
    const nco = actorOf(setup.applicants[0]!.user, ["NCO_ADMIN"]);
    await domainError(getBatchProgress({ actor: nco, callId: setup.call.id }), "forbidden");
  });
});
