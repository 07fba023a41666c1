import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { publishDecision } from "~/domains/awards/decision.server";
import { prisma } from "~/utils/db.server";
import {
  createCommission,
  createReviewCall,
  createSubmittedProposal,
  declareDirectly,
  markEligible,
  scoreDirectly,
} from "../../../tests/factories-reviews";
import { loadProtocol, renderProtocol } from "./protocol.server";
import { recordConsensus } from "./scoring.server";
import { domainError } from "../../../tests/support/domain-error";

const dir = mkdtempSync(path.join(os.tmpdir(), "protocol-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the commission protocol", () => {
  it("exists only after the decision, and records members, declarations, scores, consensus, ranking and decisions", async () => {
    const { call, officer } = await createReviewCall({ status: "IN_REVIEW" });
    const proposals = [];
    for (const title of ["Дневной центр «Радуга»", "Школа для родителей"])
      proposals.push((await createSubmittedProposal(call.id, { title })).proposal);
    await markEligible(
      proposals.map((p) => p.id),
      officer.id,
    );
    const commission = await createCommission(call.id, officer.id);
    await declareDirectly(
      commission.members[2]!.membershipId,
      proposals.map((p) => p.organizationId),
      [proposals[1]!.organizationId],
    );
    for (const seat of commission.scorers.slice(0, 3))
      await declareDirectly(
        seat.membershipId,
        proposals.map((p) => p.organizationId),
      );
    const values: Record<string, number[][]> = {
      [proposals[0]!.id]: [
        [9, 8, 4],
        [2, 8, 4],
        [9, 8, 4],
        [8, 8, 4],
      ],
      [proposals[1]!.id]: [
        [6, 6, 3],
        [6, 6, 3],
        [6, 6, 3],
      ],
    };
    for (const [i, seat] of commission.scorers.entries()) {
      await scoreDirectly(proposals[0]!.id, seat.membershipId, call.criteria, values[proposals[0]!.id]![i]!);
      if (i < 3) await scoreDirectly(proposals[1]!.id, seat.membershipId, call.criteria, values[proposals[1]!.id]![i]!);
    }
    const reader = commission.members[0]!.actor;
    await domainError(loadProtocol({ actor: reader, callId: call.id }), "reviews:errors.protocolNotYet");

    await recordConsensus({
      actor: commission.chair.actor,
      callId: call.id,
      proposalId: proposals[0]!.id,
      criterionId: call.criteria[0]!.id,
      score: 8,
      rationale: "Расхождение обсуждено на заседании комиссии.",
    });
    await publishDecision({ actor: commission.chair.actor, callId: call.id });

    const file = path.join(dir, "protocol.pdf");
    writeFileSync(file, await renderProtocol(await loadProtocol({ actor: reader, callId: call.id }), "ru"));
    const text = execFileSync("pdftotext", [file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    // The Russian text is the official parallel of the Kyrgyz one, which binds (decision 0080); both carry the decision's number.
    // (compared without spaces and hyphens: a long title wraps, and pdftotext joins a word broken at a hyphen)
    const squeezed = (value: string) => value.replace(/[\s-]/g, "");
    expect(squeezed(text)).toContain(squeezed(`Протокол (решение) конкурсной комиссии № ${call.reference}-CD`));
    expect(text).toContain("Официальный параллельный текст на русском языке");
    for (const seat of commission.scorers) expect(text).toContain(seat.user.fullName);
    expect(text).toContain("Конфликт: Член правления организации");
    expect(text).toContain("Расхождение обсуждено на заседании комиссии.");
    expect(text).toContain("Дневной центр «Радуга»");
    expect(text).toContain("8 (консенсус)");
    // 8/10×50 + 8/10×30 + 4/5×20 = 80.00, and 6/10×50 + 6/10×30 + 3/5×20 = 60.00
    expect(text).toContain("Итоговый балл: 80.00");
    expect(text).toContain("Итоговый балл: 60.00");
    expect(text).toMatch(/Грант присуждён/);
    const kyFile = path.join(dir, "protocol-ky.pdf");
    writeFileSync(kyFile, await renderProtocol(await loadProtocol({ actor: reader, callId: call.id }), "ky"));
    const kyText = execFileSync("pdftotext", [kyFile, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    expect(squeezed(kyText)).toContain(squeezed(`Сынак комиссиясынын № ${call.reference}-CD протоколу (чечими)`));
    expect(kyText).toContain("Мамлекеттик тилдеги текст, юридикалык күчкө ээ");
    for (const seat of commission.scorers) expect(kyText).toContain(seat.user.fullName);
    // The officer of the municipality reads it too; an outsider does not.
    await expect(loadProtocol({ actor: officer, callId: call.id })).resolves.toBeTruthy();
    const { createStaff } = await import("../../../tests/factories");
    const stranger = await createStaff("PROGRAMME_OFFICER");
    await domainError(loadProtocol({ actor: stranger.actor, callId: call.id }), "notFound");
    expect(await prisma.auditEvent.count({ where: { action: "decision.published", entityId: call.id } })).toBe(1);
  });
});
