/**
 * Rate limits, proven against the production server over HTTP. Every request
 * here comes from this process, so the portal sees one client address: the
 * municipal NAT behind which a town's NCOs all work.
 *
 * - 60 NCO accounts behind one address, each submitting once within the same
 *   minute (all at once, the worst case): 60 receipts, none limited.
 * - One account pressing "Submit" 10 times at once: the presses over 5 answer
 *   429 with Retry-After and the message in the person's language, and write
 *   nothing; one stored version per idempotency key. The window is 5 s here
 *   (1 s by default), so that a loaded machine's slow arrivals still fall in
 *   one window; each test presses with its own account, as the limit is per account.
 * - 10 failed logins a minute from one address: the 11th answers 429 with
 *   Retry-After, even with the right password.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, type Db } from "~/utils/db.server";
import { httpRequest } from "./http";
import { launchBrowser, screenshot, startPortal, type Portal } from "./support";
import { seedSubmitters, submit, type Submitter } from "./submitters";

const SESSION_SECRET = randomUUID() + randomUUID();
const ru = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../public/locales/ru/proposals.json"), "utf8"));

let portal: Portal;
let db: Db;
let nat: Submitter[];
let presser: Submitter;
let repeater: Submitter;
let scripted: Submitter;
let neighbour: Submitter;
const WINDOW_SECONDS = 5;

beforeAll(async () => {
  portal = await startPortal({ SESSION_SECRET, SUBMIT_LIMIT_WINDOW_SECONDS: String(WINDOW_SECONDS) });
  db = createPrismaClient(portal.databaseUrl);
  nat = (await seedSubmitters(db, { accounts: 60, sessionSecret: SESSION_SECRET, tag: "nat" })).submitters;
  [presser, repeater, scripted, neighbour] = (
    await seedSubmitters(db, { accounts: 4, draftsPerAccount: 2, sessionSecret: SESSION_SECRET, tag: "presser", locale: "ru" })
  ).submitters as [Submitter, Submitter, Submitter, Submitter];
});

afterAll(async () => {
  await db?.$disconnect();
  await portal?.stop();
});

const receiptOf = (response: Response) => response.headers.get("Location")?.match(/\/receipts\/(\d+)$/)?.[1];
const versionsWithKey = (idempotencyKey: string) => db.proposalVersion.count({ where: { idempotencyKey } });

/** `count` presses at once, as a held-down or hammered button sends them. */
async function presses(submitter: Submitter, count: number, keyFor: (i: number) => string, proposalId = submitter.proposals[0]!) {
  const started = performance.now();
  const answers = await Promise.all(Array.from({ length: count }, (_, i) => submit(portal.url, submitter.cookie, proposalId, keyFor(i))));
  return { answers, seconds: (performance.now() - started) / 1000 };
}

describe("submissions", () => {
  it("gives each of 60 NCO accounts behind one address its receipt when they all submit at once", async () => {
    const keys = nat.map(() => randomUUID());
    const answers = await Promise.all(nat.map((s, i) => submit(portal.url, s.cookie, s.proposals[0]!, keys[i]!)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(0);
    expect(statuses.every((s) => s === 302)).toBe(true);
    expect(
      answers.map((a, i) => a.headers.get("Location") === `/proposals/${nat[i]!.proposals[0]}/receipts/1`).filter(Boolean),
    ).toHaveLength(60);
    expect(await db.proposalVersion.count({ where: { idempotencyKey: { in: keys } } })).toBe(60);
    expect(await db.proposal.count({ where: { id: { in: nat.map((s) => s.proposals[0]!) }, status: "SUBMITTED" } })).toBe(60);
    console.log(
      `[rate-limits] 60 accounts behind one address: ${statuses.filter((s) => s === 302).length}/60 receipts, ${statuses.filter((s) => s === 429).length} x 429`,
    );
  });

  it("limits one account pressing Submit 10 times at once, with Retry-After, the message in its language and one version for the form's key", async () => {
    const key = randomUUID();
    const { answers, seconds } = await presses(presser, 10, () => key);
    const limited = answers.filter((a) => a.status === 429);
    const through = answers.filter((a) => a.status !== 429);
    expect(limited.length).toBeGreaterThanOrEqual(1);
    expect(through.length).toBeGreaterThanOrEqual(1);
    // 5 a window counted at arrival: at most 5 for each window the presses took to arrive.
    expect(through.length).toBeLessThanOrEqual(5 * (Math.floor(seconds / WINDOW_SECONDS) + 1));
    // Every press that got through is answered with the one receipt its key made.
    expect(through.map(receiptOf)).toEqual(through.map(() => "1"));
    for (const answer of limited) {
      const retryAfter = Number(answer.headers.get("Retry-After"));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
      const page = await answer.text();
      expect(page).toContain(ru.errors.tooFast.replace("{{seconds}}", String(retryAfter)));
    }
    expect(await versionsWithKey(key)).toBe(1);
    console.log(
      `[rate-limits] one account, 10 presses of one form in ${seconds.toFixed(2)} s: ${through.length} through, ${limited.length} x 429`,
    );
  });

  it("writes nothing for a limited press: as many versions as presses let through, and the account may submit again after Retry-After", async () => {
    const proposalId = repeater.proposals[0]!;
    const keys = Array.from({ length: 10 }, () => randomUUID());
    const { answers } = await presses(repeater, 10, (i) => keys[i]!, proposalId);
    const through = answers.filter((a) => a.status === 302);
    const limited = answers.filter((a) => a.status === 429);
    expect(through.length + limited.length).toBe(10);
    expect(limited.length).toBeGreaterThanOrEqual(1);
    expect(await db.proposalVersion.count({ where: { proposalId } })).toBe(through.length);
    expect(await db.auditEvent.count({ where: { entityId: proposalId } })).toBe(through.length);
    for (const [i, answer] of answers.entries()) expect(await versionsWithKey(keys[i]!)).toBe(answer.status === 302 ? 1 : 0);

    // Another account behind the same address is not affected.
    expect((await submit(portal.url, neighbour.cookie, neighbour.proposals[0]!, randomUUID())).status).toBe(302);

    const wait = Number(limited[0]!.headers.get("Retry-After"));
    await new Promise((resolve) => setTimeout(resolve, wait * 1000 + 100));
    expect((await submit(portal.url, repeater.cookie, proposalId, randomUUID())).status).toBe(302);
  });

  it("answers the JavaScript (single-fetch) request with 429 and Retry-After too", async () => {
    const proposalId = scripted.proposals[0]!;
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => submit(portal.url, scripted.cookie, proposalId, randomUUID(), { data: true })),
    );
    const limited = answers.filter((a) => a.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(1);
    expect(Number(limited[0]!.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    expect(await limited[0]!.text()).toContain("proposals:errors.tooFast");
    expect(answers.every((a) => a.status === 429 || a.status === 202 || a.status === 200)).toBe(true);
  });

  it("shows the person the message in their language on the page when the browser's press is limited", async () => {
    const browser = await launchBrowser();
    try {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      context.setDefaultTimeout(90_000);
      const [name, value] = neighbour.cookie.split(/=(.*)/s) as [string, string];
      await context.addCookies([{ name, value, url: portal.url }]);
      const page = await context.newPage();
      const proposalId = neighbour.proposals[1]!;
      await page.goto(`${portal.url}/proposals/${proposalId}`);
      // Just before the person's press goes out, the account spends its limit in a burst of other presses
      // (another tab, a script), so the press is one of those over the limit; only that answer reaches the
      // page. Only the POST is held: the page's own reloads of the same address pass untouched.
      const statuses: number[] = [];
      await page.route(
        (url) => url.pathname === `/proposals/${proposalId}.data`,
        async (route) => {
          if (route.request().method() !== "POST") return route.continue();
          for (let attempt = 0; attempt < 10; attempt++) {
            await Promise.all(Array.from({ length: 6 }, () => submit(portal.url, neighbour.cookie, proposalId, randomUUID())));
            const response = await route.fetch();
            statuses.push(response.status());
            if (response.status() === 429 || attempt === 9) return route.fulfill({ response });
            await new Promise((resolve) => setTimeout(resolve, WINDOW_SECONDS * 1000 + 100));
          }
        },
      );
      await page.getByRole("button", { name: ru.actions.submit }).click();
      const alert = page.getByRole("alert");
      await alert.waitFor();
      expect(statuses.at(-1)).toBe(429);
      expect(await alert.textContent()).toMatch(new RegExp(ru.errors.tooFast.split("{{seconds}}")[0]));
      await screenshot(page, "rate-limits-submit-too-fast-390");
      await page.unrouteAll({ behavior: "ignoreErrors" });
      await context.close();
    } finally {
      await browser.close();
    }
  });
});

describe("logins and password reset requests", () => {
  const post = (path: string, fields: Record<string, string>) =>
    httpRequest(portal.url + path, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: portal.url },
      body: new URLSearchParams(fields).toString(),
    });
  const login = (email: string, password: string) => post("/login", { email, password, redirectTo: "" });

  it("answers the 11th login within a minute from one address with 429 and Retry-After, even with the right password", async () => {
    for (let i = 0; i < 10; i++) {
      const answer = await login(`guess-${i}@example.kg`, "wrong-password");
      expect(answer.status, `attempt ${i + 1}`).toBe(400);
    }
    const limited = await login("nco@balakai.kg", "Karakol-2026");
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.headers.get("Set-Cookie")).toBeNull();
  });

  it("answers the 6th reset request within 15 minutes from one address with 429 and Retry-After", async () => {
    for (let i = 0; i < 5; i++)
      expect((await post("/forgot-password", { email: `forgot-${i}@example.kg` })).status, `request ${i + 1}`).toBe(302);
    const limited = await post("/forgot-password", { email: "forgot-5@example.kg" });
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  });
});
