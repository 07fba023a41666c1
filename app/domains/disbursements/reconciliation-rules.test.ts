import { describe, expect, it } from "vitest";
import { matchStatement, type LineForMatching, type OrderForMatching } from "./reconciliation-rules";

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const order: OrderForMatching = { id: "o1", reference: "PO-260315-7F3A9C", amount: 150050n, paidAt: day("2026-03-15") };
const line = (over: Partial<LineForMatching>): LineForMatching => ({ lineNo: 2, reference: "", purpose: "", amount: 150050n, valueDate: day("2026-03-16"), ...over });

describe("matching statement lines", () => {
  it("never matches a debit to a payment, even with the order's reference", () => {
    expect(matchStatement([line({ reference: order.reference, amount: -150050n })], [order])).toEqual([
      { lineNo: 2, status: "UNMATCHED", paymentOrderId: null, note: "debit" },
    ]);
  });

  it("says a line's number is not an order's when it matched by amount and date, and that it had none when it had none", () => {
    expect(matchStatement([line({ reference: "12345" })], [order])[0]).toMatchObject({ status: "MATCHED", paymentOrderId: "o1", note: "byAmountAndDateOtherNumber" });
    expect(matchStatement([line({})], [order])[0]).toMatchObject({ status: "MATCHED", paymentOrderId: "o1", note: "byAmountAndDate" });
  });

  it("names an order reconciled on an earlier statement as such, and a second line of this statement as a duplicate", () => {
    expect(matchStatement([line({ reference: order.reference })], [order], new Set(["o1"]))[0]).toMatchObject({ status: "UNMATCHED", note: "reconciledEarlier" });
    const twice = matchStatement([line({ reference: order.reference }), line({ lineNo: 3, reference: order.reference })], [order]);
    expect(twice.map((o) => o.note)).toEqual(["", "duplicate"]);
  });
});
