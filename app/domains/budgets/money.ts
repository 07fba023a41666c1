// Amounts are typed in som (with spaces and a decimal comma or point, as people write them)
// and kept as BigInt tyiyn. Parsing is done on the digits, never through a float.

const TYIYN_PER_SOM = 100n;
/** No municipal programme comes near a trillion som; anything larger is a typing slip. */
const MAX_SOM = 1_000_000_000_000n;

/** "400 000", "400000,5" or "1 250.75" som as tyiyn; null when it is not an amount. */
export function parseSomToTyiyn(input: string): bigint | null {
  const compact = input.replace(/[\s\u00a0\u202f]/g, "");
  const match = /^(\d{1,13})(?:[.,](\d{1,2}))?$/.exec(compact);
  if (!match) return null;
  const som = BigInt(match[1]!);
  if (som > MAX_SOM) return null;
  const fraction = BigInt((match[2] ?? "").padEnd(2, "0"));
  return som * TYIYN_PER_SOM + fraction;
}

/** Tyiyn as the plain text a form field starts with: "400000" or "400000.50". */
export function tyiynToSomInput(tyiyn: bigint | number | string): string {
  const value = BigInt(tyiyn);
  const som = value / TYIYN_PER_SOM;
  const rest = value % TYIYN_PER_SOM;
  return rest === 0n ? som.toString() : `${som}.${rest.toString().padStart(2, "0")}`;
}

export function somToTyiyn(som: number | bigint): bigint {
  return BigInt(som) * TYIYN_PER_SOM;
}
