// A full disk while an upload streams in (issue 16, item 6): the sender did nothing wrong, so the
// answer is a logged server error, never "the upload was interrupted". /dev/full makes every write
// fail with the kernel's own ENOSPC, as a full STORAGE_DIR does.
import { logger } from "~/utils/logger.server";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { open } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { multipartRequest, samplePdf } from "../../../tests/factories-organizations";
import { MiB } from "./file-rules";
import * as storage from "./storage.server";
import { receiveUpload, UploadError } from "./upload.server";

vi.hoisted(() => {
  process.env.STORAGE_DIR = `test-data/files-upload-full-${process.pid}-${Date.now()}`;
});

const broken = vi.hoisted(() => ({ mode: "none" as "none" | "full" | "unwritable" }));

vi.mock("./storage.server", async (importOriginal) => {
  const actual = await importOriginal<typeof storage>();
  return {
    ...actual,
    async createIncomingFile() {
      const incoming = await actual.createIncomingFile();
      if (broken.mode === "none") return incoming;
      await incoming.handle.close();
      if (broken.mode === "unwritable") {
        // As open() refusing in a read-only folder: no file was made.
        await actual.removeFile(incoming.path);
        throw Object.assign(new Error(`EACCES: permission denied, open '${incoming.path}'`), {
          code: "EACCES",
          syscall: "open",
          errno: -13,
        });
      }
      // The file exists (and must be removed afterwards), but nothing can be written: the disk is full.
      return { path: incoming.path, handle: await open("/dev/full", "w") };
    },
  };
});

afterEach(() => {
  broken.mode = "none";
  vi.restoreAllMocks();
});
afterAll(() => rmSync(storage.storageRoot(), { recursive: true, force: true }));

const incomingLeft = () => {
  const dir = path.join(storage.storageRoot(), ".incoming");
  return existsSync(dir) ? readdirSync(dir) : [];
};

async function upload(content: Uint8Array) {
  const { request, pulled } = multipartRequest("http://localhost/upload", [
    { name: "title", value: "Устав" },
    { name: "file", filename: "charter.pdf", contentType: "application/pdf", content },
  ]);
  const outcome = await receiveUpload(request, { fileFields: ["file"] }).then(
    () => null,
    (error: unknown) => error,
  );
  return { outcome, pulled: pulled() };
}

describe("an upload the server cannot store", () => {
  it.each([
    ["the disk is full (ENOSPC)", "full", /ENOSPC/],
    ["STORAGE_DIR is not writable (EACCES)", "unwritable", /EACCES/],
  ] as const)("is a logged server error when %s, not the sender's interrupted upload", async (_, mode, code) => {
    const logged = vi.spyOn(logger, "error").mockImplementation(() => {});
    broken.mode = mode;
    const { outcome, pulled } = await upload(samplePdf("x".repeat(2 * MiB)));
    expect(outcome).toBeInstanceOf(Error);
    expect(outcome).not.toBeInstanceOf(UploadError);
    expect(String((outcome as Error).cause)).toMatch(code);
    expect(logged.mock.calls.map((call) => String(call[1])).join("\n")).toMatch(new RegExp(`STORAGE_DIR \\(${code.source}`));
    // The request was read to its end, so that a browser shows the error page; nothing is left behind.
    expect(pulled).toBeGreaterThan(2 * MiB);
    expect(incomingLeft()).toEqual([]);
  });

  it("still calls a cut-off body an interrupted upload (the sender's side), and stores again once there is room", async () => {
    const { request } = multipartRequest("http://localhost/upload", [
      { name: "file", filename: "charter.pdf", contentType: "application/pdf", content: samplePdf() },
    ]);
    const truncated = new Request(request.url, { method: "POST", headers: request.headers, body: (await request.text()).slice(0, 300) });
    await expect(receiveUpload(truncated, { fileFields: ["file"] })).rejects.toMatchObject({ code: "malformed" });

    const { request: again } = multipartRequest("http://localhost/upload", [
      { name: "file", filename: "charter.pdf", contentType: "application/pdf", content: samplePdf() },
    ]);
    const received = await receiveUpload(again, { fileFields: ["file"] });
    expect(received.files).toHaveLength(1);
    rmSync(received.files[0]!.incomingPath);
  });
});
