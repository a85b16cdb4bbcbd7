// Runs the checker exactly as the built site ships it to browsers: Pyodide's runtime from
// site/assets/pyodide/<version>/, the lean precompiled zip as the whole standard library (no
// python_stdlib.zip, no wheel, no lock file fetched), the rules.<hash>.json — and answers each case.
//   node tests/pyodide/run_shipped_checker.mjs <site-dir> <cases.json>
// cases.json: [[fragment, lang, on], ...]; prints a JSON list of checker.browser.run's answers.
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [siteDir, casesPath] = process.argv.slice(2).map((p) => resolve(p));
const scripts = join(siteDir, "assets", "javascripts");
const worker = readFileSync(join(scripts, readdirSync(scripts).find((f) => /^verifier-worker\.[0-9a-f]+\.mjs$/.test(f))), "utf8");
// The file table the build wrote into the worker: JSON.parse("...") with a JS string of JSON.
const literal = worker.match(/JSON\.parse\(("(?:[^"\\]|\\.)*")\)/)[1];
const build = JSON.parse(JSON.parse(literal));
const runtime = join(siteDir, "assets", "pyodide", build.pyodide.path.split("/").filter(Boolean).pop());
const checkerDir = join(siteDir, "assets", "checker");
const { loadPyodide } = await import(pathToFileURL(join(runtime, "pyodide.mjs")).href);
const py = await loadPyodide({
  indexURL: runtime + "/",
  stdLibURL: join(checkerDir, build.checker.python),
  lockFileContents: build.lock,
  packageBaseUrl: runtime + "/",
});
const hasFullStdlib = py.runPython("import sys; any('python_stdlib' in p for p in sys.path)");
if (hasFullStdlib) throw new Error("the full standard library was loaded");
const run = py.runPython("from checker.browser import run\nrun");
const rules = readFileSync(join(checkerDir, build.checker.rules), "utf8");
const cases = JSON.parse(readFileSync(casesPath, "utf8"));
console.log(JSON.stringify(cases.map(([fragment, lang, on]) => JSON.parse(run(rules, fragment, lang, on)))));
