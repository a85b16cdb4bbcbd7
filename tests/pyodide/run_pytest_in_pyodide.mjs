// Run pytest inside real Pyodide under Node, offline.
//   node tests/pyodide/run_pytest_in_pyodide.mjs <wheel-dir> <tests-dir> [pytest args...]
// Every *.whl in <wheel-dir> is loaded with loadPackage (the checker + pytest and its deps).
// loadPackage() resolves even when a load fails, so errorCallback collects failures and
// any failure ends the run with status 2. Exit status is pytest's.
// With BENCH=1 it instead times checker.evaluate inside Pyodide and prints JSON.
import { loadPyodide } from "pyodide";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

const [wheelDir, testsDir, ...extra] = process.argv.slice(2);
if (!wheelDir) {
  console.error("usage: run_pytest_in_pyodide.mjs <wheel-dir> <tests-dir> [pytest args...]");
  process.exit(2);
}
const started = Date.now();
const py = await loadPyodide({ stdout: (s) => console.log(s), stderr: (s) => console.error(s) });
const loadMs = Date.now() - started;
const errors = [];
const wheels = readdirSync(wheelDir).filter((f) => f.endsWith(".whl")).map((f) => resolve(wheelDir, f));
if (!wheels.some((w) => w.includes("checker-"))) {
  console.error(`no checker wheel in ${wheelDir}`);
  process.exit(2);
}
await py.loadPackage(wheels, { messageCallback: () => {}, errorCallback: (e) => errors.push(e) });
if (errors.length) {
  console.error("loadPackage failed:\n" + errors.join("\n"));
  process.exit(2);
}

if (process.env.BENCH === "1") {
  const n = Number(process.env.BENCH_RUNS || 2000);
  const out = await py.runPythonAsync(`
import json, time, datetime, checker
rules = checker.load_rules()
answers = checker.parse_answers(rules, {"inscrit_rna": "non", "forme": "individuel", "activite_listee": "oui",
    "annees_pratique": "5", "diplome": "non", "couverture_actuelle": "aucune", "regime_fiscal": "aucun"})
on = datetime.date(2026, 11, 29)
for _ in range(50):
    checker.evaluate(rules, answers, on=on)
t = time.perf_counter()
for _ in range(${n}):
    checker.evaluate(rules, answers, on=on)
per = (time.perf_counter() - t) / ${n}
import checker.browser as b
bundle = checker.rules_to_json(rules)
t = time.perf_counter()
b.run(bundle, "forme=individuel&annees_pratique=5", "ar", "2026-11-29")
first_run = time.perf_counter() - t
json.dumps({"pyodide_evaluate_us": round(per * 1e6, 1), "pyodide_runs": ${n},
            "pyodide_browser_run_first_ms": round(first_run * 1e3, 1)})
`);
  const result = JSON.parse(out);
  result.pyodide_load_ms = loadMs;
  console.log(JSON.stringify(result));
  process.exit(0);
}

function copyTree(src, dst) {
  py.FS.mkdirTree(dst);
  for (const f of readdirSync(src)) {
    const s = join(src, f), d = dst + "/" + f;
    if (statSync(s).isDirectory()) { if (f !== "__pycache__" && f !== "node_modules") copyTree(s, d); }
    else py.FS.writeFile(d, new Uint8Array(readFileSync(s)));
  }
}
// The tests tree keeps its layout (tests/checker, tests/scenarios) so relative paths hold.
copyTree(testsDir, "/home/pyodide/tests");
py.globals.set("EXTRA", py.toPy(extra));
const rc = await py.runPythonAsync(`
import sys, pytest
sys.dont_write_bytecode = True
int(pytest.main(["-p", "no:cacheprovider", "/home/pyodide/tests/checker", *EXTRA]))`);
process.exit(rc);
