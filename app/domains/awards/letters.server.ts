import { createHash, randomInt } from "node:crypto";
import { z } from "zod";
import { recordAudit } from "~/domains/audit/audit.server";
import { withStoredFiles } from "~/domains/files/storage.server";
import { notFound, notifyOrganization, requireOfficerCall } from "~/domains/reviews/access.server";
import { prisma } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import { getEnv } from "~/utils/env.server";
import { isLocale, localized } from "~/utils/i18n";
import { logger } from "~/utils/logger.server";
import { assertCan, can, type Actor } from "~/utils/permissions";
import { CODE_ALPHABET, formatVerificationCode, isSha256Hex, normalizeVerificationCode, type LetterContent } from "./award-rules";
import { logoBytes } from "~/domains/municipalities/logo.server";
import { byTextRole, documentTexts, primaryText, type IssuedText } from "~/domains/pdf/text-roles";
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

type LetterText = IssuedText & { verificationCode: string };

/** Reads the award once; the result draws the facts of each language's text. */
async function letterFacts(awardId: string, issuedAt: Date) {
  const award = await prisma.award.findUniqueOrThrow({
    where: { id: awardId },
    select: {
      reference: true,
      amount: true,
      finalScore: true,
      rank: true,
      decidedAt: true,
      organization: { select: { nameKy: true, nameRu: true, nameEn: true, registrationNumber: true, tin: true, address: true } },
      proposal: {
        select: { title: true, titleKy: true, language: true, milestones: { orderBy: { position: "asc" }, select: { title: true } } },
      },
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
  const logo = await logoBytes(municipality.logo);
  return (text: LetterText, companions: LetterText[]): LetterFacts => {
    const { language, verificationCode } = text;
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
        logo,
      },
      award: {
        reference: award.reference,
        amount: award.amount,
        finalScore: award.finalScore,
        rank: award.rank,
        decidedAt: award.decidedAt,
      },
      organization: {
        name: localized(award.organization, "name", language),
        registrationNumber: award.organization.registrationNumber,
        tin: award.organization.tin,
        address: award.organization.address,
      },
      call: { reference: award.call.reference, title: localized(award.call, "title", language) },
      // The Kyrgyz title, where the organization gave one, is the Kyrgyz text's own (not marked as entered in another language).
      projectTitle: language === "ky" && award.proposal.titleKy ? award.proposal.titleKy : award.proposal.title,
      projectTitleIn: language === "ky" && award.proposal.titleKy ? "ky" : award.proposal.language,
      enteredIn: award.proposal.language,
      milestones: award.proposal.milestones.map((m) => m.title),
      textRole: text.role,
      companions,
    };
  };
}

/**
 * Issues the letters of a FINAL award as one set (decision 0080): the Kyrgyz
 * text (binding), the Russian parallel text and, on request (by default when
 * the organization prefers English), an English courtesy translation. Each is
 * its own PDF with its own code and hashes; the set issued before is revoked
 * in the same transaction. The NCO is notified once, with the binding code.
 */
export async function issueLetter({
  actor,
  awardId,
  courtesyEnglish,
  now = new Date(),
}: {
  actor: Actor;
  awardId: string;
  courtesyEnglish?: boolean;
  now?: Date;
}) {
  assertCan(actor, "issue:letter:any");
  const award = await prisma.award.findFirst({
    where: { id: awardId, call: { municipalityId: actor.municipalityId ?? "" } },
    select: { id: true, status: true, reference: true, organizationId: true, organization: { select: { preferredLocale: true } } },
  });
  if (!award) throw notFound();
  if (award.status !== "FINAL") throw new DomainError("awards:errors.awardNotFinal", {}, 409);
  const issuedAt = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const texts = documentTexts(courtesyEnglish ?? award.organization.preferredLocale === "en").map((text) => ({
    ...text,
    verificationCode: newVerificationCode(),
  }));
  const factsOf = await letterFacts(award.id, issuedAt);
  const rendered = await Promise.all(
    texts.map(async (text) => {
      const letter = await renderLetter(
        factsOf(
          text,
          texts.filter((other) => other !== text),
        ),
      );
      return { text, ...letter, sha256: createHash("sha256").update(letter.pdf).digest("hex") };
    }),
  );
  return withStoredFiles(async (store) => {
    return prisma.$transaction(async (tx) => {
      const revoked = await tx.awardLetter.updateMany({ where: { awardId: award.id, revokedAt: null }, data: { revokedAt: issuedAt } });
      const letters = [];
      for (const { text, pdf, sha256, contentSha256, content } of rendered) {
        const storageKey = await store(pdf, tx);
        const letter = await tx.awardLetter.create({
          data: {
            awardId: award.id,
            language: text.language,
            textRole: text.role,
            storageKey,
            sha256,
            verificationCode: text.verificationCode,
            issuedById: actor.id,
            issuedAt,
          },
          select: { id: true, language: true, textRole: true, verificationCode: true, sha256: true },
        });
        await recordAudit(tx, {
          actor,
          action: LETTER_ACTION,
          entityType: "AwardLetter",
          entityId: letter.id,
          after: { awardId: award.id, fileSha256: sha256, contentSha256, content, revokedEarlier: revoked.count },
          now: issuedAt,
        });
        letters.push({ ...letter, contentSha256 });
      }
      const binding = letters[0]!;
      await notifyOrganization(tx, {
        organizationId: award.organizationId,
        template: "awards.letterIssued",
        payload: { award: award.reference, code: binding.verificationCode, url: verifyUrl(binding.verificationCode) },
        dedupeKey: `letter:${binding.id}`,
      });
      // The binding text's facts answer for the set; every text is in `texts`.
      return { ...binding, texts: letters };
    });
    // A failed COMMIT may still have stored the rows (PostgreSQL stopped mid-commit): their files must stay then.
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
      letters: { where: { revokedAt: null }, select: { verificationCode: true, language: true, textRole: true, issuedAt: true } },
    },
  });
  for (const award of awards) award.letters = byTextRole(award.letters);
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

/**
 * A letter in force of an award, for the officer or the NCO it was issued to: the text in `language`
 * when one was issued in it, otherwise the binding (or only) text.
 */
export async function getLetterForDownload({ actor, awardId, language }: { actor: Actor; awardId: string; language?: string | null }) {
  const staff = can(actor, "issue:letter:any");
  if (!staff && !can(actor, "read:award:own")) throw notFound();
  const letters = await prisma.awardLetter.findMany({
    where: {
      awardId,
      revokedAt: null,
      award: staff
        ? { call: { municipalityId: actor.municipalityId ?? "" } }
        : { organizationId: { in: actor.organizations.map((o) => o.id) } },
    },
    select: { storageKey: true, sha256: true, language: true, textRole: true, award: { select: { reference: true } } },
  });
  // A set is issued and the one before it revoked in one transaction: the letters in force are one set.
  const letter = letters.find((l) => l.language === language) ?? primaryText(letters);
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
    textRole: z.enum(["BINDING", "PARALLEL", "COURTESY"]).optional(),
    texts: z.array(z.object({ language: z.enum(["ky", "ru", "en"]), verificationCode: z.string() })).optional(),
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
      textRole: true,
      awardId: true,
      award: { select: { status: true, call: { select: { id: true } } } },
    },
  });
  if (!letter) return null;
  // The other texts issued with it in the same instant (decision 0080).
  const companions =
    letter.textRole === "SOLE"
      ? []
      : await prisma.awardLetter.findMany({
          where: { awardId: letter.awardId, issuedAt: letter.issuedAt, id: { not: letter.id } },
          select: { language: true, textRole: true, verificationCode: true },
        });
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
    textRole: letter.textRole,
    companions: byTextRole(companions),
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
