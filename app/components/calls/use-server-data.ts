import { useLoaderData } from "@remix-run/react";

/**
 * Loader data typed as the loader returned it. Single fetch (turbo-stream)
 * keeps Date and BigInt values, which useLoaderData's JSON typing turns into
 * strings; this project has not switched the global typing over.
 */
export function useServerData<Loader extends (...args: never[]) => Promise<unknown>>() {
  return useLoaderData() as unknown as Awaited<ReturnType<Loader>>;
}
