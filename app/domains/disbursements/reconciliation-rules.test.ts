import { describe, expect, it } from "vitest";
import { matchStatement, needsSecondOfficer, withFourEyes, type LineForMatching, type OrderForMatching } from "./reconciliation-rules";
import { startOfDay } from "~/utils/time";

const day = startOfDay;
const order: OrderForMatching = { id: "o1", reference: "PO-260315-7F3A9C", amount: 150050n, paidAt: day("2026-03-15") };
const line = (over: Partial<LineForMatching>): LineForMatching => ({
  lineNo: 2,
  reference: "",
  purpose: "",
  amount: 150050n,
  valueDate: day("2026-03-16"),
  ...over,
});

describe("matching statement lines", () => {
  it("never matches a debit to a payment, even with the order's reference", () => {
    expect(matchStatement([line({ reference: order.reference, amount: -150050n })], [order])).toEqual([
      { lineNo: 2, status: "UNMATCHED", paymentOrderId: null, note: "debit" },
    ]);
  });

  it("says a line's number is not an order's when it matched by amount and date, and that it had none when it had none", () => {
    expect(matchStatement([line({ reference: "12345" })], [order])[0]).toMatchObject({
      status: "MATCHED",
      paymentOrderId: "o1",
      note: "byAmountAndDateOtherNumber",
    });
    expect(matchStatement([line({})], [order])[0]).toMatchObject({ status: "MATCHED", paymentOrderId: "o1", note: "byAmountAndDate" });
  });

  it("names an order reconciled on an earlier statement as such, and a second line of this statement as a duplicate", () => {
    expect(matchStatement([line({ reference: order.reference })], [order], new Set(["o1"]))[0]).toMatchObject({
      status: "UNMATCHED",
      note: "reconciledEarlier",
    });
    const twice = matchStatement([line({ reference: order.reference }), line({ lineNo: 3, reference: order.reference })], [order]);
    expect(twice.map((o) => o.note)).toEqual(["", "duplicate"]);
  });
});

describe("four eyes", () => {
  const recorded = { amount: 150050n, createdById: "u1" };
  it("asks for a second officer only above a threshold that is on, and only of the order's recorder", () => {
    expect(needsSecondOfficer({ threshold: 150049n, order: recorded, actorId: "u1" })).toBe(true);
    expect(needsSecondOfficer({ threshold: 150050n, order: recorded, actorId: "u1" })).toBe(false); // at the threshold: not above
    expect(needsSecondOfficer({ threshold: 0n, order: recorded, actorId: "u1" })).toBe(false); // off
    expect(needsSecondOfficer({ threshold: 1n, order: recorded, actorId: "u2" })).toBe(false); // another officer
  });

  it("holds only the importer's own automatic matches above the threshold", () => {
    const mine = { ...order, createdById: "u1" };
    const outcomes = matchStatement([line({ reference: order.reference })], [mine]);
    expect(withFourEyes(outcomes, [mine], 1n, "u1").map((o) => o.status)).toEqual(["AWAITING_SECOND"]);
    expect(withFourEyes(outcomes, [mine], 1n, "u2").map((o) => o.status)).toEqual(["MATCHED"]);
    expect(withFourEyes(outcomes, [mine], 0n, "u1").map((o) => o.status)).toEqual(["MATCHED"]);
    const differing = matchStatement([line({ reference: order.reference, amount: 1n })], [mine]);
    expect(withFourEyes(differing, [mine], 1n, "u1").map((o) => o.status)).toEqual(["AMOUNT_DIFFERS"]); // waits for a person anyway
  });
});
