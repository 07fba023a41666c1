import { beforeAll, describe, expect, it } from "vitest";
import type { ServerBuild } from "@remix-run/node";
import { currentAuditHead, recordAudit } from "~/domains/audit/audit.server";
import { sealAuditLog } from "~/domains/audit/audit-sealer.server";
import { prisma } from "~/utils/db.server";
import { getRequest, loadBuild, requestHandler } from "../../tests/support/route-call";

let handle: ReturnType<typeof requestHandler>;
beforeAll(async () => {
  const build: ServerBuild = await loadBuild();
  handle = requestHandler(build);
});

describe("the published audit head", () => {
  it("is public JSON that moves with every audited change, and is shown on /open-data", async () => {
    const first = await (await handle(getRequest(`/open-data/audit-head.json`))).json();
    await prisma.$transaction((tx) => recordAudit(tx, { actor: null, action: "test.changed", entityType: "Test", entityId: "t1" }));
    // Decision 0064: the head is the sealed log's; a committed event joins it when the sealer runs.
    expect(await (await handle(getRequest(`/open-data/audit-head.json`))).json()).toEqual(first);
    await sealAuditLog(prisma);
    const response = await handle(getRequest(`/open-data/audit-head.json`));
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const head = await response.json();
    const expected = await currentAuditHead(prisma);
    expect(head).toMatchObject({ size: expected.size, hash: expected.hash, sealedAt: expected.sealedAt!.toISOString() });
    expect(head.size).toBe(first.size + 1);
    expect(head.hash).not.toBe(first.hash);

    const page = await (await handle(getRequest(`/open-data`))).text();
    expect(page).toContain(expected.hash);
    expect(page).toContain("/open-data/audit-head.json");
  });
});
