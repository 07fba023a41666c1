import { z } from "zod";

/** A JSON object (not an array, not null), its members still unchecked. */
const JsonObject = z.record(z.unknown());

/**
 * Reads a JSON object body of at most `limit` bytes: refused from its declared
 * length before reading, and cut off while reading when a chunked body passes
 * the limit, so a hostile caller cannot make the server hold a large body.
 */
export async function readBoundedJson(
  request: Request,
  limit: number,
): Promise<{ ok: true; value: Record<string, unknown> } | { ok: false; error: "tooLarge" | "json" }> {
  const declared = Number(request.headers.get("Content-Length") ?? NaN);
  if (declared > limit) {
    await request.body?.cancel().catch(() => {});
    return { ok: false, error: "tooLarge" };
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => {});
        return { ok: false, error: "tooLarge" };
      }
      chunks.push(value);
    }
  }
  try {
    const parsed = JsonObject.safeParse(JSON.parse(Buffer.concat(chunks).toString("utf8")));
    if (!parsed.success) return { ok: false, error: "json" };
    return { ok: true, value: parsed.data };
  } catch {
    return { ok: false, error: "json" };
  }
}
