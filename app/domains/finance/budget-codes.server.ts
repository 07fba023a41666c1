// A call's granted money by budget-classification code (issue 15, decision 0075):
// each agreement's current version, its approved budget lines grouped by the
// code the call gave their category. Lines without a code are one group, "".
import { storedSnapshot } from "~/domains/agreements/agreement-schemas";
import { prisma } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import { assertCan, type Actor } from "~/utils/permissions";

export type BudgetCodeRow = { code: string; categories: string[]; amount: bigint; agreements: number };

export async function budgetByClassificationCode({ actor, callId }: { actor: Actor; callId: string }): Promise<BudgetCodeRow[]> {
  assertCan(actor, "read:finance:any");
  const call = await prisma.call.findFirst({ where: { id: callId, municipalityId: actor.municipalityId ?? "" }, select: { id: true } });
  if (!call) throw new DomainError("finance:error.notFound", {}, 404);
  const agreements = await prisma.agreement.findMany({
    where: { award: { callId: call.id } },
    select: { id: true, versions: { orderBy: { number: "desc" }, take: 1, select: { snapshot: true } } },
  });
  const groups = new Map<string, { categories: Set<string>; amount: bigint; agreements: Set<string> }>();
  for (const agreement of agreements) {
    const version = agreement.versions[0];
    if (!version) continue;
    for (const line of storedSnapshot(version.snapshot).budget) {
      const code = line.classificationCode ?? "";
      const group = groups.get(code) ?? { categories: new Set(), amount: 0n, agreements: new Set() };
      group.categories.add(line.category);
      group.amount += BigInt(line.amount);
      group.agreements.add(agreement.id);
      groups.set(code, group);
    }
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === "" ? 1 : b === "" ? -1 : a.localeCompare(b)))
    .map(([code, g]) => ({ code, categories: [...g.categories].sort(), amount: g.amount, agreements: g.agreements.size }));
}
