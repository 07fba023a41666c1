// The page an invitation link opens (a municipality's staff, decision 0053; a call's outside
// experts, decision 0061): the same loader and action for both, given what differs.
// The token is a capability: it is looked up by hash and never echoed back.
import { data, redirect } from "@remix-run/node";
import { INVITATION_INTENT } from "~/components/accounts/invitation-page";
import { StaffAccountSchema, type StaffAccountInput } from "~/domains/accounts/staff-schemas";
import { DomainError } from "~/utils/domain-error";
import { intentOf, readForm, refusedForm, unknownIntent, validateForm } from "~/utils/forms.server";
import type { Actor } from "~/utils/permissions";
import { clientIp, failedLoginsByAccount } from "~/utils/rate-limit.server";
import { createUserSession, getActor, requireActor } from "~/utils/session.server";
import type { InvitationState } from "./invitation-links.server";

const KEEP = ["fullName", "locale", "privacyConsent"];

/** The invitation and who is signed in; 404 for an unknown link, 410 for a spent one. */
export async function invitationPageData<I extends { state: InvitationState }>(request: Request, invitation: Promise<I | null>) {
  const [actor, found] = await Promise.all([getActor(request), invitation]);
  const status = !found ? 404 : found.state === "usable" ? 200 : 410;
  return data({ invitation: found, signedInAs: actor?.email ?? null }, { status });
}

/** What one kind of invitation does; the rest of the action is the same for every kind. */
export type InvitationFlow = {
  accept: (args: { actor: Actor; token: string; ipAddress?: string }) => Promise<unknown>;
  create: (args: { token: string; input: StaffAccountInput; ipAddress?: string }) => Promise<{ userId: string }>;
  resume: (args: { token: string; password: string }) => Promise<string | null>;
  /** The refusal of a spent link, after which a second press may resume the account the first one made. */
  spentCode: string;
  /** The rate limiter's key prefix for resuming ("staff-invitation"). */
  limiterKey: string;
  /** Where the person goes once in. */
  landing: string;
  /** The intent of a form that sends none (the staff page's older create form). */
  whenMissing?: typeof INVITATION_INTENT.create;
};

/** Accepts the invitation for the signed-in person, or creates the invited account and signs it in. */
export async function answerInvitation(request: Request, token: string, flow: InvitationFlow) {
  const form = await readForm(request);
  const ipAddress = clientIp(request);
  const intent = intentOf(form, INVITATION_INTENT, flow.whenMissing);
  if (!intent) return unknownIntent();
  if (intent === INVITATION_INTENT.accept) {
    const actor = await requireActor(request);
    try {
      await flow.accept({ actor, token, ipAddress });
    } catch (error) {
      return refusedForm(error, { intent });
    }
    return redirect(flow.landing);
  }
  const { data: input, failure } = validateForm(form, StaffAccountSchema, KEEP, intent);
  if (failure) return failure;
  let userId: string;
  try {
    ({ userId } = await flow.create({ token, input, ipAddress }));
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    // A second press of the button: the account was made by the first one. The password is
    // checked as a login is, so a leaked spent link is not a way to guess it.
    const mayResume = error.code === flow.spentCode && (await failedLoginsByAccount.hit(`${flow.limiterKey}:${token}`)) === 0;
    const resumed = mayResume ? await flow.resume({ token, password: input.password }) : null;
    if (!resumed) return refusedForm(error, { intent, values: { fullName: input.fullName, locale: input.locale } });
    userId = resumed;
  }
  const cookie = await createUserSession(request, userId, ipAddress);
  return redirect(flow.landing, { headers: { "Set-Cookie": cookie } });
}
