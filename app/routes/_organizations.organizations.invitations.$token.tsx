import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { donePath, FormAlert, Notice } from "~/components/ui/alerts";
import { acceptInvitation, getInvitation } from "~/domains/organizations/organizations.server";
import styles from "~/styles/organizations.css";
import { refusedForm } from "~/utils/forms.server";
import { localized } from "~/utils/i18n";
import { clientIp } from "~/utils/rate-limit.server";
import { requireActor } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";
import { useLocale } from "~/components/ui/use-locale";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

// The token is a capability: it is looked up by hash and never echoed back.
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.invitation");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const invitation = await getInvitation({ token: params.token ?? "" });
  const usable = invitation?.usable ? { email: invitation.email, role: invitation.role, organization: invitation.organization } : null;
  return data({ invitation: usable, email: actor.email }, { status: usable ? 200 : 404 });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  try {
    const { organizationId } = await acceptInvitation({ actor, token: params.token ?? "", ipAddress: clientIp(request) });
    return redirect(donePath(`/organizations/${organizationId}`, "joined"));
  } catch (error) {
    return refusedForm(error);
  }
}

export default function Invitation() {
  const { invitation, email } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const { t } = useTranslation("organizations");
  const result = useActionData<typeof action>();
  return (
    <section className="narrow" aria-labelledby="invitation-title">
      <h1 id="invitation-title">{t("invitation.title")}</h1>
      <FormAlert failure={result} />
      {invitation ? (
        <>
          <p>
            {t("invitation.body", { organization: localized(invitation.organization, "name", locale), role: t(`role.${invitation.role}`) })}
          </p>
          <p className="meta">
            {t("invitation.forEmail", { email: invitation.email })} {t("invitation.signedInAs", { email })}
          </p>
          <Form method="post">
            <button type="submit" className="button">
              {t("invitation.accept")}
            </button>
          </Form>
        </>
      ) : (
        <Notice tone="error">{t("invitation.unusable")}</Notice>
      )}
    </section>
  );
}
