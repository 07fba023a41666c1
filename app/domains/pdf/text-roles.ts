// Official documents in the state language (decision 0080): every letter and agreement version
// is issued as a set of PDFs in one instant, the Kyrgyz text binding (Constitutional Law No. 140,
// 2023), the Russian text its official parallel, and, when the organization asked for English, a
// marked courtesy translation. Each text is its own file with its own code and hashes.

import type { TFunction } from "i18next";
import type { AppLocale } from "~/utils/i18n";

export type TextRole = "SOLE" | "BINDING" | "PARALLEL" | "COURTESY";

export type IssuedText = { language: AppLocale; role: Exclude<TextRole, "SOLE"> };

/** The texts issued together, binding first. */
export function documentTexts(courtesyEnglish: boolean): IssuedText[] {
  return [
    { language: "ky", role: "BINDING" },
    { language: "ru", role: "PARALLEL" },
    ...(courtesyEnglish ? [{ language: "en", role: "COURTESY" } as const] : []),
  ];
}

const ROLE_ORDER: Record<TextRole, number> = { BINDING: 0, SOLE: 0, PARALLEL: 1, COURTESY: 2 };

/** Texts of one set in reading order: the binding (or only) text, the parallel one, the courtesy one. */
export function byTextRole<T extends { textRole: TextRole }>(texts: readonly T[]): T[] {
  return [...texts].sort((a, b) => ROLE_ORDER[a.textRole] - ROLE_ORDER[b.textRole]);
}

/** The text of a set a reader gets when they name no language: the binding (or only) one. */
export function primaryText<T extends { textRole: TextRole }>(texts: readonly T[]): T | undefined {
  return byTextRole(texts)[0];
}

/**
 * Free text an organization typed is printed as typed; in a document of another language it is
 * marked with the language it was written in (`marker` is that document's word for it, e.g. "орусча").
 */
export function asEntered(text: string, enteredIn: AppLocale, documentLanguage: AppLocale, marker: (language: AppLocale) => string) {
  if (!text || enteredIn === documentLanguage) return text;
  return `${text} [${marker(enteredIn)}]`;
}

/** The line under a document's header saying which text this is and naming the others by their codes (`<prefix>.textRole.*`). */
export function textRoleNote(
  t: TFunction,
  prefix: string,
  role: IssuedText["role"],
  companions: readonly (IssuedText & { verificationCode: string })[],
) {
  const code = (wanted: IssuedText["role"]) => companions.find((c) => c.role === wanted)?.verificationCode ?? "";
  return t(`${prefix}.textRole.${role}`, { binding: code("BINDING"), parallel: code("PARALLEL") });
}
