// Builders for the organization, vault and upload tests: registration input,
// signed-in requests, and multipart bodies generated lazily (a 1 GB body is
// produced chunk by chunk as it is read, never held in memory).
import { randomBytes } from "node:crypto";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { OrganizationInput } from "~/domains/organizations/organization-schemas";
import { prisma } from "~/utils/db.server";
import { createStaff } from "./factories";
import { createOpenCall } from "./factories-proposals";

const unique = () => randomBytes(4).toString("hex");

/** A TIN that passes the rule (14 digits, a legal entity's leading 0) and is unique per call. */
export function uniqueTin() {
  return `0${String(Date.now()).slice(-7)}${String(Math.floor(Math.random() * 1e6)).padStart(6, "0")}`;
}

export function organizationInput(overrides: Partial<OrganizationInput> = {}): OrganizationInput {
  return {
    nameKy: `«Жардам ${unique()}» коомдук бирикмеси`,
    nameRu: `Общественное объединение «Жардам ${unique()}»`,
    nameEn: "",
    legalForm: "PUBLIC_UNION",
    registrationNumber: `${Math.floor(Math.random() * 90000) + 10000}-3302-ОБ-${unique()}`,
    tin: uniqueTin(),
    registeredOn: "2019-04-12",
    region: "ISSYK_KUL",
    address: "Каракол ш., Абдрахманов көч., 120",
    phone: "+996 555 123 456",
    email: `office-${unique()}@example.kg`,
    website: "",
    bankName: "ОАО «РСК Банк»",
    bankBik: "129001",
    bankAccount: "1290010000123456",
    preferredLocale: "ky",
    ...overrides,
  };
}

/** Form fields as a browser would post them. */
export function formBody(fields: Record<string, string>) {
  return new URLSearchParams(fields).toString();
}

/** A Cookie header for a fresh session of the user. */

export function postForm(url: string, fields: Record<string, string>, cookie?: string) {
  return new Request(url, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
    body: formBody(fields),
  });
}

export function getPage(url: string, cookie?: string) {
  return new Request(url, { headers: cookie ? { Cookie: cookie } : {} });
}

// ───────────── file contents ─────────────

/** A small but well-formed one-page PDF (pdftotext reads it). */
export function samplePdf(text = "Charter") {
  const stream = `BT /F1 24 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(body);
}

export const SIGNATURES = {
  pdf: Uint8Array.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a]),
  zip: Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]),
  ole: Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
  png: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  jpeg: Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46]),
  exe: Uint8Array.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]),
};

// ───────────── multipart bodies ─────────────

/** Content given by size: the head, then filler bytes, generated as read. */
export type SyntheticContent = { head: Uint8Array; size: number };
export type Part =
  { name: string; value: string } | { name: string; filename: string; contentType?: string; content: Uint8Array | SyntheticContent };

const CHUNK = 64 * 1024;
const encoder = new TextEncoder();

function* partChunks(part: Part, boundary: string): Generator<Uint8Array> {
  if ("value" in part) {
    yield encoder.encode(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`);
    return;
  }
  const type = part.contentType ?? "application/octet-stream";
  yield encoder.encode(
    `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\nContent-Type: ${type}\r\n\r\n`,
  );
  if (part.content instanceof Uint8Array) {
    for (let i = 0; i < part.content.length; i += CHUNK) yield part.content.subarray(i, i + CHUNK);
  } else {
    yield part.content.head;
    const filler = new Uint8Array(CHUNK).fill(0x41);
    for (let left = part.content.size - part.content.head.length; left > 0; left -= CHUNK)
      yield left >= CHUNK ? filler : filler.subarray(0, left);
  }
  yield encoder.encode("\r\n");
}

export type LazyBody = { stream: ReadableStream<Uint8Array>; pulled: () => number; boundary: string };

/** A multipart body produced on demand; `pulled()` says how many bytes the reader took. */
export function multipartBody(parts: Iterable<Part>, options: { close?: boolean } = {}): LazyBody {
  const boundary = `----portal${unique()}`;
  let pulled = 0;
  function* all() {
    for (const part of parts) yield* partChunks(part, boundary);
    if (options.close !== false) yield encoder.encode(`--${boundary}--\r\n`);
  }
  const chunks = all();
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const next = chunks.next();
        if (next.done) return controller.close();
        pulled += next.value.byteLength;
        controller.enqueue(next.value);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => pulled, boundary };
}

/** A POST carrying a multipart body, streamed (no Content-Length, like chunked transfer). */
export function multipartRequest(
  url: string,
  parts: Iterable<Part>,
  options: { cookie?: string; contentLength?: number; close?: boolean } = {},
) {
  const body = multipartBody(parts, options);
  const request = new Request(url, {
    method: "POST",
    headers: {
      "Content-Type": `multipart/form-data; boundary=${body.boundary}`,
      ...(options.cookie ? { Cookie: options.cookie } : {}),
      ...(options.contentLength !== undefined ? { "Content-Length": String(options.contentLength) } : {}),
    },
    body: body.stream,
    duplex: "half",
  } as RequestInit);
  return { request, pulled: body.pulled };
}

/** Samples the process's resident memory while `work` runs; returns the peak growth in bytes. */
export async function peakRssGrowth<T>(work: () => Promise<T>): Promise<{ result: T | Error; growth: number }> {
  globalThis.gc?.();
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  try {
    const result = await work().catch((error: Error) => error);
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, growth: peak - baseline };
  } finally {
    clearInterval(timer);
  }
}

/** V8's collector, exposed at run time so a test can measure live memory rather than garbage. */
function collector(): () => void {
  if (globalThis.gc) return globalThis.gc;
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

/**
 * Samples the memory `work` keeps alive (heap and buffers, after a full
 * collection) every 250 ms; returns the peak growth in bytes. Unlike resident
 * memory, this does not count garbage V8 has not collected yet, so it bounds
 * what the code holds at once, not how busy the machine was.
 */
export async function peakLiveMemoryGrowth<T>(work: () => Promise<T>): Promise<{ result: T | Error; growth: number }> {
  const gc = collector();
  const live = () => {
    gc();
    const usage = process.memoryUsage();
    return usage.heapUsed + usage.external;
  };
  const baseline = live();
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, live());
  }, 250);
  try {
    const result = await work().catch((error: Error) => error);
    return { result, growth: peak - baseline };
  } finally {
    clearInterval(timer);
  }
}

/**
 * A programme officer of a municipality the organization applies to: the
 * organization gets a draft in one of its calls (decision 0048). Pass a
 * municipality to make the organization apply there too.
 */
export async function officerWhereApplying(organizationId: string, createdById: string, municipalityId?: string) {
  const officer = await createStaff("PROGRAMME_OFFICER", municipalityId);
  const call = await createOpenCall({ municipalityId: officer.municipalityId });
  await prisma.proposal.create({
    data: { callId: call.id, organizationId, reference: `${call.reference}-${unique()}`, title: "Draft", createdById },
  });
  return officer;
}
