/**
 * The portal never stores a beneficiary's name, phone or address (decision 0071): a proposal
 * counts beneficiaries, it does not list them. This reads a Prisma schema's text and names
 * every model or field that would hold one, so a test fails the day one is added.
 */
const MODEL = /^\s*model\s+(\w+)\s*\{([\s\S]*?)^\}/gm;
const FIELD = /^\s*(\w+)\s+\S/gm;
const PERSONAL = /(name|phone|address|passport|birth|pin|inn)/i;

export function beneficiaryPersonalFields(schema: string): string[] {
  const found: string[] = [];
  for (const [, model, body] of schema.matchAll(MODEL)) {
    if (/^beneficiar/i.test(model!)) found.push(model!);
    for (const [, field] of body!.matchAll(FIELD)) {
      if (field!.startsWith("@@")) continue;
      if (/beneficiar/i.test(field!) && PERSONAL.test(field!)) found.push(`${model}.${field}`);
    }
  }
  return found;
}
