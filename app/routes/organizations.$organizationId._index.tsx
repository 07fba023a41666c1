import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getOrganizationForActor } from "~/domains/organizations/organizations.server";
import type { RootData } from "~/root";
import { formatDate, localized } from "~/utils/i18n";
import { requireActor } from "~/utils/session.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const organization = await getOrganizationForActor(actor, params.organizationId ?? "");
  if (!organization) throw new Response("Not found", { status: 404 });
  return { organization };
}

export default function OrganizationProfile() {
  const { organization: o } = useLoaderData<typeof loader>();
  const locale = useRouteLoaderData<RootData>("root")?.locale ?? "ky";
  const { t } = useTranslation("organizations");
  const rows: [string, string][] = [
    [t("legalForm"), t(`legalFormValue.${o.legalForm}`)],
    [t("registrationNumber"), o.registrationNumber],
    [t("tin"), o.tin],
    [t("registeredOn"), formatDate(o.registeredOn, locale)],
    [t("region"), o.region],
    [t("address"), o.address],
    [t("phone"), o.phone],
    [t("email"), o.email],
    [t("bank"), `${o.bankName} · ${o.bankBik} · ${o.bankAccount}`],
    [t("verification"), t(`verificationValue.${o.verification}`)],
  ];
  return (
    <section aria-labelledby="org-title">
      <h1 id="org-title">{localized(o, "name", locale)}</h1>
      <dl className="facts">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <h2>{t("members")}</h2>
      <ul>
        {o.members.map((m) => (
          <li key={m.user.email}>
            {m.user.fullName} ({m.user.email}) — {t(`role.${m.role}`)}
          </li>
        ))}
      </ul>
    </section>
  );
}
