// Parsing of amounts typed by people: "1 500,50", "1500.50", "1 500" with
// ordinary, no-break (U+00A0) or narrow no-break (U+202F, what Intl prints
// for ru/ky) spaces, and "1,500.50" / "1.500,50" with both separators.
// Pure and shared by the form and the server.

const SPACES = /[\s\u00a0\u2007\u202f\u2009]/g;

/** Up to 13 digits of som: far above any municipal budget, far below 2^63 tyiyn. */
const MAX_SOM_DIGITS = 13;

/**
 * A decimal typed by a person as an integer of hundredths (tyiyn for money,
 * hundredths of a unit for quantities), or null when it is not one.
 */
export function parseHundredths(input: string): bigint | null {
  const compact = input.replace(SPACES, "");
  if (!compact) return null;
  if (!/^[0-9.,]+$/.test(compact)) return null;
  const lastDot = compact.lastIndexOf(".");
  const lastComma = compact.lastIndexOf(",");
  let whole = compact;
  let fraction = "";
  if (lastDot >= 0 && lastComma >= 0) {
    // Both present: the later one is the decimal mark, the other groups thousands.
    const decimalAt = Math.max(lastDot, lastComma);
    const groupMark = decimalAt === lastDot ? "," : ".";
    whole = compact.slice(0, decimalAt);
    fraction = compact.slice(decimalAt + 1);
    if (fraction === "") return null;
    if (!/^[0-9]{1,3}([.,][0-9]{3})*$/.test(whole) || whole.includes(decimalAt === lastDot ? "." : ",")) return null;
    whole = whole.split(groupMark).join("");
  } else if (lastDot >= 0 || lastComma >= 0) {
    const mark = lastDot >= 0 ? "." : ",";
    const at = compact.indexOf(mark);
    if (at !== compact.lastIndexOf(mark)) return null;
    whole = compact.slice(0, at);
    fraction = compact.slice(at + 1);
    if (fraction === "") return null;
  }
  if (!/^[0-9]+$/.test(whole) || !/^[0-9]{0,2}$/.test(fraction)) return null;
  const digits = whole.replace(/^0+(?=\d)/, "");
  if (digits.length > MAX_SOM_DIGITS) return null;
  return BigInt(digits) * 100n + BigInt(fraction.padEnd(2, "0") || "0");
}

/** Hundredths back to a plain editable string: 150050n -> "1500,50", 150000n -> "1500". */
export function hundredthsToInput(value: bigint | number | string, decimalMark: "," | "." = ","): string {
  const amount = BigInt(value);
  const whole = amount / 100n;
  const rest = amount % 100n;
  return rest === 0n ? whole.toString() : `${whole}${decimalMark}${rest.toString().padStart(2, "0")}`;
}
