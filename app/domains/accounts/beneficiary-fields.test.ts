import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { beneficiaryPersonalFields } from "./beneficiary-fields";

describe("no beneficiary's personal data in the schema (decision 0071)", () => {
  it("finds none in prisma/schema.prisma", () => {
    const schema = readFileSync(path.resolve(import.meta.dirname, "../../../prisma/schema.prisma"), "utf8");
    expect(schema).toMatch(/model Proposal \{[\s\S]*beneficiaries\s+Int/);
    expect(beneficiaryPersonalFields(schema)).toEqual([]);
  });

  it("names a model or field that would hold one", () => {
    const schema = `
model Proposal {
  id            String @id
  beneficiaries Int    @default(0)
  beneficiaryName    String
  beneficiaryPhone   String?
  beneficiary_address String
  targetGroup   String
}

model BeneficiaryRecord {
  id   String @id
  note String
}

model Beneficiaries {
  id String @id
}
`;
    expect(beneficiaryPersonalFields(schema)).toEqual([
      "Proposal.beneficiaryName",
      "Proposal.beneficiaryPhone",
      "Proposal.beneficiary_address",
      "BeneficiaryRecord",
      "Beneficiaries",
    ]);
  });

  it("leaves counts and other people's names alone", () => {
    const schema = `model Proposal {\n  beneficiaries Int\n  beneficiaryCount Int\n  fullName String\n  @@index([beneficiaries])\n}\n`;
    expect(beneficiaryPersonalFields(schema)).toEqual([]);
  });
});
