// Decision 0072: the migration calendar_dates_bishkek moves calendar dates stored at UTC midnight
// (the old convention of agreements, organizations, visits, budget acts and manual payments) to
// the instant their day starts in Bishkek, and touches nothing else. The test database is put back
// to just before the migration (it changes no schema, only rows), rows are written the old way,
// and `prisma migrate deploy` applies it. Runs on SQLite and PostgreSQL.
import { describe, expect, it } from "vitest";
import { recordVisit } from "~/domains/monitoring/monitoring.server";
import { createPaymentOrder } from "~/domains/disbursements/payments.server";
import { prisma } from "~/utils/db.server";
import { startOfDay } from "~/utils/time";
import { createPayableAgreement } from "../tests/factories-grants";
import { privilegedSql } from "../tests/integration/privileged-sql";
import { migrate } from "../tests/setup/test-database";

const MIGRATION = "calendar_dates_bishkek";
const databaseUrl = () => process.env.DATABASE_URL!;

type Row = { table: string; column: string; id: string; day: string };

describe(`the ${MIGRATION} migration`, () => {
  it("moves UTC-midnight calendar dates to Bishkek midnight, leaves Bishkek midnights and instants alone", async () => {
    const setup = await createPayableAgreement({ milestones: 3 });
    const agreementId = setup.agreement.id;
    await recordVisit({ actor: setup.officer.actor, agreementId, visitedOn: startOfDay("2026-03-05"), findings: "Визит" });
    const manual = await createPaymentOrder({
      actor: setup.finance.actor,
      trancheId: setup.tranches[0]!.id,
      idempotencyKey: "calendar-migration-manual-01",
      manual: { paidOn: startOfDay("2026-03-10"), bankReference: "ПП 1" },
    });
    const byTreasury = await createPaymentOrder({
      actor: setup.finance.actor,
      trancheId: setup.tranches[1]!.id,
      idempotencyKey: "calendar-migration-treasury-01",
    });
    const [milestones, proposalMilestones, visit, ledger, appropriation] = await Promise.all([
      prisma.grantMilestone.findMany({ where: { agreementId }, orderBy: { position: "asc" } }),
      prisma.proposalMilestone.findMany({ where: { proposalId: setup.proposal.id }, orderBy: { position: "asc" } }),
      prisma.monitoringVisit.findFirstOrThrow({ where: { agreementId } }),
      prisma.ledgerEntry.findFirstOrThrow({ where: { paymentOrderId: manual.id } }),
      prisma.appropriation.findUniqueOrThrow({ where: { id: setup.appropriation.id } }),
    ]);

    // Written the old way: midnight UTC of the day.
    const old: Row[] = [
      { table: "Organization", column: "registeredOn", id: setup.nco.organization.id, day: "2019-01-10" },
      { table: "Agreement", column: "signedOn", id: agreementId, day: "2026-02-20" },
      { table: "GrantMilestone", column: "dueOn", id: milestones[0]!.id, day: "2026-03-31" },
      { table: "GrantMilestone", column: "dueOn", id: milestones[1]!.id, day: "2026-12-31" },
      { table: "MonitoringVisit", column: "visitedOn", id: visit.id, day: "2026-03-05" },
      { table: "BudgetProgramme", column: "actDate", id: appropriation.programmeId, day: "2025-12-19" },
      { table: "PaymentOrder", column: "executedAt", id: manual.id, day: "2026-03-10" },
      { table: "LedgerEntry", column: "createdAt", id: ledger.id, day: "2026-03-10" },
      { table: "ProposalMilestone", column: "startsOn", id: proposalMilestones[0]!.id, day: "2026-03-01" },
    ];
    // Already in the convention (a milestone from a proposal): must not move.
    const kept: Row[] = [{ table: "GrantMilestone", column: "dueOn", id: milestones[2]!.id, day: "2026-05-30" }];

    const sql = await privilegedSql(databaseUrl());
    const value = (ms: number) => (sql.kind === "sqlite" ? ms : new Date(ms).toISOString());
    const write = (row: Row, ms: number) =>
      sql.execute(`UPDATE "${row.table}" SET "${row.column}" = $1 WHERE "id" = $2`, [value(ms), row.id]);
    const utcMidnight = Date.parse("2026-04-01T00:00:00Z");
    try {
      for (const row of old) await write(row, Date.parse(row.day));
      for (const row of kept) await write(row, startOfDay(row.day).getTime());
      // A payment the treasury executed at an instant that happens to be UTC midnight is an instant: untouched.
      await sql.execute(`UPDATE "PaymentOrder" SET "status" = 'EXECUTED', "executedAt" = $1 WHERE "id" = $2`, [
        value(utcMidnight),
        byTreasury.id,
      ]);
      expect(await sql.execute(`DELETE FROM "_prisma_migrations" WHERE "migration_name" LIKE $1`, [`%_${MIGRATION}`])).toBe(1);
    } finally {
      await sql.close();
    }

    // The portal's client keeps the SQLite file open (and locked while it writes): the CLI gets it alone.
    await prisma.$disconnect();
    migrate(databaseUrl());

    const readers: Record<string, (id: string) => Promise<Record<string, unknown>>> = {
      Organization: (id) => prisma.organization.findUniqueOrThrow({ where: { id } }),
      Agreement: (id) => prisma.agreement.findUniqueOrThrow({ where: { id } }),
      GrantMilestone: (id) => prisma.grantMilestone.findUniqueOrThrow({ where: { id } }),
      MonitoringVisit: (id) => prisma.monitoringVisit.findUniqueOrThrow({ where: { id } }),
      BudgetProgramme: (id) => prisma.budgetProgramme.findUniqueOrThrow({ where: { id } }),
      PaymentOrder: (id) => prisma.paymentOrder.findUniqueOrThrow({ where: { id } }),
      LedgerEntry: (id) => prisma.ledgerEntry.findUniqueOrThrow({ where: { id } }),
      ProposalMilestone: (id) => prisma.proposalMilestone.findUniqueOrThrow({ where: { id } }),
    };
    const read = async (row: Row) => (await readers[row.table]!(row.id))[row.column] as Date;
    for (const row of [...old, ...kept]) {
      expect({ ...row, value: (await read(row)).toISOString() }).toEqual({ ...row, value: startOfDay(row.day).toISOString() });
    }
    const treasury = await prisma.paymentOrder.findUniqueOrThrow({ where: { id: byTreasury.id } });
    expect(treasury.executedAt).toEqual(new Date(utcMidnight));
    const after = await privilegedSql(databaseUrl());
    try {
      expect(
        await after.query(`SELECT "migration_name" FROM "_prisma_migrations" WHERE "migration_name" LIKE $1`, [`%_${MIGRATION}`]),
      ).toHaveLength(1);
    } finally {
      await after.close();
    }
  }, 240_000);
});
