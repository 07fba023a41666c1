import { setEnvelopeInTx } from "~/domains/budgets/budgets.server";
import { recordAudit } from "~/domains/audit/audit.server";
import { enqueueNotification } from "~/domains/notifications/notifications.server";
import { prisma, type Tx } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import { getEnv } from "~/utils/env.server";
import { localized } from "~/utils/i18n";
import { assertCan, type Actor } from "~/utils/permissions";
import { stringList, type CallStatusValue } from "./call-options";
import type { CallFields, CriterionInput } from "./call-schemas";
import {
  amendedDeadline,
  changesConditions,
  diffSnapshots,
  eligibilityChanges,
  eligibilityChangeToken,
  publishProblems,
  transitionProblem,
  type EligibilityChange,
  type Problem,
} from "./calls-rules";
import { isUniqueViolation } from "~/utils/guards";
import { budgetRulesOf } from "./budget-rules";
import { questionFieldsOf, questionSelect, type QuestionFields } from "./call-questions";
import { assertProblemOfMunicipality } from "~/domains/priorities/priorities.server";

/** Publishing was refused; `problems` says what is missing, as keys of "calls:publish.problem". */
export class CallNotReady extends DomainError {
  constructor(readonly problems: Problem[]) {
    super("calls:publish.refused", { count: problems.length }, 409);
  }
}

/**
 * An amendment would change who may apply or what they must attach, and the
 * officer has not confirmed exactly these changes: nothing is saved; the
 * summary goes back to the officer with the token to confirm it.
 */
export class EligibilityChangeUnconfirmed extends DomainError {
  constructor(
    readonly changes: EligibilityChange[],
    readonly token: string,
  ) {
    super("calls:amend.unconfirmed", { count: changes.length }, 409);
  }
}

/** Another municipality's call, or none: the same 404. */
async function ownedCall(tx: Tx, actor: Actor, callId: string) {
  const call = await tx.call.findFirst({ where: { id: callId, municipalityId: actor.municipalityId ?? "" }, select: fullCallSelect });
  if (!call) throw new DomainError("notFound", {}, 404);
  return call;
}

const criterionSelect = {
  position: true,
  nameKy: true,
  nameRu: true,
  nameEn: true,
  descriptionKy: true,
  descriptionRu: true,
  descriptionEn: true,
  maxScore: true,
  weight: true,
} as const;

export const fullCallSelect = {
  id: true,
  reference: true,
  status: true,
  municipalityId: true,
  appropriationId: true,
  titleKy: true,
  titleRu: true,
  titleEn: true,
  summaryKy: true,
  summaryRu: true,
  summaryEn: true,
  problemKy: true,
  problemRu: true,
  problemEn: true,
  targetGroupKy: true,
  targetGroupRu: true,
  targetGroupEn: true,
  eligibilityKy: true,
  eligibilityRu: true,
  eligibilityEn: true,
  eligibleLegalForms: true,
  eligibleRegions: true,
  minOrganizationAgeMonths: true,
  requiredDocuments: true,
  eligibilityEnforcement: true,
  budgetRules: true,
  envelope: true,
  minGrant: true,
  maxGrant: true,
  maxProposalsPerOrganization: true,
  publishAt: true,
  clarificationDeadline: true,
  submissionDeadline: true,
  reviewStartsAt: true,
  reviewEndsAt: true,
  publishedAt: true,
  cancelledReason: true,
  priorityProblemId: true,
  updatedAt: true,
  criteria: { orderBy: { position: "asc" }, select: criterionSelect },
  extraQuestions: { orderBy: { position: "asc" }, select: questionSelect },
} as const;

type FullCall = Awaited<ReturnType<typeof ownedCall>>;

type ListField = "legalForms" | "regions" | "requiredDocuments";

/**
 * The columns a call form writes (the envelope is set only through the
 * budget). The lists keep their type: the form's checked values, or a stored
 * call's JSON columns when a snapshot is taken of what is in the database.
 */
function columnsOf<Forms, Regions, Documents, Rules>(
  input: Omit<CallFields, ListField | "criteria" | "budgetRules" | "questions"> & {
    legalForms: Forms;
    regions: Regions;
    requiredDocuments: Documents;
    budgetRules: Rules;
  },
) {
  return {
    titleKy: input.titleKy,
    titleRu: input.titleRu,
    titleEn: input.titleEn,
    summaryKy: input.summaryKy,
    summaryRu: input.summaryRu,
    summaryEn: input.summaryEn,
    problemKy: input.problemKy,
    problemRu: input.problemRu,
    problemEn: input.problemEn,
    targetGroupKy: input.targetGroupKy,
    targetGroupRu: input.targetGroupRu,
    targetGroupEn: input.targetGroupEn,
    eligibilityKy: input.eligibilityKy,
    eligibilityRu: input.eligibilityRu,
    eligibilityEn: input.eligibilityEn,
    eligibleLegalForms: input.legalForms,
    eligibleRegions: input.regions,
    minOrganizationAgeMonths: input.minOrganizationAgeMonths,
    requiredDocuments: input.requiredDocuments,
    eligibilityEnforcement: input.eligibilityEnforcement,
    budgetRules: input.budgetRules,
    minGrant: input.minGrant,
    maxGrant: input.maxGrant,
    maxProposalsPerOrganization: input.maxProposalsPerOrganization,
    publishAt: input.publishAt,
    clarificationDeadline: input.clarificationDeadline,
    submissionDeadline: input.submissionDeadline,
    reviewStartsAt: input.reviewStartsAt,
    reviewEndsAt: input.reviewEndsAt,
    priorityProblemId: input.priorityProblemId,
  };
}

type Columns = ReturnType<typeof columnsOf<unknown, unknown, unknown, unknown>>;

type CriterionFields = Omit<CriterionInput, "position">;

function criteriaOf(rows: CriterionFields[]) {
  return rows.map((c) => ({
    nameKy: c.nameKy,
    nameRu: c.nameRu,
    nameEn: c.nameEn,
    descriptionKy: c.descriptionKy,
    descriptionRu: c.descriptionRu,
    descriptionEn: c.descriptionEn,
    maxScore: c.maxScore,
    weight: c.weight,
  }));
}

/** What an audit event and an amendment compare: every column a form writes, plus the criteria and the questions. */
function snapshotOf(columns: Columns, criteria: ReturnType<typeof criteriaOf>, questions: QuestionFields[]) {
  return {
    ...columns,
    eligibleLegalForms: stringList(columns.eligibleLegalForms),
    eligibleRegions: stringList(columns.eligibleRegions),
    requiredDocuments: stringList(columns.requiredDocuments),
    budgetRules: budgetRulesOf(columns.budgetRules),
    criteria,
    questions,
  };
}

function snapshotOfCall(call: FullCall) {
  // The call's own columns, under the names a form gives them; snapshotOf reads the JSON lists as lists.
  const columns = columnsOf({
    ...call,
    legalForms: call.eligibleLegalForms,
    regions: call.eligibleRegions,
    requiredDocuments: call.requiredDocuments,
  });
  return snapshotOf(columns, criteriaOf(call.criteria), call.extraQuestions.map(questionFieldsOf));
}

/**
 * Questions are kept by position like the criteria, so a question keeps its
 * row (and the drafts' answers) when only its wording changes.
 */
async function writeQuestions(tx: Tx, callId: string, questions: QuestionFields[]) {
  await tx.callQuestion.deleteMany({ where: { callId, position: { gte: questions.length } } });
  for (const [position, question] of questions.entries()) {
    const data = { ...question, options: question.options };
    await tx.callQuestion.upsert({
      where: { callId_position: { callId, position } },
      create: { callId, position, ...data },
      update: data,
    });
  }
}

/** Criteria are kept by position, so a criterion keeps its row (and any scores) when only its text changes. */
async function writeCriteria(tx: Tx, callId: string, criteria: ReturnType<typeof criteriaOf>) {
  await tx.callCriterion.deleteMany({ where: { callId, position: { gte: criteria.length } } });
  for (const [position, criterion] of criteria.entries()) {
    await tx.callCriterion.upsert({
      where: { callId_position: { callId, position } },
      create: { callId, position, ...criterion },
      update: criterion,
    });
  }
}

/** A new draft call drawing on one of the municipality's appropriations; its envelope starts at zero. */
export async function createCall({ actor, input, appropriationId }: { actor: Actor; input: CallFields; appropriationId: string }) {
  assertCan(actor, "manage:call:any");
  const appropriation = await prisma.appropriation.findFirst({
    where: { id: appropriationId, programme: { municipalityId: actor.municipalityId ?? "" } },
    select: { id: true, fiscalYear: true, closedAt: true, programme: { select: { code: true, municipalityId: true } } },
  });
  if (!appropriation) throw new DomainError("calls:errors.appropriationUnknown", {}, 400);
  if (appropriation.closedAt) throw new DomainError("budgets:errors.closed", { year: appropriation.fiscalYear }, 409);
  await assertProblemOfMunicipality(appropriation.programme.municipalityId, input.priorityProblemId);
  // The reference is the programme code and a running number; two officers creating a call at once retry.
  for (let attempt = 0; ; attempt++) {
    try {
      return await prisma.$transaction(async (tx) => {
        const count = await tx.call.count({ where: { appropriationId } });
        const reference = `${appropriation.programme.code}-${String(count + 1 + attempt).padStart(2, "0")}`;
        const columns = columnsOf(input);
        const call = await tx.call.create({
          data: { ...columns, reference, municipalityId: appropriation.programme.municipalityId, appropriationId, createdById: actor.id },
          select: { id: true, reference: true },
        });
        const criteria = criteriaOf(input.criteria);
        await writeCriteria(tx, call.id, criteria);
        await writeQuestions(tx, call.id, input.questions);
        await recordAudit(tx, {
          actor,
          action: "call.created",
          entityType: "Call",
          entityId: call.id,
          after: { reference, ...snapshotOf(columns, criteria, input.questions) },
        });
        return call;
      });
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 5) throw error;
    }
  }
}

/** Saves a draft. What is filled in must be valid; completeness is checked when publishing. */
export async function updateDraftCall({ actor, callId, input }: { actor: Actor; callId: string; input: CallFields }) {
  assertCan(actor, "manage:call:any");
  await assertProblemOfMunicipality(actor.municipalityId ?? "", input.priorityProblemId);
  return prisma.$transaction(async (tx) => {
    const call = await ownedCall(tx, actor, callId);
    if (call.status !== "DRAFT") throw new DomainError("calls:errors.notDraft", {}, 409);
    const columns = columnsOf(input);
    const criteria = criteriaOf(input.criteria);
    const before = snapshotOfCall(call);
    const changes = diffSnapshots(before, snapshotOf(columns, criteria, input.questions));
    if (Object.keys(changes).length === 0) return { id: call.id, changed: false };
    const saved = await tx.call.updateMany({ where: { id: callId, status: "DRAFT" }, data: columns });
    if (saved.count !== 1) throw new DomainError("calls:errors.notDraft", {}, 409);
    await writeCriteria(tx, callId, criteria);
    await writeQuestions(tx, callId, input.questions);
    await recordAudit(tx, {
      actor,
      action: "call.updated",
      entityType: "Call",
      entityId: callId,
      before: pick(before, changes),
      after: pickAfter(changes),
    });
    return { id: call.id, changed: true };
  });
}

function pick(snapshot: Record<string, unknown>, changes: Record<string, unknown>) {
  return Object.fromEntries(Object.keys(changes).map((key) => [key, snapshot[key]]));
}

function pickAfter(changes: Record<string, { after: unknown }>) {
  return Object.fromEntries(Object.entries(changes).map(([key, change]) => [key, change.after]));
}

function rulesView(call: FullCall) {
  return { ...call, criteria: criteriaOf(call.criteria) };
}

/** What keeps the draft from being published, for the officer's checklist. */
export function readinessOf(call: FullCall, now: Date): Problem[] {
  const problems = publishProblems(rulesView(call), now);
  return call.priorityProblemId ? problems : [{ key: "priorityProblem" }, ...problems];
}

/**
 * Publishes a draft once every public text has Kyrgyz and Russian, the
 * criteria are complete and the envelope is allocated. The update is
 * conditional on the draft being exactly what was checked (updatedAt), so a
 * concurrent edit or envelope change cannot slip past the check.
 */
export async function publishCall({
  actor,
  callId,
  confirmed = true,
  now = new Date(),
}: {
  actor: Actor;
  callId: string;
  /** Whether the person saw what publishing does and confirmed it (the page posts false without that step). */
  confirmed?: boolean;
  now?: Date;
}) {
  assertCan(actor, "manage:call:any");
  return prisma.$transaction(async (tx) => {
    const call = await ownedCall(tx, actor, callId);
    const refused = transitionProblem(call.status, "PUBLISHED", { now, submissionDeadline: call.submissionDeadline });
    if (refused) throw new DomainError(refused, {}, 409);
    // A call answers a priority problem set after the hearings (decision 0078); a draft without one stays a draft.
    if (!call.priorityProblemId) throw new DomainError("calls:publish.priorityProblemRequired", {}, 409);
    const problems = readinessOf(call, now);
    if (problems.length) throw new CallNotReady(problems);
    if (!confirmed) throw new DomainError("calls:publish.confirmRequired", {}, 400);
    const publishAt = call.publishAt && call.publishAt > now ? call.publishAt : now;
    const published = await tx.call.updateMany({
      where: { id: callId, status: "DRAFT", updatedAt: call.updatedAt },
      data: { status: "PUBLISHED", publishedAt: now, publishAt },
    });
    if (published.count !== 1) throw new DomainError("calls:errors.changedMeanwhile", {}, 409);
    await recordAudit(tx, {
      actor,
      action: "call.published",
      entityType: "Call",
      entityId: callId,
      before: { status: "DRAFT" },
      after: { status: "PUBLISHED", publishAt, submissionDeadline: call.submissionDeadline, envelope: call.envelope },
      now,
    });
    return { id: callId, publishAt };
  });
}

/**
 * Amends a published, still open call. The reason is required and published;
 * the change is kept as a CallAmendment and an audit event; subscribers are told.
 */
export async function amendCall({
  actor,
  callId,
  input,
  reason,
  confirmedEligibility = "",
  now = new Date(),
}: {
  actor: Actor;
  callId: string;
  input: CallFields;
  reason: string;
  /** The token of the eligibility changes the officer was shown and confirmed (eligibilityChangeToken). */
  confirmedEligibility?: string;
  now?: Date;
}) {
  assertCan(actor, "manage:call:any");
  await assertProblemOfMunicipality(actor.municipalityId ?? "", input.priorityProblemId);
  return prisma.$transaction(async (tx) => {
    const call = await ownedCall(tx, actor, callId);
    if (call.status !== "PUBLISHED" || !call.submissionDeadline || call.submissionDeadline <= now) {
      throw new DomainError("calls:errors.notAmendable", {}, 409);
    }
    // The publication date of a published call is history, not something to amend; a call published
    // before priority problems existed keeps none unless the amendment names one.
    const columns = {
      ...columnsOf(input),
      publishAt: call.publishAt,
      priorityProblemId: input.priorityProblemId ?? call.priorityProblemId,
    };
    const criteria = criteriaOf(input.criteria);
    const before = snapshotOfCall(call);
    const requested = columns.submissionDeadline ?? call.submissionDeadline;
    const changes = diffSnapshots(before, snapshotOf({ ...columns, submissionDeadline: requested }, criteria, input.questions));
    if (Object.keys(changes).length === 0) throw new DomainError("calls:errors.nothingChanged", {}, 409);
    const eligibility = eligibilityChanges(before, snapshotOf(columns, criteria, input.questions));
    const token = eligibilityChangeToken(eligibility);
    if (eligibility.length && token !== confirmedEligibility) throw new EligibilityChangeUnconfirmed(eligibility, token);

    const outcome = amendedDeadline({ current: call.submissionDeadline, requested, now, conditionsChanged: changesConditions(changes) });
    if ("problem" in outcome) throw new DomainError(outcome.problem, {}, 409);
    const deadline = outcome.deadline;
    let { reviewStartsAt, reviewEndsAt } = columns;
    if (outcome.extended && reviewStartsAt && reviewStartsAt < deadline) {
      // The review cannot start before the moved deadline: the review period moves with it.
      const shift = deadline.getTime() - reviewStartsAt.getTime();
      reviewStartsAt = deadline;
      reviewEndsAt = reviewEndsAt ? new Date(reviewEndsAt.getTime() + shift) : reviewEndsAt;
    }
    const amended = { ...columns, submissionDeadline: deadline, reviewStartsAt, reviewEndsAt };
    const problems = publishProblems({ ...amended, envelope: call.envelope, criteria }, now).filter((p) => !toleratedInAmendment(p));
    if (problems.length) throw new CallNotReady(problems);

    const finalChanges = diffSnapshots(before, snapshotOf(amended, criteria, input.questions));
    const saved = await tx.call.updateMany({ where: { id: callId, status: "PUBLISHED", updatedAt: call.updatedAt }, data: amended });
    if (saved.count !== 1) throw new DomainError("calls:errors.changedMeanwhile", {}, 409);
    await writeCriteria(tx, callId, criteria);
    await writeQuestions(tx, callId, input.questions);
    const amendment = await tx.callAmendment.create({
      data: {
        callId,
        reason,
        changes: JSON.parse(JSON.stringify(finalChanges, (_k, v) => (typeof v === "bigint" ? v.toString() : v))),
        deadlineBefore: call.submissionDeadline,
        deadlineAfter: deadline,
        actorId: actor.id,
        createdAt: now,
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      actor,
      action: "call.amended",
      entityType: "Call",
      entityId: callId,
      before: pick(before, finalChanges),
      after: { ...pickAfter(finalChanges), reason, amendmentId: amendment.id, deadlineExtended: outcome.extended },
      now,
    });
    await notifySubscribers(tx, {
      callId,
      template: "call.amended",
      dedupe: `amendment:${amendment.id}`,
      call: { ...call, ...amended },
      extra: { reason, deadline: deadline.toISOString() },
    });
    return { id: callId, amendmentId: amendment.id, deadline, extended: outcome.extended, changed: Object.keys(finalChanges) };
  });
}

/** An amendment is made while the call runs: publication, and perhaps the clarification cut-off, are behind us. */
function toleratedInAmendment(problem: Problem) {
  return problem.key === "clarificationPast" || (problem.key === "timelineOrder" && problem.params?.first === "publishAt");
}

/** Cancels a draft or published call; its envelope goes back to the appropriation. */
export async function cancelCall({
  actor,
  callId,
  reason,
  now = new Date(),
}: {
  actor: Actor;
  callId: string;
  reason: string;
  now?: Date;
}) {
  assertCan(actor, "manage:call:any");
  return prisma.$transaction(async (tx) => {
    const call = await ownedCall(tx, actor, callId);
    const refused = transitionProblem(call.status, "CANCELLED", { now, submissionDeadline: call.submissionDeadline });
    if (refused) throw new DomainError(refused, {}, 409);
    await setEnvelopeInTx(tx, { actor, callId, envelope: 0n, statuses: ["DRAFT", "PUBLISHED"], note: "call cancelled", now });
    const cancelled = await tx.call.updateMany({
      where: { id: callId, status: call.status },
      data: { status: "CANCELLED", cancelledReason: reason },
    });
    if (cancelled.count !== 1) throw new DomainError("calls:errors.changedMeanwhile", {}, 409);
    await recordAudit(tx, {
      actor,
      action: "call.cancelled",
      entityType: "Call",
      entityId: callId,
      before: { status: call.status, envelope: call.envelope },
      after: { status: "CANCELLED", reason },
      now,
    });
    if (call.status === "PUBLISHED") {
      await notifySubscribers(tx, { callId, template: "call.cancelled", dedupe: `cancelled:${callId}`, call, extra: { reason } });
    }
    return { id: callId };
  });
}

/** Review, decision and completion; each only from the status before it (calls-rules). */
export async function changeCallStatus({
  actor,
  callId,
  to,
  now = new Date(),
}: {
  actor: Actor;
  callId: string;
  to: "IN_REVIEW" | "DECIDED" | "COMPLETED";
  now?: Date;
}) {
  assertCan(actor, "manage:call:any");
  return prisma.$transaction(async (tx) => {
    const call = await ownedCall(tx, actor, callId);
    const refused = transitionProblem(call.status, to, { now, submissionDeadline: call.submissionDeadline });
    if (refused) throw new DomainError(refused, {}, 409);
    const moved = await tx.call.updateMany({ where: { id: callId, status: call.status }, data: { status: to } });
    if (moved.count !== 1) throw new DomainError("calls:errors.changedMeanwhile", {}, 409);
    await recordAudit(tx, {
      actor,
      action: "call.status_changed",
      entityType: "Call",
      entityId: callId,
      before: { status: call.status },
      after: { status: to },
      now,
    });
    return { id: callId, status: to };
  });
}

// ───────────── Reading, for the officer ─────────────

export async function listCallsForOfficer({ actor, status }: { actor: Actor; status?: CallStatusValue }) {
  assertCan(actor, "manage:call:any");
  return prisma.call.findMany({
    where: { municipalityId: actor.municipalityId ?? "", status },
    orderBy: [{ createdAt: "desc" }],
    select: {
      id: true,
      reference: true,
      status: true,
      titleKy: true,
      titleRu: true,
      titleEn: true,
      envelope: true,
      publishAt: true,
      submissionDeadline: true,
      appropriation: { select: { fiscalYear: true, programme: { select: { code: true, nameKy: true, nameRu: true, nameEn: true } } } },
      _count: { select: { questions: { where: { answeredAt: null } } } },
    },
  });
}

/** Everything the officer's page of one call shows. */
export async function getCallForOfficer({ actor, callId, now = new Date() }: { actor: Actor; callId: string; now?: Date }) {
  assertCan(actor, "manage:call:any");
  const call = await prisma.call.findFirst({
    where: { id: callId, municipalityId: actor.municipalityId ?? "" },
    select: {
      ...fullCallSelect,
      createdAt: true,
      appropriation: {
        select: {
          id: true,
          fiscalYear: true,
          amount: true,
          allocated: true,
          programme: { select: { code: true, nameKy: true, nameRu: true, nameEn: true } },
        },
      },
      amendments: {
        orderBy: { createdAt: "desc" },
        select: { id: true, reason: true, changes: true, deadlineBefore: true, deadlineAfter: true, createdAt: true },
      },
      ledger: { orderBy: { createdAt: "desc" }, take: 20, select: { id: true, kind: true, amount: true, createdAt: true, note: true } },
      _count: { select: { subscriptions: true, documents: true } },
    },
  });
  if (!call) return null;
  return { ...call, problems: call.status === "DRAFT" ? readinessOf(call, now) : [] };
}

// ───────────── Subscriptions ─────────────

export async function followCall({ actor, callId }: { actor: Actor; callId: string }) {
  try {
    await prisma.$transaction(async (tx) => {
      const exists = await tx.call.findFirst({ where: { id: callId, status: { not: "DRAFT" } }, select: { id: true } });
      if (!exists) throw new DomainError("notFound", {}, 404);
      await subscribeInTx(tx, { actor, callId });
    });
  } catch (error) {
    // A double click: the unique index kept one subscription, which is what was asked for.
    if (!isUniqueViolation(error)) throw error;
  }
}

export async function subscribeInTx(tx: Tx, { actor, callId }: { actor: Pick<Actor, "id" | "label">; callId: string }) {
  const existing = await tx.callSubscription.findUnique({ where: { callId_userId: { callId, userId: actor.id } }, select: { id: true } });
  if (existing) return;
  await tx.callSubscription.create({ data: { callId, userId: actor.id } });
  await recordAudit(tx, { actor, action: "call.followed", entityType: "Call", entityId: callId });
}

export async function unfollowCall({ actor, callId }: { actor: Actor; callId: string }) {
  await prisma.$transaction(async (tx) => {
    const removed = await tx.callSubscription.deleteMany({ where: { callId, userId: actor.id } });
    if (removed.count) await recordAudit(tx, { actor, action: "call.unfollowed", entityType: "Call", entityId: callId });
  });
}

export async function isFollowing(actor: Actor | null, callId: string) {
  if (!actor) return false;
  return Boolean(
    await prisma.callSubscription.findUnique({ where: { callId_userId: { callId, userId: actor.id } }, select: { id: true } }),
  );
}

type NoticeCall = Pick<FullCall, "id" | "reference" | "titleKy" | "titleRu" | "titleEn">;

/** One notice per subscriber, in the subscriber's language, written in the caller's transaction. */
export async function notifySubscribers(
  tx: Tx,
  {
    callId,
    template,
    dedupe,
    call,
    extra = {},
  }: { callId: string; template: string; dedupe: string; call: NoticeCall; extra?: Record<string, string> },
) {
  const subscribers = await tx.callSubscription.findMany({
    where: { callId },
    select: { user: { select: { id: true, email: true, locale: true, status: true } } },
  });
  const url = `${getEnv().PUBLIC_URL}/calls/${callId}`;
  for (const { user } of subscribers) {
    if (user.status !== "ACTIVE") continue;
    await enqueueNotification(tx, {
      channel: "EMAIL",
      recipient: user.email,
      template,
      locale: user.locale,
      payload: { reference: call.reference, title: localized(call, "title", user.locale), url, ...extra },
      dedupeKey: `${dedupe}:${user.id}`,
    });
  }
  return subscribers.length;
}
