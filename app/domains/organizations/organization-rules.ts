import { REGIONS } from "~/domains/calls/call-options";
import { calendarDateOf, isCalendarDate } from "~/utils/time";

// Pure rules of the NCO registry: identifiers, dates, verification states,
// membership. Shared by the forms (through the schemas) and the server.

/**
 * Regions of the Kyrgyz Republic (oblasts) and the two cities of republican
 * significance. One list for the registry and the calls' eligibility, so an
 * organization's region matches a call's codes. Shown translated
 * (organizations:regionValue.<code>).
 */
export const KYRGYZ_REGIONS = REGIONS;
export type KyrgyzRegion = (typeof KYRGYZ_REGIONS)[number];

export const LEGAL_FORMS = ["PUBLIC_UNION", "PUBLIC_FOUNDATION", "ASSOCIATION", "INSTITUTION", "RELIGIOUS_ORGANIZATION", "OTHER"] as const;

import { DOCUMENT_KINDS } from "~/domains/files/document-kinds";
import { isOneOf } from "~/utils/guards";

export { DOCUMENT_KINDS };
export type { DocumentKindValue as DocumentKindCode } from "~/domains/files/document-kinds";

/**
 * Taxpayer identification number (ИНН / СТН) of an organization.
 *
 * The Kyrgyz TIN has 14 digits. The portal's rule, as the programme asked
 * for it: exactly 14 digits, the first 0 or 2 for a legal entity. In the
 * numbers we have seen, a legal entity's is 0 followed by its registration
 * date (DDMMYYYY) and 5 digits; 2 is accepted too because the programme
 * reports NCOs holding such numbers. A 1 (a woman's personal TIN) is refused.
 *
 * No check digit is computed: we know of no published checksum algorithm,
 * and a made-up one would refuse real NCOs. Nor is the embedded date
 * compared with the registration date (re-registration changes one and not
 * the other). The programme officer checks the number against the
 * registration certificate at verification.
 * See docs/decisions/0010-organization-registry.md.
 */
export function isValidTin(value: string): boolean {
  return /^[02][0-9]{13}$/.test(value);
}

/** Bank identification code of a Kyrgyz bank branch: 6 digits. */
export function isValidBik(value: string): boolean {
  return /^[0-9]{6}$/.test(value);
}

/** Settlement account number in a Kyrgyz bank: 16 digits. */
export function isValidBankAccount(value: string): boolean {
  return /^[0-9]{16}$/.test(value);
}

/** People type identifiers with spaces; the portal keeps digits only. */
export function digitsOnly(value: string): string {
  return value.replace(/[\s-]/g, "");
}

/** "12345-3302-об" and "12345 - 3302-ОБ " are the same number; one form is kept so duplicates are caught. */
export function normalizeRegistrationNumber(value: string): string {
  return value
    .trim()
    .replace(/\s*([-/])\s*/g, "$1")
    .replace(/\s+/g, " ")
    .toUpperCase();
}

/** Registered on a real date, not after today in Bishkek, and not before 1900. */
export function isValidRegistrationDate(value: string, now: Date): boolean {
  return isCalendarDate(value) && value >= "1900-01-01" && value <= calendarDateOf(now);
}

// ───────────── verification ─────────────

export type VerificationState = "PENDING" | "VERIFIED" | "RETURNED";
export type VerificationEvent = "verify" | "return" | "resubmit";

/**
 * An officer verifies an organization that waits, or returns it with a
 * reason (also one already verified, when something turns out wrong). The
 * organization's admin resubmits a returned organization by correcting it.
 */
const TRANSITIONS: Record<VerificationEvent, Partial<Record<VerificationState, VerificationState>>> = {
  verify: { PENDING: "VERIFIED" },
  return: { PENDING: "RETURNED", VERIFIED: "RETURNED" },
  resubmit: { RETURNED: "PENDING" },
};

export function nextVerification(state: VerificationState, event: VerificationEvent): VerificationState | null {
  return TRANSITIONS[event][state] ?? null;
}

/**
 * Fields an officer checked against the registration documents. Changing one
 * of them on a verified organization sends it back for verification; a new
 * phone number or address does not.
 */
export const VERIFIED_FIELDS = [
  "nameKy",
  "nameRu",
  "legalForm",
  "registrationNumber",
  "tin",
  "registeredOn",
  "bankName",
  "bankBik",
  "bankAccount",
] as const;

/** The state after the admin saved the profile with these fields changed. */
export function verificationAfterEdit(state: VerificationState, changed: readonly string[]): VerificationState {
  if (state === "RETURNED") return "PENDING";
  if (state === "VERIFIED" && changed.some((field) => isOneOf(VERIFIED_FIELDS, field))) return "PENDING";
  return state;
}

// ───────────── membership ─────────────

export const INVITATION_TTL_DAYS = 7;

export function invitationExpiry(now: Date): Date {
  return new Date(now.getTime() + INVITATION_TTL_DAYS * 86_400_000);
}

export function isInvitationUsable(invitation: { acceptedAt: Date | null; expiresAt: Date }, now: Date): boolean {
  return invitation.acceptedAt === null && invitation.expiresAt > now;
}

/** An organization always keeps an administrator: the last one cannot be removed. */
export function canRemoveMember(target: { role: "ADMIN" | "MEMBER" }, adminCount: number): boolean {
  return target.role !== "ADMIN" || adminCount > 1;
}

// ───────────── vault ─────────────

/** A document whose validity ended before today (Bishkek) is shown as expired. */
export function isDocumentExpired(validUntil: Date | string | null, now: Date): boolean {
  if (!validUntil) return false;
  return calendarDateOf(validUntil) < calendarDateOf(now);
}
