// Counts type assertions (`x as T`, not `as const`) in production code under app/
// (tests and generated Prisma code aside) and checks that each says why it is safe:
// a comment containing `cast:` on a line of the expression or on the line above it.
// `node scripts/count-casts.mjs [--files] [--check MAX] [path…]`
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

const args = process.argv.slice(2);
const listFiles = args.includes("--files");
const checkAt = args.indexOf("--check");
const max = checkAt >= 0 ? Number(args[checkAt + 1]) : null;
const roots = args.filter((a, i) => a !== "--files" && i !== checkAt && i !== checkAt + 1);
const files = [];
function walk(entry) {
  const stat = fs.statSync(entry);
  if (stat.isFile()) {
    if (/\.tsx?$/.test(entry) && !/\.test\.tsx?$/.test(entry)) files.push(entry);
    return;
  }
  for (const child of fs.readdirSync(entry)) if (child !== "generated") walk(path.join(entry, child));
}
for (const root of roots.length ? roots : ["app"]) walk(root);

let total = 0;
const perFile = new Map();
const unexplained = [];
for (const file of files) {
  const text = fs.readFileSync(file, "utf8");
  const lines = text.split("\n");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const visit = (node) => {
    if (ts.isAsExpression(node) && node.type.getText(source) !== "const") {
      total++;
      const first = source.getLineAndCharacterOfPosition(node.getStart()).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      perFile.set(file, [...(perFile.get(file) ?? []), first + 1]);
      const explained = lines.slice(Math.max(0, first - 1), last + 1).some((line) => line.includes("cast:"));
      if (!explained) unexplained.push(`${file}:${first + 1}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}
if (listFiles)
  for (const [file, found] of [...perFile].sort((a, b) => b[1].length - a[1].length))
    console.log(`${found.length}\t${file}:${found.join(",")}`);
console.log(`casts: ${total} in ${perFile.size} files, ${unexplained.length} without a "cast:" reason`);
if (max !== null) {
  for (const place of unexplained) console.error(`no "cast:" reason: ${place}`);
  if (total > max) console.error(`${total} casts: at most ${max} allowed (issue 13)`);
  if (total > max || unexplained.length > 0) process.exit(1);
}
