import { createHash, randomInt } from "node:crypto";
import { z } from "zod";
import { recordAudit } from "~/domains/audit/audit.server";
import { withStoredFiles } from "~/domains/files/storage.server";
import { notFound, notifyOrganization, requireOfficerCall } from "~/domains/reviews/access.server";
import { prisma } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import { getEnv } from "~/utils/env.server";
import { isLocale, localized, type AppLocale } from "~/utils/i18n";
import { logger } from "~/utils/logger.server";
import { assertCan, can, type Actor } from "~/utils/permissions";
import { CODE_ALPHABET, formatVerificationCode, isSha256Hex, normalizeVerificationCode, type LetterContent } from "./award-rules";
import { logoBytes } from "~/domains/municipalities/logo.server";
import { renderLetter, type LetterFacts } from "./letter-pdf.server";
import { finalizeCall } from "./standstill.server";

// Award letters. Two hashes, each covering one precise thing:
//  - the content hash, printed on the letter: SHA-256 of the canonical JSON
//    of the letter's facts (award-rules.ts, canonicalLetterContent). It is
//    recorded, with those facts, in the letter's "letter.issued" audit event,
//    whose hash chain makes it tamper-evident.
//  - the file hash, AwardLetter.sha256: SHA-256 of the PDF's bytes as stored
//    and served. It cannot be printed inside the file it hashes.
// A letter's file is stored before its row is created (on disk: fsynced and
// renamed into place; in the database: in the row's own transaction), so a
// row never exists without its file.

const LETTER_ACTION = "letter.issued";

export function newVerificationCode() {
  let raw = "";
  for (let i = 0; i < 12; i++) raw += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return formatVerificationCode(raw);
}

export function verifyUrl(code: string) {
  return `${getEnv().PUBLIC_URL.replace(/\/$/, "")}/verify/${code}`;
}

async function factsFor(awardId: string, language: AppLocale, verificationCode: string, issuedAt: Date): Promise<LetterFacts> {
  const award = await prisma.award.findUniqueOrThrow({
    where: { id: awardId },
    select: {
      reference: true,
      amount: true,
      finalScore: true,
      rank: true,
      decidedAt: true,
      organization: { select: { nameKy: true, nameRu: true, nameEn: true, registrationNumber: true, tin: true, address: true } },
      proposal: { select: { title: true, milestones: { orderBy: { position: "asc" }, select: { title: true } } } },
      call: {
        select: {
          reference: true,
          titleKy: true,
          titleRu: true,
          titleEn: true,
          municipality: {
            select: {
              nameKy: true,
              nameRu: true,
              nameEn: true,
              address: true,
              headNameKy: true,
              headNameRu: true,
              headNameEn: true,
              headPositionKy: true,
              headPositionRu: true,
              headPositionEn: true,
              logo: { select: { storageKey: true } },
            },
          },
        },
      },
    },
  });
  const municipality = award.call.municipality;
  return {
    language,
    verificationCode,
    verifyUrl: verifyUrl(verificationCode),
    issuedAt,
    municipality: {
      name: localized(municipality, "name", language),
      address: municipality.address,
      head: localized(municipality, "headName", language),
      headPosition: localized(municipality, "headPosition", language),
      logo: await logoBytes(municipality.logo),
    },
    award: { reference: award.reference, amount: award.amount, finalScore: award.finalScore, rank: award.rank, decidedAt: award.decidedAt },
    organization: {
      name: localized(award.organization, "name", language),
      registrationNumber: award.organization.registrationNumber,
      tin: award.organization.tin,
      address: award.organization.address,
    },
    call: { reference: award.call.reference, title: localized(award.call, "title", language) },
    projectTitle: award.proposal.title,
    milestones: award.proposal.milestones.map((m) => m.title),
  };
}

/**
 * Issues the letter of a FINAL award in the given language (the NCO's
 * preferred one by default); a letter issued before is revoked in the same
 * transaction. The NCO is notified.
 */
export async function issueLetter({
  actor,
  awardId,
  language,
  now = new Date(),
}: {
  actor: Actor;
  awardId: string;
  language?: AppLocale;
  now?: Date;
}) {
  assertCan(actor, "issue:letter:any");
  const award = await prisma.award.findFirst({
    where: { id: awardId, call: { municipalityId: actor.municipalityId ?? "" } },
    select: { id: true, status: true, reference: true, organizationId: true, organization: { select: { preferredLocale: true } } },
  });
  if (!award) throw notFound();
  if (award.status !== "FINAL") throw new DomainError("awards:errors.awardNotFinal", {}, 409);
  const lang = language ?? award.organization.preferredLocale;
  const issuedAt = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const code = newVerificationCode();
  const { pdf, contentSha256, content } = await renderLetter(await factsFor(award.id, lang, code, issuedAt));
  const sha256 = createHash("sha256").update(pdf).digest("hex");
  return withStoredFiles(async (store) => {
    return prisma.$transaction(async (tx) => {
      const storageKey = await store(pdf, tx);
      const revoked = await tx.awardLetter.updateMany({ where: { awardId: award.id, revokedAt: null }, data: { revokedAt: issuedAt } });
      const letter = await tx.awardLetter.create({
        data: { awardId: award.id, language: lang, storageKey, sha256, verificationCode: code, issuedById: actor.id, issuedAt },
        select: { id: true, verificationCode: true, sha256: true },
      });
      await notifyOrganization(tx, {
        organizationId: award.organizationId,
        template: "awards.letterIssued",
        payload: { award: award.reference, code, url: verifyUrl(code) },
        dedupeKey: `letter:${letter.id}`,
      });
      await recordAudit(tx, {
        actor,
        action: LETTER_ACTION,
        entityType: "AwardLetter",
        entityId: letter.id,
        after: { awardId: award.id, fileSha256: sha256, contentSha256, content, revokedEarlier: revoked.count },
        now: issuedAt,
      });
      return { ...letter, contentSha256 };
    });
    // A failed COMMIT may still have stored the row (PostgreSQL stopped mid-commit): its file must stay then.
  }, letterRecorded);
}

async function letterRecorded(storageKey: string) {
  return (await prisma.awardLetter.count({ where: { storageKey } })) > 0;
}

// ───────────── batch issue with progress ─────────────

type BatchJob = { running: boolean; startedAt: Date; failed: string[] };
declare global {
  // The batch runs inside the server process; its progress is read from the database.
  var __letterJobs: Map<string, BatchJob> | undefined;
}
const jobs = (globalThis.__letterJobs ??= new Map());

/** FINAL awards of the call and how many of them have a letter in force. */
export async function getBatchProgress({ actor, callId, now = new Date() }: { actor: Actor; callId: string; now?: Date }) {
  const call = await requireOfficerCall(actor, callId, "issue:letter:any");
  const awards = await prisma.award.findMany({
    where: { callId, status: { in: ["FINAL", "PROPOSED"] } },
    orderBy: { rank: "asc" },
    select: {
      id: true,
      reference: true,
      status: true,
      amount: true,
      organization: { select: { nameKy: true, nameRu: true, nameEn: true, preferredLocale: true } },
      letters: { where: { revokedAt: null }, take: 1, select: { verificationCode: true, language: true, issuedAt: true } },
    },
  });
  const final = awards.filter((a) => a.status === "FINAL");
  const job = jobs.get(callId);
  const standstillOver = call.standstillEndsAt !== null && call.standstillEndsAt <= now;
  return {
    call,
    awards,
    total: final.length,
    issued: final.filter((a) => a.letters.length).length,
    awaitingFinalization: awards.length - final.length,
    standstillOver,
    running: job?.running ?? false,
    failed: job?.failed ?? [],
  };
}

/**
 * Starts issuing the letters of every FINAL award of the call that has none
 * (finalizing the decision first when its standstill is over). Returns at
 * once; the page polls the progress. A second start while one runs is a no-op,
 * and a restart after a crash continues where the letters stop.
 */
export async function startBatchIssue({ actor, callId, now = new Date() }: { actor: Actor; callId: string; now?: Date }) {
  await requireOfficerCall(actor, callId, "issue:letter:any");
  if (jobs.get(callId)?.running) return { started: false };
  await finalizeCall({ callId, now });
  const job: BatchJob = { running: true, startedAt: now, failed: [] };
  jobs.set(callId, job);
  const pending = await prisma.award.findMany({
    where: { callId, status: "FINAL", letters: { none: { revokedAt: null } } },
    orderBy: { rank: "asc" },
    select: { id: true, reference: true },
  });
  const run = async () => {
    for (const award of pending) {
      try {
        await issueLetter({ actor, awardId: award.id });
      } catch (error) {
        logger.error({ err: error, award: award.reference }, `letter for ${award.reference} failed`);
        job.failed.push(award.reference);
      }
    }
  };
  const done = run().finally(() => (job.running = false));
  return { started: true, pending: pending.length, done };
}

// ───────────── download and verification ─────────────

/** The letter in force of an award, for the officer or the NCO it was issued to. */
export async function getLetterForDownload({ actor, awardId }: { actor: Actor; awardId: string }) {
  const staff = can(actor, "issue:letter:any");
  if (!staff && !can(actor, "read:award:own")) throw notFound();
  const letter = await prisma.awardLetter.findFirst({
    where: {
      awardId,
      revokedAt: null,
      award: staff
        ? { call: { municipalityId: actor.municipalityId ?? "" } }
        : { organizationId: { in: actor.organizations.map((o) => o.id) } },
    },
    orderBy: { issuedAt: "desc" },
    select: { storageKey: true, sha256: true, language: true, award: { select: { reference: true } } },
  });
  if (!letter) throw notFound();
  return letter;
}

/** The letter as attachmentResponse serves it (which reads the file, and its size, through the storage module). */
export function letterAttachment(letter: { storageKey: string; sha256: string; language: string; award: { reference: string } }) {
  return {
    storageKey: letter.storageKey,
    sha256: letter.sha256,
    mediaType: "application/pdf",
    originalName: `award-letter-${letter.award.reference}-${letter.language}.pdf`,
  };
}

// The "letter.issued" audit event's `after`, read back: parsed, not asserted. Its one writer is issueLetter
// (contentSha256 and renderLetter's LetterContent, whose fields have not changed since letters were first issued);
// the other fields it records are not read here.
const IssuedLetterSchema = z.object({
  contentSha256: z.string(),
  content: z.object({
    verificationCode: z.string(),
    awardReference: z.string(),
    language: z.enum(["ky", "ru", "en"]),
    issuedAt: z.string(),
    municipality: z.string(),
    organization: z.string(),
    registrationNumber: z.string(),
    tin: z.string(),
    callReference: z.string(),
    projectTitle: z.string(),
    amountTyiyn: z.string(),
    amountWords: z.string(),
    tranches: z.array(z.object({ position: z.number(), shareBp: z.number(), amountTyiyn: z.string() })),
  }) satisfies z.ZodType<LetterContent>,
});

/** The facts of a letter as issued (from its audit record), for the public verification page. */
export async function getLetterByCode(input: string) {
  const code = normalizeVerificationCode(input);
  if (!code) return null;
  const letter = await prisma.awardLetter.findUnique({
    where: { verificationCode: code },
    select: {
      id: true,
      verificationCode: true,
      language: true,
      sha256: true,
      issuedAt: true,
      revokedAt: true,
      award: { select: { status: true, call: { select: { id: true } } } },
    },
  });
  if (!letter) return null;
  const event = await prisma.auditEvent.findFirst({
    where: { entityType: "AwardLetter", entityId: letter.id, action: LETTER_ACTION },
    select: { after: true },
  });
  const recorded = event?.after ? IssuedLetterSchema.parse(JSON.parse(event.after)) : null;
  if (!recorded) return null;
  return {
    code: letter.verificationCode,
    language: isLocale(letter.language) ? letter.language : "ky",
    fileSha256: letter.sha256,
    contentSha256: recorded.contentSha256,
    content: recorded.content,
    issuedAt: letter.issuedAt,
    revokedAt: letter.revokedAt,
    awardStatus: letter.award.status,
    callId: letter.award.call.id,
  };
}

export type HashMatch = "file" | "content" | "none";

/** Whether a hash someone holds is this letter's file hash or its printed content hash. */
export function matchHash(letter: { fileSha256: string; contentSha256: string }, input: string): HashMatch | null {
  const hash = input.trim().toLowerCase();
  if (!isSha256Hex(hash)) return null;
  if (hash === letter.fileSha256) return "file";
  if (hash === letter.contentSha256) return "content";
  return "none";
}

/** The letter whose file has exactly this SHA-256, if any (an uploaded PDF is identified by its bytes). */
export async function findLetterByFileHash(sha256: string) {
  return prisma.awardLetter.findUnique({ where: { sha256 }, select: { verificationCode: true, revokedAt: true } });
}
