import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DoneNotice, donePath, FormAlert } from "~/components/ui/alerts";
import { CONFIRMATION_TTL_MS, getEmailConfirmation, sendEmailConfirmation } from "~/domains/accounts/email-confirmation.server";
import { pageTitle } from "~/utils/page-title";
import { clientIp } from "~/utils/rate-limit.server";
import { getActor, requireActor } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "confirmation:title");

export async function loader({ request }: LoaderFunctionArgs) {
  const search = new URL(request.url).searchParams;
  const actor = await getActor(request);
  // Confirmed from a link opened while signed out (on another device, say).
  if (!actor && search.get("confirmed") === "1") return { state: "confirmedSignedOut" as const, email: null, hours: 0 };
  if (!actor) throw redirect(`/login?${new URLSearchParams({ redirectTo: "/confirm-email" })}`);
  const { email, confirmedAt } = await getEmailConfirmation({ userId: actor.id });
  return { state: confirmedAt ? ("confirmed" as const) : ("pending" as const), email, hours: CONFIRMATION_TTL_MS / 3_600_000 };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const result = await sendEmailConfirmation({ userId: actor.id, ipAddress: clientIp(request) });
  if (!result.sent && result.reason === "confirmed") return redirect("/confirm-email");
  // What the page then announces: done.sent, or done.tooSoon when the last link is under a minute old.
  return redirect(donePath("/confirm-email", result.sent ? "sent" : "tooSoon"));
}

export default function ConfirmEmail() {
  const { state, email, hours } = useLoaderData<typeof loader>();
  const { t } = useTranslation("confirmation");
  const navigation = useNavigation();
  return (
    <section className="narrow" aria-labelledby="confirm-title">
      <h1 id="confirm-title">{t("title")}</h1>
      <DoneNotice ns="confirmation" params={{ email: email ?? "" }} />
      {state === "pending" ? (
        <>
          <p>{t("sentTo", { email, hours })}</p>
          <p>{t("why")}</p>
          <Form method="post">
            <button type="submit" className="button secondary" disabled={navigation.state === "submitting"}>
              {t("resend")}
            </button>
          </Form>
          <p>
            <Link to="/dashboard">{t("continue")}</Link>
          </p>
        </>
      ) : (
        <>
          <FormAlert tone="success">{state === "confirmed" ? t("confirmed", { email }) : t("confirmedSignedOut")}</FormAlert>
          <p>{state === "confirmed" ? <Link to="/dashboard">{t("continue")}</Link> : <Link to="/login">{t("signIn")}</Link>}</p>
        </>
      )}
    </section>
  );
}
