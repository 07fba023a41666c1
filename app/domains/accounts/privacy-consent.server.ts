import { recordAudit } from "~/domains/audit/audit.server";
import type { Tx } from "~/utils/db.server";
import { PRIVACY_NOTICE_VERSION } from "./privacy-notice";

type Self = { id: string; label: string };

/**
 * Records that the person agreed to the current notice, with its audit event, inside the
 * caller's transaction (registration, an invitation's account) or on its own (asked again).
 * The columns hold the latest consent; the audit trail holds every one (decision 0071).
 */
export async function recordPrivacyConsent(tx: Tx, self: Self, { ipAddress = "", now = new Date() } = {}) {
  await tx.user.update({ where: { id: self.id }, data: { privacyNoticeVersion: PRIVACY_NOTICE_VERSION, privacyConsentAt: now } });
  await recordAudit(tx, {
    actor: self,
    action: "user.privacy_consented",
    entityType: "User",
    entityId: self.id,
    after: { version: PRIVACY_NOTICE_VERSION },
    ipAddress,
    now,
  });
}
