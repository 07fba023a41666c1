import { hashPassword } from "~/domains/accounts/accounts.server";
import { recordAudit } from "~/domains/audit/audit.server";
import type { Db } from "~/utils/db.server";
import { seedDemoCalls } from "./seed-demo-calls";
import { seedDemoGrants } from "./seed-demo-grants";
import { seedDemoReviews } from "./seed-demo-reviews";
import { seedDemoProposals } from "./seed-demo-proposals";
import { seedDemoPriorities } from "./seed-demo-priorities";
import { startOfDay } from "~/utils/time";
import { consentedNow } from "~/domains/accounts/privacy-notice";

/** Every demo account signs in with this password (listed in the README). */
export const DEMO_PASSWORD = "Karakol-2026";

export const DEMO_ACCOUNTS = {
  admin: { email: "admin@karakol.kg", fullName: "Айбек Сыдыков", locale: "ru" },
  officer: { email: "officer@karakol.kg", fullName: "Гүлнара Токтогулова", locale: "ky" },
  finance: { email: "finance@karakol.kg", fullName: "Нурлан Абдыкеримов", locale: "ru" },
  chair: { email: "chair@karakol.kg", fullName: "Бакыт Жумабаева", locale: "ky" },
  member1: { email: "member1@karakol.kg", fullName: "Эркин Осмонов", locale: "ky" },
  member2: { email: "member2@karakol.kg", fullName: "Светлана Ким", locale: "ru" },
  member3: { email: "member3@karakol.kg", fullName: "Азамат Бейшеналиев", locale: "en" },
  ncoAdmin: { email: "nco@balakai.kg", fullName: "Жылдыз Мамбетова", locale: "ky" },
  ncoMember: { email: "staff@balakai.kg", fullName: "Мирлан Усенов", locale: "ru" },
  ncoAdmin2: { email: "info@ayalzhardam.kg", fullName: "Айгүл Асанова", locale: "ru" },
} as const;

const SOM = 100n; // tyiyn per som

/**
 * Loads the Karakol demo into an empty database and returns true; leaves a
 * database that already has users alone and returns false.
 */
export async function seedDemoIfEmpty(db: Db): Promise<boolean> {
  if ((await db.user.count()) > 0) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  let demoCalls: Awaited<ReturnType<typeof seedDemoCalls>> | undefined;
  await db.$transaction(async (tx) => {
    const karakol = await tx.municipality.create({
      data: {
        slug: "karakol",
        nameKy: "Каракол шаарынын мэриясы",
        nameRu: "Мэрия города Каракол",
        nameEn: "Karakol City Mayor's Office",
        region: "Ысык-Көл / Иссык-Куль",
        address: "Каракол ш., Абдрахманов көч., 130",
        // A demo signatory: the position is real, the person is not.
        headNameKy: "А. Б. Исаков",
        headNameRu: "А. Б. Исаков",
        headNameEn: "A. B. Isakov",
        headPositionKy: "Каракол шаарынын мэри",
        headPositionRu: "Мэр города Каракол",
        headPositionEn: "Mayor of Karakol",
      },
    });
    const programme = await tx.budgetProgramme.create({
      data: {
        municipalityId: karakol.id,
        code: "SZ-2026",
        nameKy: "Мамлекеттик социалдык заказ — 2026",
        nameRu: "Государственный социальный заказ — 2026",
        nameEn: "State social order — 2026",
        descriptionKy: "Жергиликтүү бюджеттен коомдук уюмдардын социалдык долбоорлорун каржылоо.",
        descriptionRu: "Финансирование социальных проектов некоммерческих организаций из местного бюджета.",
        descriptionEn: "Funding of non-commercial organizations' social projects from the local budget.",
        // Approved with the local budget by the city council (decision 0052 asks for the act and the period).
        actBody: "Каракол шаардык кеңеши / Каракольский городской кенеш",
        actNumber: "12-4",
        actDate: startOfDay("2025-12-19"),
        firstYear: 2026,
        lastYear: 2028,
      },
    });
    const appropriation = await tx.appropriation.create({ data: { programmeId: programme.id, fiscalYear: 2026, amount: 400_000n * SOM } });

    const users: Record<keyof typeof DEMO_ACCOUNTS, string> = {} as never;
    for (const [key, account] of Object.entries(DEMO_ACCOUNTS)) {
      const user = await tx.user.create({
        data: { ...consentedNow(), ...account, passwordHash, phone: "+996 555 000 000", emailConfirmedAt: new Date() },
        select: { id: true },
      });
      users[key as keyof typeof DEMO_ACCOUNTS] = user.id;
    }
    // The demo's administrator also administers the platform, so the demo shows adding a municipality.
    await tx.user.update({ where: { id: users.admin }, data: { platformAdmin: true } });
    const staff = [
      [users.admin, "ADMIN"],
      [users.officer, "PROGRAMME_OFFICER"],
      [users.finance, "FINANCE_OFFICER"],
    ] as const;
    for (const [userId, role] of staff) await tx.roleAssignment.create({ data: { userId, role, municipalityId: karakol.id } });

    const balakai = await tx.organization.create({
      data: {
        nameKy: "«Балакай» коомдук бирикмеси",
        nameRu: "Общественное объединение «Балакай»",
        nameEn: "Balakai Public Union",
        legalForm: "PUBLIC_UNION",
        registrationNumber: "12345-3302-ОБ",
        tin: "02103201810123",
        registeredOn: startOfDay("2018-03-21"),
        region: "Иссык-Кульская область",
        address: "Каракол ш., Тоголок Молдо көч., 22",
        phone: "+996 3922 5 12 34",
        email: "nco@balakai.kg",
        bankName: "ОАО «РСК Банк», Каракольский филиал",
        bankBik: "129001",
        bankAccount: "1290010000123456",
        preferredLocale: "ky",
        verification: "VERIFIED",
        verifiedAt: new Date("2026-01-15T06:00:00Z"),
        verifiedById: users.officer,
      },
    });
    const ayal = await tx.organization.create({
      data: {
        nameKy: "«Аял жардам» коомдук фонду",
        nameRu: "Общественный фонд «Аял жардам»",
        nameEn: "Ayal Zhardam Public Foundation",
        legalForm: "PUBLIC_FOUNDATION",
        registrationNumber: "67890-3302-Ф",
        tin: "02506201510456",
        registeredOn: startOfDay("2015-06-25"),
        region: "Иссык-Кульская область",
        address: "Каракол ш., Ленин көч., 101",
        phone: "+996 3922 5 45 67",
        email: "info@ayalzhardam.kg",
        bankName: "ОАО «Айыл Банк», Каракольский филиал",
        bankBik: "135001",
        bankAccount: "1350010000654321",
        preferredLocale: "ru",
        verification: "VERIFIED",
        verifiedAt: new Date("2026-01-20T06:00:00Z"),
        verifiedById: users.officer,
      },
    });
    await tx.organizationMember.createMany({
      data: [
        { organizationId: balakai.id, userId: users.ncoAdmin, role: "ADMIN" },
        { organizationId: balakai.id, userId: users.ncoMember, role: "MEMBER" },
        { organizationId: ayal.id, userId: users.ncoAdmin2, role: "ADMIN" },
      ],
    });
    demoCalls = await seedDemoCalls(tx, {
      appropriationId: appropriation.id,
      municipalityId: karakol.id,
      programmeCode: programme.code,
      officer: { id: users.officer, label: `${DEMO_ACCOUNTS.officer.fullName} <${DEMO_ACCOUNTS.officer.email}>` },
      asker: { ncoAdmin: users.ncoAdmin, ncoMember: users.ncoMember, ncoAdmin2: users.ncoAdmin2 },
      organizations: { balakai: balakai.id, ayal: ayal.id },
    });
    await recordAudit(tx, {
      actor: null,
      action: "demo.seeded",
      entityType: "Municipality",
      entityId: karakol.id,
      after: { programme: programme.code, appropriation: (400_000n * SOM).toString(), users: Object.keys(users).length },
    });
  });
  // Drafts and submitted proposals in the demo calls, through the proposals domain (each step its own transaction).
  await seedDemoProposals(db, demoCalls!);
  // Grants in implementation, through the domain functions (each its own transaction), after the rest has committed.
  await seedDemoGrants(db);
  // The commission's work: a call in review and a decided call with letters (its own calls and organizations).
  await seedDemoReviews(db);
  // Hearings and priority problems; every demo call names one (decision 0078).
  await seedDemoPriorities(db);
  return true;
}
