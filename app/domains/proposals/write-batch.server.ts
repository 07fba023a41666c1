// Group commit for the deadline rush on SQLite.
//
// SQLite has one writer and the portal runs synchronous=FULL: every COMMIT
// waits for an fsync of the WAL (about 8 ms on these disks), during which the
// process does nothing else (better-sqlite3 is synchronous). One transaction
// per submission caps the portal near 1/fsync submissions a second, however
// fast the rest is. Submissions that arrive together are therefore written
// together: one transaction, each submission inside its own SAVEPOINT (a
// refused one rolls back alone), one fsync, and only then is any of them
// answered. Nothing is acknowledged before it is durable.
//
// PostgreSQL commits concurrent transactions in parallel (and groups their
// WAL flushes itself), so there each job is simply its own transaction.
import { databaseKind, prisma, type Tx } from "~/utils/db.server";

/** Bounds the wait of the last job in a batch (each submission is a few ms of work). */
const MAX_BATCH = 12;

/** A job's work returns how to hand its result over, which happens once the batch is committed. */
type Job = { work: (tx: Tx) => Promise<() => void>; reject: (error: unknown) => void };
type Outcome = { ok: true; deliver: () => void } | { ok: false; error: unknown };

const queue: Job[] = [];
let draining = false;

/** Runs `work` in a transaction that may be shared with other jobs; resolves once it is committed. */
export function inWriteBatch<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  if (databaseKind() !== "sqlite") return prisma.$transaction(work);
  return new Promise<T>((resolve, reject) => {
    queue.push({
      work: async (tx) => {
        const value = await work(tx);
        return () => resolve(value);
      },
      reject,
    });
    if (!draining) void drain();
  });
}

async function drain() {
  draining = true;
  try {
    while (queue.length) {
      const batch = queue.splice(0, MAX_BATCH);
      const outcomes: Outcome[] = [];
      try {
        await prisma.$transaction(async (tx) => {
          // Alone in its batch, a job needs no savepoint: its failure rolls the transaction back.
          if (batch.length === 1) outcomes.push({ ok: true, deliver: await batch[0]!.work(tx) });
          else for (const job of batch) outcomes.push(await runIsolated(tx, job));
        });
      } catch (error) {
        // The commit itself failed: none of the batch is stored, all of it is refused.
        for (const job of batch) job.reject(error);
        continue;
      }
      batch.forEach((job, i) => {
        const outcome = outcomes[i]!;
        if (outcome.ok) outcome.deliver();
        else job.reject(outcome.error);
      });
    }
  } finally {
    draining = false;
  }
}

async function runIsolated(tx: Tx, job: Job): Promise<Outcome> {
  await tx.$executeRawUnsafe("SAVEPOINT batch_job");
  try {
    const deliver = await job.work(tx);
    await tx.$executeRawUnsafe("RELEASE SAVEPOINT batch_job");
    return { ok: true, deliver };
  } catch (error) {
    await tx.$executeRawUnsafe("ROLLBACK TO SAVEPOINT batch_job");
    await tx.$executeRawUnsafe("RELEASE SAVEPOINT batch_job");
    return { ok: false, error };
  }
}
