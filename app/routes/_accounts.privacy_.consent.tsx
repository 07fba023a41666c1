import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PrivacyNoticeText } from "~/components/accounts/privacy-notice-text";
import { donePath, FormAlert } from "~/components/ui/alerts";
import { acceptPrivacyNotice, declinePrivacyNotice, mustConsentToPrivacy } from "~/domains/accounts/privacy.server";
import { intentOf, readForm, unknownIntent } from "~/utils/forms.server";
import { pageTitle } from "~/utils/page-title";
import { clientIp } from "~/utils/rate-limit.server";
import { safeRedirect } from "~/utils/safe-redirect";
import { destroyUserSession, getActor } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.privacyConsent");

export const INTENT = { accept: "accept", decline: "decline" } as const;

const FALLBACK = "/dashboard";

/**
 * Asked again (decision 0071): `requireActor` sends a signed-in person here while their consent
 * names an older notice. Reached with `getActor`, so the page itself is never gated.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await getActor(request);
  const redirectTo = new URL(request.url).searchParams.get("redirectTo");
  if (!actor) throw redirect(`/login?${new URLSearchParams({ redirectTo: redirectTo ?? FALLBACK })}`);
  if (!(await mustConsentToPrivacy(actor.id))) throw redirect(safeRedirect(redirectTo, FALLBACK));
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await getActor(request);
  if (!actor) throw redirect("/login");
  const form = await readForm(request);
  const intent = intentOf(form, INTENT);
  if (!intent) return unknownIntent();
  const onward = safeRedirect(form.get("redirectTo"), FALLBACK);
  // Only a person who must be asked answers here: someone who agreed already is sent on, signed in.
  if (!(await mustConsentToPrivacy(actor.id))) return redirect(onward);
  switch (intent) {
    case INTENT.accept:
      await acceptPrivacyNotice(actor, clientIp(request));
      return redirect(onward);
    case INTENT.decline: {
      await declinePrivacyNotice(actor, clientIp(request));
      const cookie = await destroyUserSession(request);
      return redirect(donePath("/login", "privacyDeclined"), { headers: { "Set-Cookie": cookie } });
    }
  }
}

export default function PrivacyConsent() {
  const { t } = useTranslation("privacy");
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  return (
    <section className="narrow" aria-labelledby="consent-title">
      <h1 id="consent-title">{t("consent.title")}</h1>
      <p>{t("consent.lead")}</p>
      <FormAlert failure={result} />
      <PrivacyNoticeText />
      <Form method="post">
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <p>
          <button type="submit" name="intent" value={INTENT.accept} className="button" disabled={busy}>
            {t("consent.accept")}
          </button>{" "}
          <button type="submit" name="intent" value={INTENT.decline} className="button secondary" disabled={busy}>
            {t("consent.decline")}
          </button>
        </p>
        <p className="hint">{t("consent.declineHint")}</p>
      </Form>
    </section>
  );
}
