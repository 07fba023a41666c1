import { describe, expect, it } from "vitest";
import { codeFrom, feedbackAlarm, isCodeShape, normalizeCode, printedCode, summarize } from "./feedback-rules";

describe("feedback rules", () => {
  it("summarizes count, average and spread", () => {
    expect(summarize([])).toEqual({ count: 0, average: null, distribution: [0, 0, 0, 0, 0] });
    expect(summarize([5, 4, 4, 1])).toEqual({ count: 4, average: 3.5, distribution: [1, 0, 0, 2, 1] });
  });

  it("raises an alarm below 3 with three ratings, or on a drop of a point over ten", () => {
    expect(feedbackAlarm([1, 1])).toBeNull();
    expect(feedbackAlarm([3, 3, 2])).toBe("low");
    expect(feedbackAlarm([3, 3, 3])).toBeNull();
    expect(feedbackAlarm([...Array<number>(10).fill(5), ...Array<number>(10).fill(4)])).toBe("drop");
    expect(feedbackAlarm([...Array<number>(10).fill(5), ...Array<number>(9).fill(4), 5])).toBeNull();
  });

  it("reads a typed code however it is spaced or cased", () => {
    expect(normalizeCode(" abcd-efgh ")).toBe("ABCDEFGH");
    expect(isCodeShape("ABCDEFGH")).toBe(true);
    expect(isCodeShape("ABCDEFG0")).toBe(false);
    expect(printedCode("ABCDEFGH")).toBe("ABCD-EFGH");
    expect(isCodeShape(codeFrom((max) => Math.floor(Math.random() * max)))).toBe(true);
  });
});
