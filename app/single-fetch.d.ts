// Single fetch (turbo-stream) keeps Date and BigInt values: typing loaders'
// data as returned, not as JSON, makes useLoaderData<typeof loader>() exact.
import "@remix-run/node";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}
