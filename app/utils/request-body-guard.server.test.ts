import { describe, expect, it } from "vitest";
import { FORM_BODY_LIMIT } from "./body-limit.server";
import { installFormDataGuard } from "./request-body-guard.server";

installFormDataGuard();
const post = (body: BodyInit, type?: string) =>
  new Request("http://localhost/x", { method: "POST", body, headers: type ? { "Content-Type": type } : {} });

describe("the form data guard", () => {
  it("drops U+0000 from names and values, keeping every field and file", async () => {
    const form = new FormData();
    form.append("ti\u0000tle", "a\u0000b");
    form.append("title", "c");
    form.append("file", new File(["%PDF-1.4"], "x.pdf", { type: "application/pdf" }));
    const read = await post(form).formData();
    expect(read.getAll("title")).toEqual(["ab", "c"]);
    expect((read.get("file") as File).name).toBe("x.pdf");
  });

  it("answers a body that is not a form with 415, and a broken form with 400", async () => {
    await expect(post("{}", "application/json").formData()).rejects.toMatchObject({ status: 415 });
    await expect(post("--x\r\nbroken", "multipart/form-data; boundary=y").formData()).rejects.toMatchObject({ status: 400 });
  });
});

describe("the form data guard's size limit", () => {
  it("answers 413 for a form past 1 MiB, declared or streamed without a length, and reads one just under it", async () => {
    const big = "a=" + "x".repeat(FORM_BODY_LIMIT);
    await expect(post(big, "application/x-www-form-urlencoded").formData()).rejects.toMatchObject({ status: 413 });
    const chunked = new Request("http://localhost/x", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new Blob([big]).stream(),
      duplex: "half",
    } as RequestInit);
    expect(chunked.headers.get("Content-Length")).toBeNull();
    await expect(chunked.formData()).rejects.toMatchObject({ status: 413 });
    const fits = "a=" + "x".repeat(FORM_BODY_LIMIT - 2);
    expect(((await post(fits, "application/x-www-form-urlencoded").formData()).get("a") as string).length).toBe(FORM_BODY_LIMIT - 2);
  });
});
