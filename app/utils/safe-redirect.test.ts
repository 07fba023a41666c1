import { describe, expect, it } from "vitest";
import { safeRedirect } from "./safe-redirect";

describe("safeRedirect", () => {
  it.each([
    ["/dashboard", "/dashboard"],
    ["/calls?status=open&page=2", "/calls?status=open&page=2"],
    ["/organizations/abc#members", "/organizations/abc#members"],
    ["/search?q=%D0%9A%D0%B0%D1%80%D0%B0%D0%BA%D0%BE%D0%BB", "/search?q=%D0%9A%D0%B0%D1%80%D0%B0%D0%BA%D0%BE%D0%BB"],
    // Percent-encoded slashes stay inside the path: browsers do not decode them into a host.
    ["/%2F%2Fevil.com", "/%2F%2Fevil.com"],
    // A Location header carries Latin-1 only: anything beyond ASCII is sent percent-encoded.
    ["/x嘊嘍", "/x%E5%98%8A%E5%98%8D"],
    ["/calls?q=Каракол#бөлүм", "/calls?q=%D0%9A%D0%B0%D1%80%D0%B0%D0%BA%D0%BE%D0%BB#%D0%B1%D3%A9%D0%BB%D2%AF%D0%BC"],
    ["/é", "/%C3%A9"],
  ])("keeps the local path %j", (input, expected) => {
    expect(safeRedirect(input, "/fallback")).toBe(expected);
  });

  it.each([
    ["protocol-relative", "//evil.com"],
    ["protocol-relative with path", "//evil.com/login"],
    ["three slashes", "///evil.com"],
    ["backslash after slash", "/\\evil.com"],
    ["two backslashes", "\\\\evil.com"],
    ["backslash later in the path", "/foo\\..\\\\evil.com"],
    ["javascript scheme", "javascript:alert(1)"],
    ["upper-case javascript scheme", "JaVaScRiPt:alert(1)"],
    ["data scheme", "data:text/html,<script>alert(1)</script>"],
    ["absolute https", "https://evil.com"],
    ["absolute http", "http://evil.com/dashboard"],
    ["scheme-relative with leading space", " //evil.com"],
    ["encoded slashes without a leading slash", "%2F%2Fevil.com"],
    ["encoded backslash without a leading slash", "%5C%5Cevil.com"],
    ["tab between slashes", "/\t/evil.com"],
    ["newline between slashes", "/\n/evil.com"],
    ["carriage return", "/\r/evil.com"],
    ["NUL byte", "/\u0000/evil.com"],
    ["DEL", "/\u007f/evil.com"],
    ["relative path", "dashboard"],
    ["empty", ""],
    ["a lone surrogate", "/x\ud800"],
  ])("falls back for %s", (_label, input) => {
    expect(safeRedirect(input, "/fallback")).toBe("/fallback");
  });

  it("falls back for values that are not strings", () => {
    expect(safeRedirect(null)).toBe("/");
    expect(safeRedirect(undefined, "/dashboard")).toBe("/dashboard");
    expect(safeRedirect(new File(["x"], "x.txt"), "/dashboard")).toBe("/dashboard");
  });

  it("returns only what a Location header can carry, whatever the input", () => {
    for (const input of ["/x嘊嘍", "/x\u0100", "/😀?a=ё", "/calls#Ө", "/x\ud800y"]) {
      expect(() => new Headers({ Location: safeRedirect(input) }), input).not.toThrow();
      expect(safeRedirect(input), input).toMatch(/^[\x20-\x7e]*$/);
    }
  });

  it("never returns anything a browser would resolve to another host", () => {
    const tricky = ["//evil.com", "/\\evil.com", "/\t/evil.com", "https://evil.com", " //evil.com", "/..//evil.com", "/./\\evil.com"];
    for (const input of tricky) {
      const resolved = new URL(safeRedirect(input), "https://portal.karakol.kg/dashboard");
      expect(resolved.host, input).toBe("portal.karakol.kg");
    }
  });
});
