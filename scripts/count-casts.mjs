// Counts type assertions (`x as T`, not `as const`) in production code under app/
// (tests and generated Prisma code aside). `node scripts/count-casts.mjs [--files] [path…]`
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

const args = process.argv.slice(2);
const listFiles = args.includes("--files");
const roots = args.filter((a) => a !== "--files");
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
for (const file of files) {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const visit = (node) => {
    if (ts.isAsExpression(node) && node.type.getText(source) !== "const") {
      total++;
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      perFile.set(file, [...(perFile.get(file) ?? []), line + 1]);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}
if (listFiles)
  for (const [file, lines] of [...perFile].sort((a, b) => b[1].length - a[1].length))
    console.log(`${lines.length}\t${file}:${lines.join(",")}`);
console.log(`casts: ${total} in ${perFile.size} files`);
