// Runs the checker exactly as the built site ships it to browsers (shipped_python.mjs) and answers
// each case.
//   node tests/pyodide/run_shipped_checker.mjs <site-dir> <cases.json>
// cases.json: [[fragment, lang, on], ...]; prints a JSON list of checker.browser.run's answers.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { loadShipped } from "./shipped_python.mjs";

const [siteDir, casesPath] = process.argv.slice(2).map((p) => resolve(p));
const { py, rules } = await loadShipped(siteDir);
const run = py.runPython("from checker.browser import run\nrun");
const cases = JSON.parse(readFileSync(casesPath, "utf8"));
console.log(JSON.stringify(cases.map(([fragment, lang, on]) => JSON.parse(run(rules, fragment, lang, on)))));
