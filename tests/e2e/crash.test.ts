/**
 * Crash safety, proven against the production server over HTTP, 20 rounds.
 * In each, 200 NCO accounts press Submit at once, each on a draft carrying an
 * uploaded document (one account in ten uploads another one first), while
 * the officer's batch issues 100 award letters in the server's background.
 * After a random share of the round's answers (5 to 95 %) the crash comes:
 * - SQLite: the server is killed with SIGKILL, then started again on the same
 *   database and storage.
 * - PostgreSQL: in alternate rounds the server is killed, or PostgreSQL (a
 *   cluster of the test's own, see crash-support.ts) is stopped in immediate
 *   mode (no checkpoint: crash recovery on start) and started again; the
 *   server must recover on its own.
 * After each crash: every acknowledged receipt is stored with its audit event
 * and its documents' hashes (files present and matching), every acknowledged
 * upload is attached, no letter is issued without its file (hash checked),
 * the audit chain verifies, and on SQLite `PRAGMA integrity_check` says ok.
 * Then the batch is started again and must finish the round's 100 letters.
 * CRASH_ROUNDS overrides the number of rounds (for a quick local run).
 */
import { randomInt, randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createPrismaClient, type Db } from "~/utils/db.server";
import { testDatabaseKind } from "../setup/test-database";
import {
  checkInvariants,
  createPgCluster,
  inChunks,
  seedCrashData,
  startLetterBatch,
  uploadThenSubmit,
  waitFor,
  type Acknowledged,
  type CrashData,
  type PgCluster,
  type Upload,
} from "./crash-support";
import { startPortal, type Portal } from "./support";

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 20);
const ACCOUNTS = 200;
const LETTERS = 100;
// One account in this many uploads a document before submitting (every draft already carries one).
const UPLOAD_EVERY = 10;
// A round's requests must all be answered (or cut off) within this, PostgreSQL's outage included.
const LOAD_LIMIT_MS = 120_000;
const uploadsIn = (round: number, account: number) => account % UPLOAD_EVERY === round % UPLOAD_EVERY;
const SESSION_SECRET = randomUUID() + randomUUID();
const sqlite = testDatabaseKind === "sqlite";

let cluster: PgCluster | undefined;
let portal: Portal;
let db: Db;
let data: CrashData;

beforeAll(async () => {
  if (!sqlite) cluster = await createPgCluster();
  const database = cluster ? { url: cluster.url, drop: async () => cluster!.drop() } : undefined;
  portal = await startPortal({ SESSION_SECRET, SEED_DEMO: "false" }, { database });
  db = createPrismaClient(portal.databaseUrl);
  data = await seedCrashData(db, {
    accounts: ACCOUNTS,
    rounds: ROUNDS,
    lettersPerRound: LETTERS,
    sessionSecret: SESSION_SECRET,
    storageDir: portal.storageDir,
  });
}, 300_000);

afterAll(async () => {
  await db?.$disconnect();
  if (portal) await portal.stop();
  else cluster?.drop();
});

type Crash = "server killed" | "PostgreSQL stopped";

/** Awards of the call with their letters in force (each a Kyrgyz binding and a Russian parallel text, issued together: decision 0080). */
const lettersOf = (callId: string) => db.award.count({ where: { callId, letters: { some: { revokedAt: null } } } });
// A connection of its own each time (see crash-support.ts, post).
const healthy = () =>
  fetch(`${portal.url}/readyz`, { headers: { Connection: "close" } }).then(
    (r) => r.ok,
    () => false,
  );

/** One round's load with its crash; returns what the portal acknowledged. */
async function crashRound(round: number, crash: Crash) {
  const callId = data.letterCalls[round]!;
  const started = await startLetterBatch(portal.url, data.officerCookie, callId);
  expect(started.status, "the letter batch starts").toBe(302);
  // The crash comes after a random share (5 to 95 %) of the round's answers: receipts and uploads.
  const uploaders = data.submitters.filter((_, i) => uploadsIn(round, i)).length;
  const trigger = randomInt(Math.ceil((ACCOUNTS + uploaders) * 0.05), Math.floor((ACCOUNTS + uploaders) * 0.95));
  let acknowledged = 0;
  let crashed = false;
  let fire!: () => void;
  const crashDone = new Promise<void>((resolve) => (fire = resolve)).then(async () => {
    crashed = true;
    if (crash === "server killed") return portal.kill();
    // PostgreSQL comes back after a short outage, whether or not the requests waiting on it have been answered.
    cluster!.stopImmediate();
    await new Promise((resolve) => setTimeout(resolve, randomInt(500, 2000)));
    await cluster!.start();
  });
  const loadStarted = performance.now();
  const load = Promise.all(
    data.submitters.map(async (submitter, i) => {
      const proposalId = submitter.proposals[round]!;
      const outcome = await uploadThenSubmit(portal.url, submitter, proposalId, {
        upload: uploadsIn(round, i),
        seeded: data.seededDocuments.get(proposalId)!,
        onAcknowledged: () => ++acknowledged === trigger && fire(),
      });
      // An answer that was neither a success nor cut off by the crash is a failure of its own.
      return { ...outcome, refusedBeforeCrash: !crashed && !outcome.receipt && outcome.status !== 0 };
    }),
  );
  const outcomes = await Promise.race([
    load,
    new Promise<never>((_, reject) =>
      setTimeout(
        () => reject(new Error(`round ${round}: requests unanswered after ${LOAD_LIMIT_MS / 1000} s:\n${portal.output().slice(-3000)}`)),
        LOAD_LIMIT_MS,
      ),
    ),
  ]);
  const loadEnded = !crashed;
  fire();
  await crashDone;
  const crashedAfterMs = performance.now() - loadStarted;
  if (crash === "server killed") await portal.restart();
  else
    await waitFor(healthy, 60_000, `the server did not recover within 60 s after PostgreSQL restarted:\n${portal.output().slice(-3000)}`);
  await waitFor(
    () =>
      db.$queryRawUnsafe("SELECT 1").then(
        () => true,
        () => false,
      ),
    30_000,
    "the test's own connection did not recover",
  );
  return {
    acknowledged: outcomes.flatMap((o) => (o.receipt ? [o.receipt] : [])),
    uploads: outcomes.flatMap((o) => (o.upload ? [o.upload] : [])),
    refusedBeforeCrash: outcomes.filter((o) => o.refusedBeforeCrash).map((o) => o.status),
    loadEnded,
    crashedAfterMs,
    lettersAtCrash: await lettersOf(callId),
  };
}

/** Starts the batch again after the crash (it resumes where the letters stop) until the round's letters are all issued. */
async function finishLetters(callId: string) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    await startLetterBatch(portal.url, data.officerCookie, callId).catch(() => null);
    let last = await lettersOf(callId);
    let progressAt = Date.now();
    while (last < LETTERS && Date.now() - progressAt < 3_000) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const now = await lettersOf(callId);
      if (now > last) [last, progressAt] = [now, Date.now()];
    }
    if (last === LETTERS) return;
    if (Date.now() > deadline) throw new Error(`the letter batch stopped at ${last} of ${LETTERS}:\n${portal.output().slice(-3000)}`);
  }
}

it(`keeps every acknowledged receipt and no letter without its file through ${ROUNDS} crashes under load (${testDatabaseKind})`, async () => {
  const began = performance.now();
  const totals = { receipts: 0, uploads: 0, interruptedBatches: 0, serverKills: 0, postgresStops: 0 };
  const allAcknowledged: Acknowledged[] = [];
  const allUploads: Upload[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const crash: Crash = sqlite || round % 2 === 0 ? "server killed" : "PostgreSQL stopped";
    const t0 = performance.now();
    const result = await crashRound(round, crash);
    const t1 = performance.now();
    expect(result.loadEnded, `round ${round}: the crash came within the load`).toBe(false);
    expect(result.refusedBeforeCrash, `round ${round}: answers other than a receipt before the crash`).toEqual([]);
    const proposalIds = data.submitters.map((s) => s.proposals[round]!);
    const findings = await checkInvariants(db, {
      sqlite,
      storageDir: portal.storageDir,
      acknowledged: result.acknowledged,
      uploads: result.uploads,
      proposalIds,
      hashLettersOf: [data.letterCalls[round]!],
    });
    expect(findings.problems, `round ${round} (${crash}), after recovery`).toEqual([]);
    const t2 = performance.now();
    await finishLetters(data.letterCalls[round]!);
    const t3 = performance.now();
    totals.receipts += result.acknowledged.length;
    totals.uploads += result.uploads.length;
    if (result.lettersAtCrash < LETTERS) totals.interruptedBatches += 1;
    if (crash === "server killed") totals.serverKills += 1;
    else totals.postgresStops += 1;
    allAcknowledged.push(...result.acknowledged);
    allUploads.push(...result.uploads);
    console.log(
      `[crash:${testDatabaseKind}] round ${round + 1}/${ROUNDS} ${crash}: ${result.acknowledged.length} receipts, ${result.uploads.length} uploads, letters at crash ${result.lettersAtCrash}/${LETTERS}, crash after ${(result.crashedAfterMs / 1000).toFixed(1)} s ` +
        `(load+recovery ${((t1 - t0) / 1000).toFixed(1)} s, checks ${((t2 - t1) / 1000).toFixed(1)} s, rest of the letters ${((t3 - t2) / 1000).toFixed(1)} s)`,
    );
  }
  // Everything once more at the end: all rounds' receipts, uploads and letters (every letter file hashed).
  const final = await checkInvariants(db, {
    sqlite,
    storageDir: portal.storageDir,
    acknowledged: allAcknowledged,
    uploads: allUploads,
    proposalIds: data.submitters.flatMap((s) => s.proposals),
    hashLettersOf: "all",
  });
  expect(final.problems).toEqual([]);
  expect(final.letters).toBe(ROUNDS * LETTERS * 2); // every award's two texts
  const stored = (
    await inChunks(
      allAcknowledged.map((a) => a.idempotencyKey),
      (keys) => db.proposalVersion.findMany({ where: { idempotencyKey: { in: keys } }, select: { id: true } }),
    )
  ).length;
  expect(stored).toBe(allAcknowledged.length);
  const seconds = (performance.now() - began) / 1000;
  console.log(
    `[crash:${testDatabaseKind}] ${ROUNDS} rounds (${totals.serverKills} server kills, ${totals.postgresStops} PostgreSQL immediate stops): ` +
      `${totals.receipts} receipts acknowledged, ${stored} stored, lost ${totals.receipts - stored}; ${totals.uploads} uploads acknowledged, all attached; ` +
      `letters ${final.letters} issued, ${final.lettersWithFile} with their file (batch interrupted in ${totals.interruptedBatches} rounds); ` +
      `${final.versions} versions stored, audit chain of ${final.auditEvents} events intact${sqlite ? ", integrity_check ok" : ""}; ${seconds.toFixed(0)} s`,
  );
}, 1_800_000);
