import { DocumentKind } from "~/generated/sqlite/enums";

/** An enum's values in the schema's order, as the non-empty list zod and the forms take. */
function valuesOf<Value extends string>(enumObject: Record<string, Value>): [Value, ...Value[]] {
  const [first, ...rest] = Object.values(enumObject);
  if (first === undefined) throw new Error("an enum has at least one value");
  return [first, ...rest];
}

/**
 * The kinds of document an organization keeps in its vault and a proposal
 * carries: Prisma's generated enum (a plain object the browser bundle can
 * take), never a list written out again.
 */
export const DOCUMENT_KINDS = valuesOf(DocumentKind);

export type DocumentKindValue = DocumentKind;
