import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { getOwnOrganizationId } from "~/domains/organizations/organizations.server";
import { can } from "~/utils/permissions";
import { requireActor } from "~/utils/session.server";

// "My organization": one's own, the review list for officers, or registration.
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const own = await getOwnOrganizationId(actor);
  if (own) throw redirect(`/organizations/${own}`);
  if (can(actor, "verify:organization:any")) throw redirect("/officer/organizations");
  throw redirect("/organizations/new");
}
