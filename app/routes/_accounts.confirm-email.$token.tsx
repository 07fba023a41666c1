import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormAlert } from "~/components/ui/alerts";
import { confirmEmail, isConfirmationTokenUsable } from "~/domains/accounts/email-confirmation.server";
import { refusedForm } from "~/utils/forms.server";
import { pageTitle } from "~/utils/page-title";
import { clientIp } from "~/utils/rate-limit.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "confirmation:title");

// Opening the link only shows a button: no GET changes state, and mail
// scanners that fetch every link do not confirm an address for its owner.
export async function loader({ params }: LoaderFunctionArgs) {
  const usable = await isConfirmationTokenUsable({ token: params.token ?? "" });
  return data({ usable }, { status: usable ? 200 : 404 });
}

export async function action({ request, params }: ActionFunctionArgs) {
  try {
    await confirmEmail({ token: params.token ?? "", ipAddress: clientIp(request) });
  } catch (error) {
    return refusedForm(error);
  }
  return redirect("/confirm-email?confirmed=1");
}

export default function ConfirmEmailLink() {
  const { usable } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("confirmation");
  const navigation = useNavigation();
  return (
    <section className="narrow" aria-labelledby="confirm-link-title">
      <h1 id="confirm-link-title">{t("title")}</h1>
      <FormAlert failure={result} />
      {usable && !result?.formError ? (
        <>
          <p>{t("tokenLead")}</p>
          <Form method="post">
            <button type="submit" className="button" disabled={navigation.state === "submitting"}>
              {t("confirmButton")}
            </button>
          </Form>
        </>
      ) : (
        <>
          {result?.formError ? null : <FormAlert>{t("tokenInvalid")}</FormAlert>}
          <p>
            <Link to="/confirm-email">{t("resend")}</Link>
          </p>
        </>
      )}
    </section>
  );
}
