import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { INVITATION_INTENT, InvitationPage } from "~/components/accounts/invitation-page";
import { answerInvitation, invitationPageData } from "~/domains/accounts/invitation-page.server";
import {
  acceptStaffInvitation,
  createStaffAccount,
  getStaffInvitation,
  INVITATION_ERRORS,
  resumeStaffAccount,
} from "~/domains/accounts/staff-invitations.server";
import { localized } from "~/utils/i18n";
import { pageTitle } from "~/utils/page-title";
import { useLocale } from "~/components/ui/use-locale";

/** The intents this route's action dispatches on; its forms send the same constants. */
export const INTENT = INVITATION_INTENT;

// A municipality's administrator invited this address to its staff (decision 0053).
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.staffInvitation");

export async function loader({ request, params }: LoaderFunctionArgs) {
  return invitationPageData(request, getStaffInvitation({ token: params.token ?? "" }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  return answerInvitation(request, params.token ?? "", {
    accept: acceptStaffInvitation,
    create: createStaffAccount,
    resume: resumeStaffAccount,
    spentCode: INVITATION_ERRORS.invalid,
    limiterKey: "staff-invitation",
    landing: "/dashboard",
    whenMissing: INTENT.create,
  });
}

export default function StaffInvitationPage() {
  const { invitation, signedInAs } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const locale = useLocale();
  const { token } = useParams();
  const { t } = useTranslation("admin");
  const { t: tc } = useTranslation();
  return (
    <InvitationPage
      ns="admin"
      id="staff-invitation-title"
      invitation={invitation}
      signedInAs={signedInAs}
      result={result}
      emailLabel={t("staff.email")}
      path={`/staff-invitations/${token}`}
      intro={
        invitation ? (
          <>
            <p>
              {t("invitation.body", {
                municipality: localized(invitation.municipality, "name", locale),
                role: tc(`dashboard.role.${invitation.role}`),
              })}
            </p>
            <p className="meta">{t("invitation.forEmail", { email: invitation.email })}</p>
          </>
        ) : null
      }
    />
  );
}
