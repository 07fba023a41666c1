import { describe, expect, it } from "vitest";
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
