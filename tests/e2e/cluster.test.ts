/**
 * The deployment of decision 0065 on one machine: deploy/nginx/portal.conf (without TLS, on
 * loopback ports; tests/e2e/nginx.ts) in front of portal processes of the production build.
 *
 * Both legs: nginx never replays a POST on another instance (an upstream that takes a request
 * and drops the connection: the POST answers 502 and reaches nothing else, a GET is retried and
 * answered), passes the client address and its request id, and keeps /metrics to itself.
 *
 * PostgreSQL leg (issue 16's proof; several instances need one shared database, which SQLite with
 * its one writer per file is not): three release steps and three instances (SKIP_RELEASE=1,
 * FILE_STORE=database) started at once on one fresh database, 0 crashes; a session made on one
 * instance works on the others; uploads and award letters are served by every instance; the
 * per-account submit limit holds across instances; submissions through 1, 2 and 3 instances
 * (submits/s logged); one instance killed with SIGKILL and another sent SIGTERM under load:
 * every acknowledged receipt stored, the rest keeps answering. Money under a ceiling, raced over the
 * three instances and nginx at once: programme officers allocating draft calls' envelopes beyond
 * their appropriation, finance officers recording every payable tranche from every instance; the
 * accepted sum stays within the ceiling, each tranche is paid once, every refusal is a 409 with its
 * message, and the database's allocated / paid / disbursed figures and ledger equal what was
 * accepted. Last, once the sealer has sealed every event (`portal_audit_unsealed_events` 0), the
 * whole audit chain verifies with its HMACs (`npm run audit:verify`).
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import argon2 from "argon2";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tyiynToSomInput } from "~/domains/budgets/money";
import { createPrismaClient, type Db } from "~/utils/db.server";
import { freePort, stopProcess } from "../../scripts/portal-process";
import { PG_ADMIN_URL, testDatabaseKind } from "../setup/test-database";
import {
  pdfBytes,
  seedCrashData,
  startLetterBatch,
  uploadDocument,
  uploadThenSubmit,
  waitFor,
  type Acknowledged,
  type CrashData,
  type Upload,
} from "./crash-support";
import { httpRequest } from "./http";
import { startNginx, type Nginx } from "./nginx";
import { allocateFields, manualPaymentFields, messagesOf, postForm, seedMoney } from "./money-support";
import { seedSubmitters, submit, type Submitter } from "./submitters";
import { startPortal, type Portal } from "./support";
import { consentedNow } from "~/domains/accounts/privacy-notice";

const root = path.resolve(import.meta.dirname, "../..");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

describe(`deploy/nginx/portal.conf in front of the portal (${testDatabaseKind})`, () => {
  let portal: Portal;
  let nginx: Nginx;
  let dropper: Server;
  const dropped: string[] = [];

  beforeAll(async () => {
    portal = await startPortal({ SEED_DEMO: "false", TRUST_PROXY: "1" });
    // An instance that reads a request and drops the connection without answering: one dying mid-request.
    dropper = createServer((socket) => {
      let head = "";
      socket.on("data", (chunk: Buffer) => {
        head += chunk.toString("latin1");
        if (!head.includes("\r\n\r\n")) return;
        dropped.push(`${head.split(" ").slice(0, 2).join(" ")} ${head.match(/^x-request-id: (\S+)/im)?.[1]}`);
        socket.destroy();
      });
      socket.on("error", () => {});
    });
    await new Promise<void>((resolve) => dropper.listen(0, "127.0.0.1", resolve));
    const dropperPort = (dropper.address() as { port: number }).port;
    nginx = await startNginx([`127.0.0.1:${dropperPort}`, `127.0.0.1:${new URL(portal.url).port}`], await freePort());
  });

  afterAll(async () => {
    await nginx?.stop();
    dropper?.close();
    await portal?.stop();
  });

  it("never passes a POST that reached an instance on to another one, and retries a GET", async () => {
    // Round robin alternates the two instances: within a few requests one of each method reaches the
    // dropping one (which then has at most 3 failures, nginx's max_fails, and is still tried).
    const gets: number[] = [];
    for (let i = 0; i < 4 && !dropped.some((line) => line.startsWith("GET /calls")); i++)
      gets.push((await httpRequest(`${nginx.url}/calls`)).status);
    expect(
      dropped.filter((line) => line.startsWith("GET /calls")),
      "a GET reached the dropping instance",
    ).toHaveLength(1);
    expect(
      gets.every((status) => status === 200),
      `GET answers ${gets}`,
    ).toBe(true);

    const posts: { status: number; requestId: string | null }[] = [];
    for (let i = 0; i < 4 && !dropped.some((line) => line.startsWith("POST ")); i++) {
      const answer = await httpRequest(`${nginx.url}/login`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: portal.url },
        body: "email=a%40example.kg&password=x&redirectTo=",
      });
      posts.push({ status: answer.status, requestId: answer.headers.get("x-request-id") });
    }
    const droppedPost = dropped.find((line) => line.startsWith("POST "));
    expect(droppedPost, nginx.accessLog()).toBeDefined();
    // The POST the dropping instance took is answered 502, and the portal never saw it.
    expect(posts.at(-1)!.status).toBe(502);
    expect(posts.slice(0, -1).every((p) => p.status !== 502)).toBe(true);
    await sleep(500);
    expect(portal.output()).not.toContain(droppedPost!.split(" ")[2]);
    expect(nginx.accessLog()).toContain(`id=${droppedPost!.split(" ")[2]}`);
    console.log(
      `[cluster] nginx: a GET dropped by an instance was retried on the other (200); a POST dropped answered 502 and reached no other instance`,
    );
  });

  it("passes nginx's request id and the client's address, caches hashed assets and keeps /metrics to the instances", async () => {
    const page = await httpRequest(`${nginx.url}/calls`, { headers: { "X-Request-Id": "planted-by-client-123" } });
    expect(page.status).toBe(200);
    const requestId = page.headers.get("x-request-id")!;
    // nginx's $request_id (32 hex digits), not the client's, is the id on the instance's log line.
    expect(requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(nginx.accessLog()).toContain(`id=${requestId}`);
    await waitFor(async () => portal.output().includes(`"requestId":"${requestId}"`), 5000, `the portal did not log ${requestId}`);

    // The address the portal records for a sign-in is nginx's peer (here 127.0.0.1), not what the client wrote.
    const db = createPrismaClient(portal.databaseUrl);
    try {
      const user = await db.user.create({
        data: {
          ...consentedNow(),
          email: "proxied@example.kg",
          fullName: "Proxied",
          passwordHash: await argon2.hash("proxied-password-1"),
          locale: "ru",
          emailConfirmedAt: new Date(),
        },
      });
      const login = await httpRequest(`${nginx.url}/login`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: portal.url, "X-Forwarded-For": "203.0.113.9" },
        body: new URLSearchParams({ email: "proxied@example.kg", password: "proxied-password-1", redirectTo: "" }).toString(),
      });
      expect(login.status).toBe(302);
      expect((await db.session.findMany({ where: { userId: user.id }, select: { ipAddress: true } })).map((s) => s.ipAddress)).toEqual([
        "127.0.0.1",
      ]);
    } finally {
      await db.$disconnect();
    }

    const html = await page.text();
    const asset = html.match(/\/build\/[^"']+\.js/)?.[0];
    expect(asset).toBeDefined();
    const first = await httpRequest(nginx.url + asset);
    const second = await httpRequest(nginx.url + asset);
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toMatch(/max-age=31536000.*immutable|immutable.*max-age=31536000/);
    expect(second.headers.get("x-cache-status")).toBe("HIT");

    expect((await httpRequest(`${nginx.url}/metrics`)).status).toBe(404);
    expect((await httpRequest(`${portal.url}/metrics`)).status).toBe(200);
  });
});

// ───────────── three instances on one PostgreSQL (the PostgreSQL leg) ─────────────

type Instance = {
  index: number;
  port: number;
  url: string;
  storageDir: string;
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

const SESSION_SECRET = randomUUID() + randomUUID();
const AUDIT_KEY = randomBytes(32).toString("base64url");
const ACCOUNTS = 48;
// Every account submits 6 times (a warm-up round, 1, 2 and 3 instances, the kill round, the round after).
const SUBMIT_LIMIT = 7;
const LETTERS = 3;

function node(script: string, env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ["--import", "tsx", script], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout!.on("data", (chunk: Buffer) => (log += chunk));
  child.stderr!.on("data", (chunk: Buffer) => (log += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => log, exited };
}

// Defined on the PostgreSQL leg only (not skipped on SQLite: a skipped test fails `npm test`).
if (testDatabaseKind === "postgresql")
  describe("three instances behind nginx on one PostgreSQL (issue 16)", () => {
    let databaseName: string;
    let databaseUrl: string;
    let scratch: string;
    let env: NodeJS.ProcessEnv;
    let instances: Instance[] = [];
    let nginx: Nginx;
    let db: Db;
    let data: CrashData;
    let presser: Submitter;
    const acknowledged: Acknowledged[] = [];
    const uploads: Upload[] = [];

    const admin = async (sql: string) => {
      const client = new pg.Client({ connectionString: PG_ADMIN_URL });
      await client.connect();
      await client.query(sql);
      await client.end();
    };

    beforeAll(async () => {
      databaseName = `cluster_${process.pid}_${randomBytes(4).toString("hex")}`;
      await admin(`CREATE DATABASE ${databaseName}`);
      const url = new URL(PG_ADMIN_URL);
      url.pathname = `/${databaseName}`;
      databaseUrl = url.toString();
      scratch = mkdtempSync(path.join(tmpdir(), "portal-cluster-"));
    });

    afterAll(async () => {
      await db?.$disconnect();
      await nginx?.stop();
      for (const instance of instances) await stopProcess(instance.child, "SIGKILL", 5000);
      if (databaseName) await admin(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    });

    const servedBy = (requestId: string | null) =>
      instances.filter((i) => requestId && i.output().includes(`"requestId":"${requestId}"`)).map((i) => i.index);
    /**
     * The instances (host:port) that answered the POSTs nginx logged since `offset`, once `count`
     * of them are logged (nginx writes a request's line just after its answer).
     */
    const postUpstreams = async (offset: number, count: number) => {
      const lines = () =>
        nginx
          .accessLog()
          .slice(offset)
          .split("\n")
          .filter((line) => line.includes('"POST '));
      await waitFor(
        async () => lines().length >= count,
        10_000,
        `nginx logged ${lines().length} of ${count} POSTs:\n${lines().join("\n")}`,
      );
      return new Set(lines().flatMap((line) => line.match(/upstream=(\S+?:\d+)/)?.[1] ?? []));
    };

    it("starts three release steps and three instances at once on one fresh database: 0 crashes", async () => {
      const [ports, nginxPort] = [await Promise.all([freePort(), freePort(), freePort()]), await freePort()];
      const publicUrl = `http://127.0.0.1:${nginxPort}`;
      env = {
        ...process.env,
        NODE_ENV: "production",
        DATABASE_URL: databaseUrl,
        SESSION_SECRET,
        AUDIT_KEY,
        PUBLIC_URL: publicUrl,
        ALLOW_LOOPBACK_PUBLIC_URL: "true",
        FILE_STORE: "database",
        TRUST_PROXY: "1",
        SEED_DEMO: "false",
        SKIP_BUILD: "1",
        SUBMIT_LIMIT: String(SUBMIT_LIMIT),
        // One window for the whole test: every press of an account counts against the limit.
        SUBMIT_LIMIT_WINDOW_SECONDS: "300",
        // The production drain (env.example): above nginx's upstream keepalive_timeout (4 s).
        SHUTDOWN_DRAIN_SECONDS: "5",
        SHUTDOWN_TIMEOUT_SECONDS: "10",
      };
      const releases = ports.map(() => node("scripts/db-deploy.ts", env));
      instances = ports.map((port, index) => {
        const storageDir = path.join(scratch, `files-${index}`);
        return {
          index,
          port,
          url: `http://127.0.0.1:${port}`,
          storageDir,
          ...node("scripts/start.ts", { ...env, PORT: String(port), STORAGE_DIR: storageDir, SKIP_RELEASE: "1" }),
        };
      });
      const released = await Promise.all(releases.map(async (r) => ({ ...(await r.exited), output: r.output() })));
      expect(released.filter((r) => r.code !== 0).map((r) => r.output)).toEqual([]);
      const all = released.map((r) => r.output).join("\n");
      expect(all.match(/✔ migrated the postgresql database/g)).toHaveLength(1);
      expect(all.match(/✔ the postgresql database is up to date/g)).toHaveLength(2);
      for (const instance of instances) {
        await waitFor(
          async () => {
            if (instance.child.exitCode !== null) throw new Error(`instance ${instance.index} exited at start:\n${instance.output()}`);
            return fetch(`${instance.url}/readyz`).then(
              (r) => r.status === 200,
              () => false,
            );
          },
          180_000,
          `instance ${instance.index} not ready within 180 s:\n${instance.output()}`,
        );
      }
      expect(instances.map((i) => i.child.exitCode)).toEqual([null, null, null]);
      nginx = await startNginx(
        instances.map((i) => `127.0.0.1:${i.port}`),
        nginxPort,
      );
      expect(publicUrl).toBe(nginx.url);

      db = createPrismaClient(databaseUrl);
      data = await seedCrashData(db, {
        accounts: ACCOUNTS,
        rounds: 6,
        lettersPerRound: LETTERS,
        sessionSecret: SESSION_SECRET,
        storageDir: path.join(scratch, "seeded"),
      });
      presser = (await seedSubmitters(db, { accounts: 1, sessionSecret: SESSION_SECRET, tag: "presser", locale: "ru" })).submitters[0]!;
      console.log(`[cluster] 3 release steps (1 migrated, 2 found it done) and 3 instances started at once: 0 crashes`);
    });

    it("keeps a session made on one instance on the others", async () => {
      const password = "cluster-password-1";
      await db.user.create({
        data: {
          ...consentedNow(),
          email: "cluster-login@example.kg",
          fullName: "Cluster Login",
          passwordHash: await argon2.hash(password),
          locale: "ru",
          emailConfirmedAt: new Date(),
        },
      });
      const login = await httpRequest(`${instances[0]!.url}/login`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: nginx.url },
        body: new URLSearchParams({ email: "cluster-login@example.kg", password, redirectTo: "" }).toString(),
      });
      expect(login.status, await login.text()).toBe(302);
      const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
      for (const base of [...instances.map((i) => i.url), nginx.url]) {
        const page = await httpRequest(`${base}/profile`, { headers: { Cookie: cookie } });
        expect(page.status, `${base}/profile with the session made on instance 0`).toBe(200);
      }
      expect((await httpRequest(`${instances[2]!.url}/profile`)).status).toBe(302);
    });

    it("serves an upload and an award letter stored through one instance from every instance", async () => {
      const owner = data.submitters[0]!;
      const offset = nginx.accessLog().length;
      const files: { id: string; hash: string }[] = [];
      for (let i = 0; i < 3; i++) {
        const bytes = pdfBytes();
        const answer = await uploadDocument(nginx.url, owner.cookie, owner.proposals[5]!, bytes);
        expect(answer.status).toBe(302);
        const attachment = await db.attachment.findFirstOrThrow({ where: { sha256: sha256(bytes) }, select: { id: true } });
        files.push({ id: attachment.id, hash: sha256(bytes) });
      }
      // Round robin spreads the three uploads: files received by one instance are served by the others.
      const receivers = await postUpstreams(offset, 3);
      expect(receivers.size, [...receivers].join(", ")).toBeGreaterThanOrEqual(2);
      for (const file of files) {
        for (const base of [...instances.map((i) => i.url), nginx.url]) {
          const download = await httpRequest(`${base}/files/${file.id}`, { headers: { Cookie: owner.cookie } });
          expect(download.status, `${base}/files/${file.id}`).toBe(200);
          expect(sha256(Buffer.from(await download.arrayBuffer()))).toBe(file.hash);
        }
      }

      const callId = data.letterCalls[0]!;
      expect((await startLetterBatch(nginx.url, data.officerCookie, callId)).status).toBe(302);
      await waitFor(
        // Each award's letter in Kyrgyz and its Russian parallel text (decision 0080).
        async () => (await db.awardLetter.count({ where: { award: { callId } } })) === 2 * LETTERS,
        120_000,
        "the letter batch did not issue its letters within 120 s",
      );
      const letters = await db.awardLetter.findMany({
        where: { award: { callId } },
        select: { awardId: true, language: true, sha256: true },
      });
      for (const letter of letters) {
        for (const base of [...instances.map((i) => i.url), nginx.url]) {
          const download = await httpRequest(`${base}/awards/${letter.awardId}/letter.pdf?language=${letter.language}`, {
            headers: { Cookie: data.officerCookie },
          });
          expect(download.status, `${base}: letter of ${letter.awardId}`).toBe(200);
          const bytes = Buffer.from(await download.arrayBuffer());
          expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
          expect(sha256(bytes)).toBe(letter.sha256);
        }
      }
    });

    it("holds one account's submit limit across the three instances", async () => {
      const key = randomUUID();
      const answers = await Promise.all(
        Array.from({ length: SUBMIT_LIMIT * 3 }, () => submit(nginx.url, presser.cookie, presser.proposals[0]!, key)),
      );
      const through = answers.filter((a) => a.status !== 429);
      const servers = new Set(answers.flatMap((a) => servedBy(a.headers.get("x-request-id"))));
      expect(servers.size, "the presses reached more than one instance").toBeGreaterThanOrEqual(2);
      expect(through.map((a) => a.status)).toEqual(Array.from({ length: SUBMIT_LIMIT }, () => 302));
      expect(answers.filter((a) => a.status === 429)).toHaveLength(SUBMIT_LIMIT * 2);
      expect(await db.proposalVersion.count({ where: { idempotencyKey: key } })).toBe(1);
      console.log(
        `[cluster] submit limit ${SUBMIT_LIMIT}: ${answers.length} presses at once through nginx, spread over ${servers.size} instances: ${through.length} through, ${answers.length - through.length} × 429`,
      );
    });

    it("keeps money under its ceiling when officers on the three instances allocate envelopes and record payments at once", async () => {
      const { municipalityId } = await db.call.findUniqueOrThrow({ where: { id: data.letterCalls[0]! }, select: { municipalityId: true } });
      // 12 draft calls asking for 20 000–47 500 som each (405 000 som in all) from an appropriation of 100 000 som;
      // 2 signed agreements of 500 000 som in tranches of 40/40/20 %, every tranche payable.
      const money = await seedMoney(db, {
        municipalityId,
        owners: data.submitters.slice(0, 2),
        officers: 3,
        sessionSecret: SESSION_SECRET,
        ceiling: 100_000_00n,
        requests: Array.from({ length: 12 }, (_, i) => (20_000n + 2_500n * BigInt(i)) * 100n),
        awardAmount: 500_000_00n,
        shares: [4000, 4000, 2000],
      });
      const disbursedBefore = (
        await db.appropriation.findUniqueOrThrow({ where: { id: money.payment.appropriationId }, select: { disbursed: true } })
      ).disbursed;
      // Officers on different machines: each request goes to one instance directly or through nginx, all at once.
      const bases = [...instances.map((i) => i.url), nginx.url];
      const allocations = money.allocation.calls.map((call, i) => ({
        call,
        send: () =>
          postForm(`${bases[i % 4]}/officer/calls/${call.id}`, nginx.url, money.programmeOfficers[i % 3]!, allocateFields(call.request)),
      }));
      const payments = money.payment.awards.flatMap((award) =>
        award.tranches.flatMap((tranche) =>
          bases.map((base, k) => ({
            award,
            tranche,
            send: () =>
              postForm(
                `${base}/finance/payments`,
                nginx.url,
                money.financeOfficers[k % 3]!,
                manualPaymentFields(tranche.id, randomUUID(), `BANK-${k}`),
              ),
          })),
        ),
      );
      const [allocated, paid] = await Promise.all([
        Promise.all(allocations.map(async (a) => ({ ...a, answer: await a.send() }))),
        Promise.all(payments.map(async (p) => ({ ...p, answer: await p.send() }))),
      ]);
      const servers = new Set([...allocated, ...paid].flatMap((r) => servedBy(r.answer.requestId)));
      expect(servers.size, "the money actions reached every instance").toBe(3);

      // Allocations: the accepted envelopes fit the appropriation; every refusal is a 409 that says why, and
      // only an envelope that no longer fitted was refused.
      const refusedWith = (answer: { status: number; body: string }, key: string) =>
        answer.status === 409 && messagesOf(key).some((message) => answer.body.includes(message));
      const acceptedCalls = allocated.filter((a) => a.answer.status === 302);
      const refusedCalls = allocated.filter((a) => a.answer.status !== 302);
      expect(acceptedCalls.map((a) => a.answer.location)).toEqual(acceptedCalls.map((a) => `/officer/calls/${a.call.id}?done=allocated`));
      expect(
        refusedCalls
          .filter((a) => !refusedWith(a.answer, "budgets:errors.exhausted"))
          .map((a) => `${a.answer.status} ${a.answer.body.slice(0, 300)}`),
      ).toEqual([]);
      const allocatedSum = acceptedCalls.reduce((sum, a) => sum + a.call.request, 0n);
      expect(acceptedCalls.length).toBeGreaterThan(0);
      expect(allocatedSum <= money.allocation.ceiling, `${allocatedSum} allocated of ${money.allocation.ceiling}`).toBe(true);
      expect(refusedCalls.filter((a) => a.call.request <= money.allocation.ceiling - allocatedSum)).toEqual([]);
      const appropriation = await db.appropriation.findUniqueOrThrow({ where: { id: money.allocation.appropriationId } });
      expect(appropriation.allocated).toBe(allocatedSum);
      const envelopes = await db.call.findMany({ where: { appropriationId: appropriation.id }, select: { id: true, envelope: true } });
      expect(new Map(envelopes.map((c) => [c.id, c.envelope]))).toEqual(
        new Map(allocated.map((a) => [a.call.id, a.answer.status === 302 ? a.call.request : 0n])),
      );
      const allocationLedger = await db.ledgerEntry.aggregate({
        where: { appropriationId: appropriation.id, kind: "ALLOCATION" },
        _sum: { amount: true },
        _count: true,
      });
      expect([allocationLedger._count, allocationLedger._sum.amount ?? 0n]).toEqual([acceptedCalls.length, allocatedSum]);
      expect(
        await db.auditEvent.count({ where: { action: "budget.allocated", entityId: { in: money.allocation.calls.map((c) => c.id) } } }),
      ).toBe(acceptedCalls.length);

      // Payments: each tranche pressed on the three instances and through nginx, each with its own form key:
      // exactly one payment per tranche, the award's total never above its amount, the rest refused with a message.
      const acceptedPayments = paid.filter((p) => p.answer.status === 302);
      const refusedPayments = paid.filter((p) => p.answer.status !== 302);
      expect(acceptedPayments.every((p) => /^\/finance\/payments\?reference=[^&]+&done=created$/.test(p.answer.location ?? ""))).toBe(true);
      expect(
        refusedPayments
          .filter((p) => !refusedWith(p.answer, "finance:error.trancheNotPayable"))
          .map((p) => `${p.answer.status} ${p.answer.body.slice(0, 300)}`),
      ).toEqual([]);
      const tranches = money.payment.awards.flatMap((a) => a.tranches);
      expect(acceptedPayments.map((p) => p.tranche.id).sort()).toEqual(tranches.map((t) => t.id).sort());
      const paidSum = acceptedPayments.reduce((sum, p) => sum + p.tranche.amount, 0n);
      const ceiling = money.payment.awards.reduce((sum, a) => sum + a.amount, 0n);
      expect(paidSum).toBe(ceiling);
      const awards = await db.award.findMany({
        where: { id: { in: money.payment.awards.map((a) => a.id) } },
        select: { id: true, paid: true, amount: true },
      });
      expect(awards.every((a) => a.paid === a.amount)).toBe(true);
      const orders = await db.paymentOrder.findMany({
        where: { trancheId: { in: tranches.map((t) => t.id) } },
        select: { id: true, trancheId: true, status: true },
      });
      expect(orders).toHaveLength(tranches.length);
      expect(new Set(orders.map((o) => o.trancheId)).size).toBe(tranches.length);
      expect(orders.every((o) => o.status === "RECORDED_MANUALLY")).toBe(true);
      expect(await db.tranche.count({ where: { id: { in: tranches.map((t) => t.id) }, status: "PAID" } })).toBe(tranches.length);
      const paymentAppropriation = await db.appropriation.findUniqueOrThrow({ where: { id: money.payment.appropriationId } });
      expect(paymentAppropriation.disbursed - disbursedBefore).toBe(paidSum);
      const disbursements = await db.ledgerEntry.aggregate({
        where: { appropriationId: paymentAppropriation.id, kind: "DISBURSEMENT" },
        _sum: { amount: true },
        _count: true,
      });
      expect([disbursements._count, disbursements._sum.amount ?? 0n]).toEqual([tranches.length, paidSum]);
      expect(await db.auditEvent.count({ where: { action: "payment-order.executed", entityId: { in: orders.map((o) => o.id) } } })).toBe(
        tranches.length,
      );

      const som = (tyiyn: bigint) => tyiynToSomInput(tyiyn);
      console.log(
        `[cluster] money at once over ${servers.size} instances: ${allocated.length} envelopes asked (${som(money.allocation.calls.reduce((s, c) => s + c.request, 0n))} som) of an appropriation of ${som(money.allocation.ceiling)} som: ` +
          `${acceptedCalls.length} allocated (${som(allocatedSum)} som = allocated), ${refusedCalls.length} × 409; ` +
          `${paid.length} payment records for ${tranches.length} tranches: ${acceptedPayments.length} recorded (${som(paidSum)} som of ${som(ceiling)} awarded = paid = disbursed), ${refusedPayments.length} × 409`,
      );
    });

    /** Every account presses Submit on its draft `round` at once through nginx. */
    async function submitRound(round: number, hooks: { upload?: (account: number) => boolean; onAcknowledged?: () => void } = {}) {
      const started = performance.now();
      const outcomes = await Promise.all(
        data.submitters.map((submitter, i) =>
          uploadThenSubmit(nginx.url, submitter, submitter.proposals[round]!, {
            upload: hooks.upload?.(i) ?? false,
            seeded: data.seededDocuments.get(submitter.proposals[round]!)!,
            onAcknowledged: hooks.onAcknowledged ?? (() => {}),
          }),
        ),
      );
      const seconds = (performance.now() - started) / 1000;
      const receipts = outcomes.flatMap((o) => (o.receipt ? [o.receipt] : []));
      acknowledged.push(...receipts);
      uploads.push(...outcomes.flatMap((o) => (o.upload ? [o.upload] : [])));
      return { outcomes, receipts, seconds, statuses: outcomes.filter((o) => !o.receipt).map((o) => o.status) };
    }

    const rates: string[] = [];
    it("takes concurrent submissions through 1, 2 and 3 instances", async () => {
      // A first round through all three, so that no instance's first submissions (compiling the code paths) fall into a measured round.
      const warmUp = await submitRound(0);
      expect(warmUp.statuses).toEqual([]);
      for (const n of [1, 2, 3]) {
        await nginx.reload(instances.slice(0, n).map((i) => `127.0.0.1:${i.port}`));
        const offset = nginx.accessLog().length;
        const round = await submitRound(n);
        expect(round.statuses, `${n} instance(s)`).toEqual([]);
        expect((await postUpstreams(offset, ACCOUNTS)).size).toBe(n);
        rates.push(
          `${n}: ${(round.receipts.length / round.seconds).toFixed(1)}/s (${round.receipts.length} in ${round.seconds.toFixed(1)} s)`,
        );
      }
      console.log(`[cluster] submits/s through nginx, ${ACCOUNTS} accounts at once, by instances: ${rates.join("; ")}`);
    });

    it("keeps every acknowledged receipt when one instance is killed and another stopped under load, and the rest keeps answering", async () => {
      let acked = 0;
      const killAt = Math.round(ACCOUNTS * 0.25);
      const stopAt = Math.round(ACCOUNTS * 0.5);
      const events: Promise<unknown>[] = [];
      const offset = nginx.accessLog().length;
      const round = await submitRound(4, {
        upload: (i) => i % 5 === 0,
        onAcknowledged: () => {
          acked += 1;
          if (acked === killAt) events.push(stopProcess(instances[0]!.child, "SIGKILL", 1000));
          if (acked === stopAt) {
            instances[1]!.child.kill("SIGTERM");
            events.push(instances[1]!.exited);
          }
        },
      });
      await Promise.all(events);
      expect(instances[0]!.child.signalCode).toBe("SIGKILL");
      expect(await instances[1]!.exited, instances[1]!.output().slice(-2000)).toEqual({ code: 0, signal: null });
      // A request in progress on the killed instance, or reset in its accept queue, answers 502; nothing else may fail.
      expect(round.statuses.filter((s) => s !== 502 && s !== 0)).toEqual([]);

      // Which instance each 502 came from (nginx's log names the instance it had sent the request to).
      const failedAt = nginx
        .accessLog()
        .slice(offset)
        .split("\n")
        .filter((line) => /"POST [^"]*" 502 /.test(line))
        .map((line) => instances.find((i) => line.includes(`upstream=127.0.0.1:${i.port}`))?.index ?? "none");
      const byInstance = [0, 1, 2, "none"]
        .map((i) => `${failedAt.filter((f) => f === i).length} on ${i === "none" ? "no instance" : `instance ${i}`}`)
        .join(", ");

      const after = await submitRound(5);
      expect(after.statuses, "after the kill and the stop, every submission through nginx gets its receipt").toEqual([]);
      const pages = await Promise.all(Array.from({ length: 10 }, () => httpRequest(`${nginx.url}/calls`).then((r) => r.status)));
      expect(pages).toEqual(Array.from({ length: 10 }, () => 200));
      console.log(
        `[cluster] SIGKILL instance 0 after ${killAt} and SIGTERM instance 1 after ${stopAt} of the round's acknowledgements: ${round.receipts.length} receipts, ${round.statuses.length} answered 502 (${byInstance}) ` +
          `(of ${ACCOUNTS}, ${round.seconds.toFixed(1)} s); then ${after.receipts.length}/${ACCOUNTS} receipts through the remaining instance (${(after.receipts.length / after.seconds).toFixed(1)}/s)`,
      );
    });

    it("has every acknowledged receipt and upload stored and the audit chain intact", async () => {
      const versions = await db.proposalVersion.findMany({
        where: { idempotencyKey: { in: acknowledged.map((a) => a.idempotencyKey) } },
        select: { proposalId: true, number: true, idempotencyKey: true, content: true },
      });
      const byKey = new Map(versions.map((v) => [v.idempotencyKey, v]));
      const lost = acknowledged.filter(
        (a) => byKey.get(a.idempotencyKey)?.proposalId !== a.proposalId || byKey.get(a.idempotencyKey)?.number !== a.number,
      );
      expect(lost).toEqual([]);
      const documents = (content: unknown) =>
        ((content as { documents?: { sha256: string | null }[] }).documents ?? []).map((d) => d.sha256);
      expect(
        acknowledged.filter((a) => a.documents.some((hash) => !documents(byKey.get(a.idempotencyKey)!.content).includes(hash))),
      ).toEqual([]);
      const audited = await db.auditEvent.count({
        where: { action: "proposal.submitted", entityId: { in: acknowledged.map((a) => a.proposalId) } },
      });
      expect(audited).toBeGreaterThanOrEqual(acknowledged.length);
      const attached = await db.proposalAttachment.findMany({
        where: { proposalId: { in: uploads.map((u) => u.proposalId) } },
        select: { proposalId: true, attachment: { select: { sha256: true } } },
      });
      const attachedKeys = new Set(attached.map((a) => `${a.proposalId}:${a.attachment?.sha256}`));
      expect(uploads.filter((u) => !attachedKeys.has(`${u.proposalId}:${u.fileSha256}`))).toEqual([]);

      // Sealed first (decision 0064): the background sealer of the instance still running gives every committed
      // event its place in the chain; audit:verify then checks all of them, none left "not yet sealed".
      const survivor = instances[2]!;
      const unsealedMetric = async () =>
        Number((await (await httpRequest(`${survivor.url}/metrics`)).text()).match(/^portal_audit_unsealed_events (\S+)$/m)?.[1] ?? NaN);
      await waitFor(
        async () => (await unsealedMetric()) === 0 && (await db.auditEvent.count({ where: { position: null } })) === 0,
        60_000,
        "the audit events were not all sealed within 60 s",
      );
      const events = await db.auditEvent.count();

      const verify = await new Promise<{ code: number; output: string }>((resolve) =>
        execFile(process.execPath, ["--import", "tsx", "scripts/audit-verify.ts"], { cwd: root, env }, (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
        ),
      );
      expect(verify, verify.output).toMatchObject({ code: 0 });
      expect(verify.output).toContain(`intact: ${events} event(s) verified`);
      expect(verify.output).not.toContain("not yet sealed");
      expect(verify.output).toContain("every keyed event's HMAC checked with the audit key");
      console.log(
        `[cluster] ${acknowledged.length} receipts acknowledged, ${acknowledged.length - lost.length} stored, lost ${lost.length}; ${uploads.length} uploads acknowledged, all attached; audit chain: ${verify.output.match(/intact: .*/)?.[0]}`,
      );
    });
  });
