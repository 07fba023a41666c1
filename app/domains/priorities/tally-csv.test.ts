import { describe, expect, it } from "vitest";
import { parseTallyCsv } from "./tally-csv";

describe("parseTallyCsv", () => {
  it("reads numbers or titles with either separator", () => {
    expect(parseTallyCsv('problem;count\n1;12\n"Water, roads";3\n').rows).toEqual([
      { lineNo: 2, problem: "1", count: 12 },
      { lineNo: 3, problem: "Water, roads", count: 3 },
    ]);
    expect(parseTallyCsv("\uFEFFproblem,count\r\n2,7\r\n").rows).toEqual([{ lineNo: 2, problem: "2", count: 7 }]);
  });

  it("refuses an empty file, a bad count and a missing problem, naming the line", () => {
    expect(parseTallyCsv("problem;count\n").problem).toEqual({ code: "empty", lineNo: 1 });
    expect(parseTallyCsv("problem;count\n1;12\n2;-3\n").problem).toEqual({ code: "badCount", lineNo: 3 });
    expect(parseTallyCsv("problem;count\n;4\n").problem).toEqual({ code: "malformed", lineNo: 2 });
  });
});
