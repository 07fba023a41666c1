import { useActionData, useLoaderData } from "@remix-run/react";

// Single fetch (turbo-stream) keeps Date and BigInt values that the JSON
// typing of useLoaderData turns into strings; these read them as returned.

export function useServerData<Loader extends (...args: never[]) => Promise<unknown>>() {
  return useLoaderData() as unknown as Awaited<ReturnType<Loader>>;
}

export function useServerAction<T>() {
  return useActionData() as unknown as T | undefined;
}
