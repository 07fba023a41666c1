// NCO accounts, each in its own organization with complete drafts in one open
// call and a signed-in session, written straight into a running portal's
// database; and the POST a browser sends when one of them presses "Submit".
// Shared by the end-to-end rate-limit proof and `npm run bench:submit`.
import { randomBytes, randomInt } from "node:crypto";
import { createCookie } from "@remix-run/node";
import type { Db } from "../../app/utils/db.server";
import { sessionIdFor } from "../../app/utils/session.server";
import { COMPLETE_FIELDS } from "../factories-proposals";
import { httpRequest } from "./http";
import { consentedNow } from "../../app/domains/accounts/privacy-notice";

export type Submitter = { userId: string; email: string; organizationId: string; cookie: string; proposals: string[] };

type Options = {
  accounts: number;
  draftsPerAccount?: number;
  /** The portal's SESSION_SECRET, to sign the session cookies it will accept. */
  sessionSecret: string;
  /** Prefix of emails (`<tag><n>@example.kg`), proposal ids and references. */
  tag?: string;
  /** Each account's language (what the 429 message is shown in). */
  locale?: "ky" | "ru" | "en";
};

export async function seedSubmitters(db: Db, { accounts, draftsPerAccount = 1, sessionSecret, tag = "submitter", locale = "ky" }: Options) {
  const municipality = await db.municipality.create({
    data: { slug: tag, nameKy: "Каракол", nameRu: "Каракол", nameEn: "Karakol", region: "Issyk-Kul" },
  });
  const programme = await db.budgetProgramme.create({
    data: { municipalityId: municipality.id, code: tag.toUpperCase(), nameKy: "П", nameRu: "П", nameEn: "P" },
  });
  const appropriation = await db.appropriation.create({
    data: { programmeId: programme.id, fiscalYear: 2026, amount: 10n ** 12n, allocated: 10n ** 10n },
  });
  const call = await db.call.create({
    data: {
      municipalityId: municipality.id,
      appropriationId: appropriation.id,
      reference: `SZ-${tag.toUpperCase()}`,
      status: "PUBLISHED",
      titleKy: "Сынак",
      titleRu: "Конкурс",
      titleEn: "Call",
      envelope: 10n ** 10n,
      minGrant: 100_000n,
      maxGrant: 20_000_000n,
      maxProposalsPerOrganization: 1_000_000,
      publishedAt: new Date(),
      submissionDeadline: new Date(Date.now() + 86_400_000),
    },
  });
  const submitters: Submitter[] = [];
  const tinBase = 10_000_000_000_000 + randomInt(1_000_000) * 10_000;
  for (let c = 0; c < accounts; c++) {
    const organization = await db.organization.create({
      data: {
        nameKy: `Уюм ${c}`,
        nameRu: `Организация ${c}`,
        legalForm: "PUBLIC_UNION",
        registrationNumber: `${tag}-${c}`,
        tin: String(tinBase + c),
        registeredOn: new Date("2019-01-10"),
        region: "Иссык-Куль",
        address: "Каракол",
      },
    });
    // Confirmed addresses: only those may submit (issue 17 item 5).
    const user = await db.user.create({
      data: {
        ...consentedNow(),
        email: `${tag}${c}@example.kg`,
        fullName: `${tag} ${c}`,
        passwordHash: "x",
        locale,
        emailConfirmedAt: new Date(),
      },
    });
    await db.organizationMember.create({ data: { organizationId: organization.id, userId: user.id, role: "ADMIN" } });
    const ids = Array.from({ length: draftsPerAccount }, (_, i) => `${tag}${c}x${i}`);
    await db.proposal.createMany({
      data: ids.map((id, i) => ({
        id,
        callId: call.id,
        organizationId: organization.id,
        createdById: user.id,
        reference: `${call.reference}-${c}-${i}`,
        ...COMPLETE_FIELDS,
        requestedTotal: 500_000n,
        cofinancingTotal: 100_000n,
      })),
    });
    await db.proposalMilestone.createMany({
      data: ids.map((proposalId) => ({
        proposalId,
        position: 0,
        title: "Этап",
        startsOn: new Date("2026-06-01"),
        dueOn: new Date("2026-08-31"),
      })),
    });
    await db.budgetLine.createMany({
      data: ids.map((proposalId) => ({
        proposalId,
        position: 0,
        category: "STAFF",
        description: "Педагог",
        unit: "ай",
        quantity: 600,
        unitCost: 100_000n,
        requested: 500_000n,
        cofinancing: 100_000n,
      })),
    });
    const cookie = await signedInCookie(db, user.id, sessionSecret);
    submitters.push({ userId: user.id, email: user.email, organizationId: organization.id, cookie, proposals: ids });
  }
  return { callId: call.id, submitters };
}

/** A session row and the Cookie header that carries it, as the login would make them. */
export async function signedInCookie(db: Db, userId: string, sessionSecret: string) {
  const token = randomBytes(32).toString("base64url");
  await db.session.create({
    data: { id: sessionIdFor(token), userId, expiresAt: new Date(Date.now() + 86_400_000), ipAddress: "", userAgent: "" },
  });
  return (await createCookie("__session", { secrets: [sessionSecret] }).serialize(token)).split(";")[0]!;
}

/** Where "Submit" posts: the page itself (no JavaScript) or its single-fetch data URL. */
export function submitUrl(proposalId: string, { data = false } = {}) {
  return `/proposals/${proposalId}${data ? ".data" : ""}?index`;
}

export function submitBody(idempotencyKey: string) {
  return new URLSearchParams({ intent: "submit", idempotencyKey }).toString();
}

/** One press of "Submit" from the portal's own page. */
export function submit(portalUrl: string, cookie: string, proposalId: string, idempotencyKey: string, { data = false } = {}) {
  return httpRequest(portalUrl + submitUrl(proposalId, { data }), {
    method: "POST",
    headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded", Origin: portalUrl },
    body: submitBody(idempotencyKey),
  });
}
