// An HTTP request to the portal on a fresh connection, answered as a fetch
// Response (redirects not followed). fetch reuses keep-alive sockets, and on a
// starved machine the server's keep-alive timer can close one just as it is
// reused ("other side closed"), which is not what these tests are about.
import http from "node:http";
import type { LookupFunction } from "node:net";

/**
 * Resolves the portal's `localhost` without the system resolver. Each
 * dns.lookup takes a libuv thread (4 of them) and is slow in this sandbox: 150
 * requests sent at once reached the server over 25 s, in lookup order, so a
 * "simultaneous" load was really a trickle and the last requests made waited
 * for all the others (measured: 25 s through `localhost`, 0.5 s through this).
 */
export const loopbackLookup: LookupFunction = (hostname, options, callback) => {
  if (hostname !== "localhost")
    return void (callback as (error: Error) => void)(new Error(`loopbackLookup resolves localhost only, not ${hostname}`));
  if (options.all)
    return void (callback as unknown as (error: null, addresses: { address: string; family: number }[]) => void)(null, [
      { address: "127.0.0.1", family: 4 },
    ]);
  callback(null, "127.0.0.1", 4);
};

const agent = new http.Agent({ keepAlive: false, lookup: loopbackLookup } as http.AgentOptions);

export function httpRequest(
  url: string,
  { method = "GET", headers = {}, body }: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method, agent, headers: body === undefined ? headers : { ...headers, "Content-Length": String(Buffer.byteLength(body)) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () => {
          const answer = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) answer.append(name, one);
          }
          const status = response.statusCode ?? 0;
          resolve(new Response([204, 304].includes(status) ? null : Buffer.concat(chunks), { status, headers: answer }));
        });
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}
