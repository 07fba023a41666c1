// An action that throws (a foreign or missing object, a removed right) is
// caught by the root's ErrorBoundary, and Remix then runs no loader: the page
// must still speak the person's language, not show its keys.
import type { ServerBuild } from "@remix-run/node";
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemoIfEmpty } from "../../prisma/seed-demo";
import { prisma } from "~/utils/db.server";
import { loadBuild, postRequest, requestHandler } from "../support/route-call";
import { sessionCookieFor } from "../support/session";

let handle: ReturnType<typeof requestHandler>;
const common = (locale: string) =>
  JSON.parse(readFileSync(path.resolve(import.meta.dirname, `../../public/locales/${locale}/common.json`), "utf8"));

beforeAll(async () => {
  await seedDemoIfEmpty(prisma);
  const build: ServerBuild = await loadBuild();
  handle = requestHandler(build);
});

describe("an error page after an action threw", () => {
  it("carries the page's strings in the person's language, for the server's page and for the browser's hydration", async () => {
    const nco = await prisma.user.findUniqueOrThrow({ where: { email: "nco@balakai.kg" } });
    await prisma.user.update({ where: { id: nco.id }, data: { locale: "ru" } });
    const cookie = await sessionCookieFor(nco.id);
    const response = await handle(
      postRequest(
        "/agreements/no-such-agreement/milestones/no-such-milestone",
        new URLSearchParams({ intent: "comment", body: "?" }),
        cookie,
        "application/x-www-form-urlencoded",
      ),
    );
    expect(response.status).toBe(404);
    const html = await response.text();
    const ru = common("ru");
    expect(html).toContain('lang="ru"');
    expect(html).toContain(ru.errorPage.notFound.title);
    expect(html).toContain(ru.nav.calls);
    expect(html).not.toMatch(/errorPage\.|layout\.skipToContent|nav\.calls/);
    // The same strings go to the browser, which renders the page again when it hydrates.
    const script = html.match(/<script id="error-page-strings" type="application\/json"[^>]*>(.*?)<\/script>/s)?.[1];
    expect(JSON.parse(script ?? "null")).toMatchObject({
      locale: "ru",
      resources: { common: { errorPage: { notFound: { title: ru.errorPage.notFound.title } } } },
    });
  });

  it("writes no such script on an ordinary page, whose root data carries the strings", async () => {
    const nco = await prisma.user.findUniqueOrThrow({ where: { email: "nco@balakai.kg" } });
    const response = await handle(
      new Request("http://localhost:3000/calls", { headers: { Cookie: await sessionCookieFor(nco.id), "X-Portal-Client-Ip": "10.9.9.9" } }),
    );
    expect(response.status).toBe(200);
    expect(await response.text()).not.toContain("error-page-strings");
  });
});
