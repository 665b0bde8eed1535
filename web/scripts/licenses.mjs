// node licenses.mjs META.json OUT.txt: the licences of the npm packages
// that esbuild bundled (its --metafile names every input), for the panel's
// /assets/licenses.txt.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const [metaPath, outPath] = process.argv.slice(2);
const meta = JSON.parse(readFileSync(metaPath, "utf8"));
const webDir = join(dirname(new URL(import.meta.url).pathname), "..");

// node_modules/@scope/name/... or node_modules/name/... → the package's folder.
const packages = new Set();
for (const input of Object.keys(meta.inputs)) {
  const m = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
  if (m) packages.add(m[1]);
}

const parts = ["Gossipper's web panel bundles these npm packages, under their licences:\n"];
for (const name of [...packages].sort()) {
  const dir = join(webDir, "node_modules", name);
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
  const text = file ? readFileSync(join(dir, file), "utf8").trim() : `License: ${pkg.license}`;
  parts.push(`${"=".repeat(72)}\n${name} ${pkg.version} (${pkg.license})\n\n${text}\n`);
}
writeFileSync(outPath, parts.join("\n"));
