import { useTranslation } from "react-i18next";
import { Badge, type BadgeTone } from "~/components/ui/alerts";
import type { VerificationState } from "~/generated/sqlite/enums";

const TONES: Record<VerificationState, BadgeTone> = { PENDING: "wait", VERIFIED: "ok", RETURNED: "bad" };

/** An organization's verification state as the shared badge. */
export function VerificationBadge({ state }: { state: VerificationState }) {
  const { t } = useTranslation("organizations");
  return <Badge tone={TONES[state]}>{t(`verificationValue.${state}`)}</Badge>;
}
