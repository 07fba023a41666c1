import { describe, expect, it } from "vitest";
import { organizationInput } from "../../../tests/factories-organizations";
import {
  canRemoveMember,
  isDocumentExpired,
  isInvitationUsable,
  isValidBankAccount,
  isValidBik,
  isValidRegistrationDate,
  isValidTin,
  nextVerification,
  normalizeRegistrationNumber,
  verificationAfterEdit,
  VERIFIED_FIELDS,
  type VerificationEvent,
  type VerificationState,
} from "./organization-rules";
import { InvitationSchema, OrganizationSchema, ReturnSchema, VaultDocumentSchema } from "./organization-schemas";
import { startOfDay } from "~/utils/time";

describe("TIN", () => {
  it.each(["02103201810123", "02506201510456", "20101199800011", "00000000000000"])("accepts %s", (tin) => {
    expect(isValidTin(tin)).toBe(true);
  });
  it.each([
    ["13 digits", "0210320181012"],
    ["15 digits", "021032018101234"],
    ["a person's TIN (starts with 1)", "12103199010123"],
    ["starts with 3", "32103201810123"],
    ["a letter", "0210320181012A"],
    ["spaces inside", "0210 320181012"],
    ["empty", ""],
    ["Arabic-Indic digits", "٠٢١٠٣٢٠١٨١٠١٢٣"],
  ])("refuses %s", (_, tin) => {
    expect(isValidTin(tin)).toBe(false);
  });
  it("the form strips the spaces people type", () => {
    const parsed = OrganizationSchema.parse(organizationInput({ tin: "0210 3201 8101 23" }));
    expect(parsed.tin).toBe("02103201810123");
  });
});

describe("bank details", () => {
  it("BIK is 6 digits, account 16", () => {
    expect(isValidBik("129001")).toBe(true);
    expect(isValidBik("12900")).toBe(false);
    expect(isValidBik("1290011")).toBe(false);
    expect(isValidBankAccount("1290010000123456")).toBe(true);
    expect(isValidBankAccount("129001000012345")).toBe(false);
    expect(isValidBankAccount("12900100001234567")).toBe(false);
  });
});

describe("registration date", () => {
  const now = new Date("2026-03-10T20:30:00Z"); // 11 March, 02:30 in Bishkek (UTC+6)
  it("compares with today's date in Bishkek", () => {
    expect(isValidRegistrationDate("2026-03-11", now)).toBe(true);
    expect(isValidRegistrationDate("2026-03-12", now)).toBe(false);
  });
  it("refuses impossible and ancient dates", () => {
    expect(isValidRegistrationDate("2023-02-29", now)).toBe(false);
    expect(isValidRegistrationDate("2024-02-29", now)).toBe(true);
    expect(isValidRegistrationDate("12.03.2020", now)).toBe(false);
    expect(isValidRegistrationDate("1899-12-31", now)).toBe(false);
  });
});

describe("registration number", () => {
  it("keeps one form so the same number typed differently is a duplicate", () => {
    expect(normalizeRegistrationNumber(" 12345 - 3302-об ")).toBe("12345-3302-ОБ");
    expect(normalizeRegistrationNumber("12345-3302-ОБ")).toBe("12345-3302-ОБ");
  });
});

describe("verification transitions", () => {
  const states: VerificationState[] = ["PENDING", "VERIFIED", "RETURNED"];
  const events: VerificationEvent[] = ["verify", "return", "resubmit"];
  const allowed: Record<string, VerificationState> = {
    "PENDING verify": "VERIFIED",
    "PENDING return": "RETURNED",
    "VERIFIED return": "RETURNED",
    "RETURNED resubmit": "PENDING",
  };
  for (const state of states) {
    for (const event of events) {
      const expected = allowed[`${state} ${event}`] ?? null;
      it(`${state} --${event}--> ${expected ?? "refused"}`, () => {
        expect(nextVerification(state, event)).toBe(expected);
      });
    }
  }

  it("an edit sends a returned organization back to the officer", () => {
    expect(verificationAfterEdit("RETURNED", ["phone"])).toBe("PENDING");
  });
  it.each(VERIFIED_FIELDS)("changing %s on a verified organization needs verification again", (field) => {
    expect(verificationAfterEdit("VERIFIED", [field])).toBe("PENDING");
  });
  it("contacts change without a new verification", () => {
    expect(verificationAfterEdit("VERIFIED", ["phone", "email", "address", "website", "preferredLocale", "nameEn", "region"])).toBe(
      "VERIFIED",
    );
    expect(verificationAfterEdit("PENDING", ["tin"])).toBe("PENDING");
  });
});

describe("membership", () => {
  it("keeps the last administrator", () => {
    expect(canRemoveMember({ role: "MEMBER" }, 1)).toBe(true);
    expect(canRemoveMember({ role: "ADMIN" }, 1)).toBe(false);
    expect(canRemoveMember({ role: "ADMIN" }, 2)).toBe(true);
  });
  it("an invitation works once, until it expires", () => {
    const now = new Date("2026-03-01T00:00:00Z");
    expect(isInvitationUsable({ acceptedAt: null, expiresAt: new Date("2026-03-01T00:00:01Z") }, now)).toBe(true);
    expect(isInvitationUsable({ acceptedAt: null, expiresAt: now }, now)).toBe(false);
    expect(isInvitationUsable({ acceptedAt: now, expiresAt: new Date("2026-03-08T00:00:00Z") }, now)).toBe(false);
  });
});

describe("vault", () => {
  it("a document expires after its last valid day in Bishkek", () => {
    const now = new Date("2026-03-10T19:00:00Z"); // 11 March in Bishkek
    expect(isDocumentExpired(null, now)).toBe(false);
    expect(isDocumentExpired(startOfDay("2026-03-11"), now)).toBe(false);
    expect(isDocumentExpired(startOfDay("2026-03-10"), now)).toBe(true);
  });
});

describe("schemas", () => {
  it("accept a complete registration", () => {
    expect(OrganizationSchema.safeParse(organizationInput()).success).toBe(true);
  });

  it("name every wrong field with a message key", () => {
    const result = OrganizationSchema.safeParse({
      ...organizationInput(),
      nameKy: " ",
      tin: "12345",
      registeredOn: "2999-01-01",
      region: "Atlantis",
      bankBik: "12",
      bankAccount: "12",
      email: "nope",
      legalForm: "LLC",
      website: "javascript:alert(1)",
    });
    expect(result.success).toBe(false);
    const errors = result.error!.flatten().fieldErrors;
    expect(errors).toMatchObject({
      nameKy: ["required"],
      tin: ["organizations:invalid.tin"],
      registeredOn: ["organizations:invalid.registeredOn"],
      region: ["organizations:invalid.choose"],
      bankBik: ["organizations:invalid.bik"],
      bankAccount: ["organizations:invalid.bankAccount"],
      email: ["email"],
      legalForm: ["organizations:invalid.choose"],
      website: ["organizations:invalid.website"],
    });
  });

  it("invitation, return reason and vault document", () => {
    expect(InvitationSchema.parse({ email: " Colleague@Example.KG " })).toEqual({ email: "colleague@example.kg", role: "MEMBER" });
    expect(ReturnSchema.safeParse({ note: "short" }).success).toBe(false);
    expect(VaultDocumentSchema.safeParse({ kind: "CHARTER", title: "Устав", validUntil: "" }).success).toBe(true);
    expect(VaultDocumentSchema.safeParse({ kind: "CHARTER", title: "Устав", validUntil: "2027-02-30" }).success).toBe(false);
    expect(VaultDocumentSchema.safeParse({ kind: "PASSWORD", title: "x" }).success).toBe(false);
  });
});
