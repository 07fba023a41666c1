/**
 * The privacy notice's current version (decision 0071). Changing the text of
 * `public/locales/*\/privacy.json` in substance means a new version here: every
 * signed-in person whose consent names an older version is asked again.
 * Versions are calendar dates, so they compare as strings.
 */
export const PRIVACY_NOTICE_VERSION = "2026-12-07";

/** Whether a person who agreed to `version` (null: never) must be asked before going on. */
export function needsPrivacyConsent(version: string | null | undefined, current = PRIVACY_NOTICE_VERSION) {
  return !version || version < current;
}

/** Where the notice is read and where consent is asked again. */
export const PRIVACY_PATH = "/privacy";
export const PRIVACY_CONSENT_PATH = "/privacy/consent";

/**
 * What a closed account's name becomes (decision 0071): one neutral label in the three
 * languages, since the name is one column that every page shows as it is.
 */
export const CLOSED_ACCOUNT_NAME = "Жабылган аккаунт · Закрытый аккаунт · Closed account";

export function closedAccountEmail(userId: string) {
  return `closed-${userId}@invalid`;
}

/**
 * The consent columns of an account made by the demo set-up or a test, whose people are
 * shown the notice elsewhere: without them every such account would be asked first.
 */
export function consentedNow() {
  return { privacyNoticeVersion: PRIVACY_NOTICE_VERSION, privacyConsentAt: new Date() };
}
