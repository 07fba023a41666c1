// The closed lists a call's eligibility is made of. Labels are in the "calls"
// namespace (legal forms reuse "organizations:legalFormValue").

export const LEGAL_FORMS = ["PUBLIC_UNION", "PUBLIC_FOUNDATION", "ASSOCIATION", "INSTITUTION", "RELIGIOUS_ORGANIZATION", "OTHER"] as const;
export type LegalFormValue = (typeof LEGAL_FORMS)[number];

/** Kyrgyzstan's seven regions and two cities of republican significance. */
export const REGIONS = ["BISHKEK_CITY", "OSH_CITY", "BATKEN", "JALAL_ABAD", "ISSYK_KUL", "NARYN", "OSH", "TALAS", "CHUI"] as const;
export type RegionCode = (typeof REGIONS)[number];

import { DOCUMENT_KINDS } from "~/domains/files/document-kinds";

export { DOCUMENT_KINDS };
export type DocumentKindValue = (typeof DOCUMENT_KINDS)[number];

export const CALL_STATUSES = ["DRAFT", "PUBLISHED", "IN_REVIEW", "DECIDED", "COMPLETED", "CANCELLED"] as const;
export type CallStatusValue = (typeof CALL_STATUSES)[number];

/** The public, translated texts of a call; Kyrgyz and Russian are required to publish. */
export const TEXT_FIELDS = ["title", "summary", "problem", "targetGroup", "eligibility"] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

export const MAX_CRITERIA = 12;

/** Reads a JSON array column written by this module; anything else is treated as empty. */
export function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}
