// Hostile uploads over real HTTP against the production server, measuring the
// server process's resident memory (from /proc) while each body is sent.
import { readFileSync } from "node:fs";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { samplePdf, SIGNATURES } from "../factories-organizations";
import { startPortal, type Portal } from "./support";

const MiB = 1024 * 1024;
let portal: Portal;
let cookie = "";
let documentsPath = "";

function serverRss(): number {
  const status = readFileSync(`/proc/${portal.process.pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

beforeAll(async () => {
  portal = await startPortal();
  const login = await fetch(`${portal.url}/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: portal.url },
    body: new URLSearchParams({ email: "nco@balakai.kg", password: "Karakol-2026" }),
    redirect: "manual",
  });
  cookie = login.headers.get("set-cookie")!.split(";")[0]!;
  const mine = await fetch(`${portal.url}/organizations`, { headers: { Cookie: cookie }, redirect: "manual" });
  documentsPath = `${mine.headers.get("location")}/documents`;
  expect(documentsPath).toMatch(/^\/organizations\/[a-z0-9]+\/documents$/);
  // Warm the server up (route modules, parser, database) so that the figures below measure the uploads only.
  const pdf = samplePdf();
  for (let i = 0; i < 3; i++)
    expect((await send(() => fileBody("----warm", `warm-${i}.pdf`, pdf, pdf.length), "----warm")).status).toBe(302);
  // ... and its refusal pages, whose first rendering loads code once.
  for (let i = 0; i < 3; i++) {
    expect((await send(() => fileBody("----warm", "warm.pdf", SIGNATURES.exe, 1000), "----warm")).status).toBe(415);
    expect((await send(() => fileBody("----warm", "warm.pdf", SIGNATURES.pdf, 10 * MiB + 1), "----warm")).status).toBe(413);
    expect((await send(() => tinyParts("----warm"), "----warm")).status).toBe(413);
  }
  console.info(`server RSS after warm-up: ${(serverRss() / MiB).toFixed(0)} MiB`);
});

afterAll(async () => {
  await portal?.stop();
});

type Sent = { status: number | null; body: string; bytesSent: number; error: string | null; peakGrowth: number };

/**
 * POSTs a multipart body produced by `chunks` (chunked transfer, no length),
 * writing only as fast as the server reads, and stops writing when the server
 * answers or drops the connection.
 */
async function send(chunks: () => Generator<Buffer>, boundary: string): Promise<Sent> {
  const url = new URL(documentsPath, portal.url);
  const baseline = serverRss();
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, serverRss())), 10);
  const result = await new Promise<Omit<Sent, "peakGrowth">>((resolve) => {
    let bytesSent = 0;
    let done = false;
    const request = http.request(url, {
      method: "POST",
      headers: {
        Cookie: cookie,
        Origin: portal.url,
        "Content-Type": `multipart/form-data; boundary=${boundary}`,
        "Transfer-Encoding": "chunked",
        "Accept-Language": "ru",
      },
    });
    const finish = (value: Omit<Sent, "peakGrowth" | "bytesSent">) => {
      if (done) return;
      done = true;
      request.destroy();
      resolve({ ...value, bytesSent });
    };
    request.on("response", (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (text) => (body += text));
      response.on("end", () => finish({ status: response.statusCode ?? null, body, error: null }));
      response.on("error", (e) => finish({ status: response.statusCode ?? null, body, error: e.message }));
    });
    request.on("error", (e) => finish({ status: null, body: "", error: e.message }));
    const source = chunks();
    const pump = () => {
      while (!done) {
        const next = source.next();
        if (next.done) return void request.end();
        bytesSent += next.value.length;
        if (!request.write(next.value)) return void request.once("drain", pump);
      }
    };
    pump();
  });
  clearInterval(sampler);
  peak = Math.max(peak, serverRss());
  return { ...result, peakGrowth: peak - baseline };
}

function* tinyParts(boundary: string): Generator<Buffer> {
  for (let i = 0; i < 10_000; i++) yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="p${i}"\r\n\r\nx\r\n`);
  yield Buffer.from(`--${boundary}--\r\n`);
}

function* fileBody(boundary: string, filename: string, head: Uint8Array, size: number): Generator<Buffer> {
  yield Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nCHARTER\r\n--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nУстав\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/pdf\r\n\r\n`,
  );
  yield Buffer.from(head);
  const filler = Buffer.alloc(64 * 1024, 0x41);
  for (let left = size - head.length; left > 0; left -= filler.length) yield left >= filler.length ? filler : filler.subarray(0, left);
  yield Buffer.from(`\r\n--${boundary}--\r\n`);
}

const report = (name: string, sent: Sent) =>
  console.info(
    `${name}: HTTP ${sent.status ?? sent.error}, client wrote ${(sent.bytesSent / MiB).toFixed(1)} MiB, server peak RSS growth ${(sent.peakGrowth / MiB).toFixed(1)} MiB`,
  );

describe("hostile uploads against the running portal", () => {
  it("10 MB + 1 byte: a 413 page with the message in the user's language", async () => {
    const boundary = "----tenplusone";
    const sent = await send(() => fileBody(boundary, "scan.pdf", SIGNATURES.pdf, 10 * MiB + 1), boundary);
    report("10 MB + 1 byte", sent);
    expect(sent.status).toBe(413);
    expect(sent.body).toContain("Файл 10 MB чоң");
    expect(sent.peakGrowth).toBeLessThan(64 * MiB);
  });

  it("10,000 tiny parts: 413, memory bounded", async () => {
    const sent = await send(() => tinyParts("----tinyparts"), "----tinyparts");
    report("10,000 parts", sent);
    expect(sent.status).toBe(413);
    expect(sent.peakGrowth).toBeLessThan(64 * MiB);
  });

  it("an .exe renamed .pdf and a path in the name: refused or stored under a generated key", async () => {
    const exe = await send(() => fileBody("----exe", "invoice.pdf", SIGNATURES.exe, 200_000), "----exe");
    expect(exe.status).toBe(415);
    expect(exe.body).toContain("кеңейтүүсүнө дал келбейт");
    const pdf = samplePdf();
    const traversal = await send(() => fileBody("----path", "../../etc/passwd.pdf", pdf, pdf.length), "----path");
    expect(traversal.status).toBe(302);
    const page = await (await fetch(new URL(documentsPath, portal.url), { headers: { Cookie: cookie } })).text();
    expect(page).toContain(">passwd.pdf<");
    expect(page).not.toContain("../");
  });

  it("a 1 GB chunked upload: the server stops reading early and its memory stays bounded", async () => {
    const boundary = "----hostile1gb";
    const sent = await send(() => fileBody(boundary, "huge.pdf", SIGNATURES.pdf, 1024 * MiB), boundary);
    report("1 GB chunked", sent);
    // Either the 413 page arrived or the server dropped the connection; never the whole gigabyte.
    if (sent.status !== null) expect(sent.status).toBe(413);
    expect(sent.bytesSent).toBeLessThan(128 * MiB);
    expect(sent.peakGrowth).toBeLessThan(64 * MiB);
    expect((await fetch(`${portal.url}/healthz`)).status).toBe(200);
  });
});
