// Posted field names follow react-hook-form's paths ("lines.0.unitCost"), so
// one name serves the browser and the server. This turns the flat fields of
// a posted form into the nested object the section schemas read.

export const MAX_ROW_INDEX = 199;
const FORBIDDEN = new Set(["__proto__", "prototype", "constructor"]);

type Tree = { [key: string]: Tree | string };

export function nestFields(flat: Record<string, string>): Record<string, unknown> {
  const root: Tree = Object.create(null);
  for (const [name, value] of Object.entries(flat)) {
    const path = name.split(".");
    if (path.length > 4 || path.some((part) => part === "" || FORBIDDEN.has(part))) continue;
    if (path.some((part) => /^\d+$/.test(part) && Number(part) > MAX_ROW_INDEX)) continue;
    let node = root;
    for (const part of path.slice(0, -1)) {
      const next = node[part];
      if (typeof next === "string") break;
      if (next) node = next;
      else {
        const child: Tree = Object.create(null);
        node = node[part] = child;
      }
    }
    const leaf = path[path.length - 1]!;
    if (typeof node[leaf] !== "object") node[leaf] = value;
  }
  // The top level stays an object: no section field is named by a number.
  return Object.fromEntries(Object.keys(root).map((key) => [key, toArrays(root[key]!)]));
}

/** Objects keyed 0..n become arrays in index order (gaps close up). */
function toArrays(node: Tree | string): unknown {
  if (typeof node === "string") return node;
  const keys = Object.keys(node);
  const converted = Object.fromEntries(keys.map((key) => [key, toArrays(node[key]!)]));
  if (keys.length && keys.every((key) => /^\d+$/.test(key))) {
    return keys.sort((a, b) => Number(a) - Number(b)).map((key) => converted[key]);
  }
  return converted;
}
