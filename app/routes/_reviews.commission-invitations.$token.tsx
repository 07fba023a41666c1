import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { INVITATION_INTENT, InvitationPage } from "~/components/accounts/invitation-page";
import { answerInvitation, invitationPageData } from "~/domains/accounts/invitation-page.server";
import {
  acceptCommissionInvitation,
  COMMISSION_INVITATION_ERRORS,
  createExpertAccount,
  getCommissionInvitation,
  resumeExpertAccount,
} from "~/domains/reviews/commission-invitations.server";
import { localized } from "~/utils/i18n";
import { pageTitle } from "~/utils/page-title";
import { useLocale } from "~/components/ui/use-locale";

/** The intents this route's action dispatches on; its forms send the same constants. */
export const INTENT = INVITATION_INTENT;

// An outside expert's invitation to a call's commission (decision 0061); the page works as the
// staff invitation's does (components/accounts/invitation-page.tsx).
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "reviews:invitation.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  return invitationPageData(request, getCommissionInvitation({ token: params.token ?? "" }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  return answerInvitation(request, params.token ?? "", {
    accept: acceptCommissionInvitation,
    create: createExpertAccount,
    resume: resumeExpertAccount,
    spentCode: COMMISSION_INVITATION_ERRORS.invalid,
    limiterKey: "commission-invitation",
    landing: "/review",
  });
}

export default function CommissionInvitationPage() {
  const { invitation, signedInAs } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const locale = useLocale();
  const { token } = useParams();
  const { t } = useTranslation("reviews");
  return (
    <InvitationPage
      ns="reviews"
      id="commission-invitation-title"
      invitation={invitation}
      signedInAs={signedInAs}
      result={result}
      emailLabel={t("commission.email")}
      fullName={invitation?.fullName}
      path={`/commission-invitations/${token}`}
      intro={
        invitation ? (
          <>
            <p>
              {t("invitation.body", {
                municipality: localized(invitation.municipality, "name", locale),
                call: invitation.call.reference,
                title: localized(invitation.call, "title", locale),
              })}
            </p>
            <p>{t("invitation.role", { role: t(`role.${invitation.role}`) })}</p>
            <p className="meta">{t("invitation.scope")}</p>
            <p className="meta">{t("invitation.forEmail", { email: invitation.email })}</p>
          </>
        ) : null
      }
    />
  );
}
