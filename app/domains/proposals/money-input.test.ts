import { describe, expect, it } from "vitest";
import { hundredthsToInput, parseHundredths } from "./money-input";

describe("amounts typed by people", () => {
  it.each([
    ["1500", 150_000n],
    ["1500.50", 150_050n],
    ["1500,50", 150_050n],
    ["1 500,50", 150_050n],
    ["1\u00a0500,50", 150_050n],
    ["1\u202f500,5", 150_050n],
    ["  12 000 000 ", 1_200_000_000n],
    ["1,500.50", 150_050n],
    ["1.500,50", 150_050n],
    ["1,234,567.89", 123_456_789n],
    ["0", 0n],
    ["0,05", 5n],
    ["007", 700n],
  ])("reads %j as %s tyiyn", (typed, tyiyn) => {
    expect(parseHundredths(typed)).toBe(tyiyn);
  });

  it.each([
    "",
    "   ",
    "abc",
    "1,500",
    "1.500.000",
    "12,345",
    "1.2.3",
    "1,5,0",
    "-5",
    "1e5",
    "1,500,50",
    ",5",
    "5,",
    "1 500,505",
    "99999999999999",
  ])("refuses %j", (typed) => {
    expect(parseHundredths(typed)).toBeNull();
  });

  it("writes hundredths back for editing", () => {
    expect(hundredthsToInput(150_050n)).toBe("1500,50");
    expect(hundredthsToInput(150_000n)).toBe("1500");
    expect(hundredthsToInput(5n, ".")).toBe("0.05");
    expect(parseHundredths(hundredthsToInput(123_456_789n))).toBe(123_456_789n);
  });
});
