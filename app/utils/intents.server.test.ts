import { describe, expect, it } from "vitest";
import { intentOf, unknownIntent } from "./forms.server";

const INTENT = { review: "review", removeDocument: "remove-document" } as const;

describe("intentOf", () => {
  it("returns a declared intent from a form or a plain object", () => {
    const form = new FormData();
    form.set("intent", "remove-document");
    expect(intentOf(form, INTENT)).toBe(INTENT.removeDocument);
    expect(intentOf({ intent: "review" }, INTENT)).toBe(INTENT.review);
  });

  it("answers a missing intent with the named default, or null without one", () => {
    expect(intentOf(new FormData(), INTENT, INTENT.review)).toBe("review");
    expect(intentOf({ intent: "" }, INTENT, INTENT.review)).toBe("review");
    expect(intentOf(new FormData(), INTENT)).toBeNull();
  });

  it("refuses anything it does not declare, including the constants' keys and object internals", () => {
    for (const sent of ["removeDocument", "REVIEW", "__proto__", "constructor", "toString", "review "])
      expect(intentOf({ intent: sent }, INTENT, INTENT.review)).toBeNull();
  });

  it("answers an unknown intent with a 400 whose message is a translation key", () => {
    const answer = unknownIntent();
    expect(answer.init?.status).toBe(400);
    expect(answer.data.formError).toBe("errors:unknownIntent");
  });
});
