// Builds the checker's Python for the browser: one zip holding only the standard-library modules
// that Pyodide and the checker actually import, plus the checker itself, all precompiled to .pyc
// INSIDE Pyodide (so the bytecode is exactly what its Python reads). It replaces Pyodide's
// python_stdlib.zip (2.5 MB, compiled from source at every start), the checker wheel, the lock
// file and the package loader: the worker passes it as `stdLibURL`.
//
// Which modules: Pyodide starts with its full standard library, the checker's browser-facing
// modules are imported and exercised (answers, errors, a traceback), and every module then in
// sys.modules whose file lies in the standard library goes in. tests/checker_page/test_lean_python.py
// runs the checker's scenarios against the zip that ships.
//
// usage: node sitebuild/postbuild/lean_python.mjs <repo-root> <rules.json> <out.zip>
import { loadPyodide } from "pyodide";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [root, rulesPath, outPath] = process.argv.slice(2);
if (!outPath) {
  console.error("usage: node sitebuild/postbuild/lean_python.mjs <repo-root> <rules.json> <out.zip>");
  process.exit(2);
}
const py = await loadPyodide();

function copyPackage(src, dst) {
  py.FS.mkdirTree(dst);
  for (const f of readdirSync(src).sort()) {
    const s = join(src, f), d = `${dst}/${f}`;
    if (statSync(s).isDirectory()) {
      if (f !== "__pycache__" && f !== "rules") copyPackage(s, d); // rules reach the browser as rules.json
    } else if (f.endsWith(".py") || f.endsWith(".toml")) py.FS.writeFile(d, new Uint8Array(readFileSync(s)));
  }
}
copyPackage(join(root, "checker"), "/app/checker");
py.globals.set("RULES_JSON", readFileSync(rulesPath, "utf8"));
const summary = py.runPython(`
import importlib, io, json, os, pkgutil, sys, traceback, zipfile
from importlib._bootstrap_external import _code_to_timestamp_pyc

# Import the checker from a zip, as the browser does: reading its words (importlib.resources) then
# takes the zip path (importlib.readers, zipfile._path), which must be in the lean zip too.
with zipfile.ZipFile("/app/checker.zip", "w") as z:
    for folder, _, names in os.walk("/app/checker"):
        for name in sorted(names):
            z.write(f"{folder}/{name}", f"{folder}/{name}"[len("/app/"):])
sys.path.insert(0, "/app/checker.zip")
import checker
# Every browser-facing module (not the command line: argparse is never needed in a page).
for info in pkgutil.walk_packages(checker.__path__, "checker."):
    if info.name not in ("checker.cli", "checker.__main__"):
        importlib.import_module(info.name)
from checker import browser
for fragment, lang, on in (("forme=individuel&inscrit_rna=non", "ar", "2026-11-29"),
                           ("forme=cooperative&annees_pratique=12", "fr", "2026-01-01"),
                           ("forme=x&&=&%ZZ", "fr", "bad-date")):
    browser.run(RULES_JSON, fragment, lang, on)
# In the browser the checker sits inside this zip, so its words (checker/words/*.toml) are read through
# zipimport's resource reader: read a small zipped package's data here, so that what that needs goes in.
with zipfile.ZipFile("/home/pyodide/probe.zip", "w") as probe:
    probe.writestr("words_probe/__init__.py", "")
    probe.writestr("words_probe/words/x.toml", "")
sys.path.insert(0, "/home/pyodide/probe.zip")
import importlib.resources
[e.read_text(encoding="utf-8") for e in importlib.resources.files(importlib.import_module("words_probe")).joinpath("words").iterdir()]
sys.path.remove("/home/pyodide/probe.zip")
del sys.modules["words_probe"]
# The pages' renderer, when the package has it: what the worker calls to render a page offline.
web_pages = sys.modules.get("checker.web_pages")
if web_pages is not None:
    rules = checker.rules_from_json(RULES_JSON)
    for lang in ("ar", "fr"):
        for code in ("0", "1", "21", "2111111", "abc"):
            try:
                web_pages.render_page(lang, code, None, rules=rules)
            except Exception:
                pass
try:
    raise ValueError("the path Pyodide takes to report a Python error to JavaScript")
except ValueError:
    traceback.format_exc()

STDLIB = f"/lib/python{sys.version_info[0]}{sys.version_info[1]}.zip/"
stdlib, own = {}, {}
# The package's own data files (its interface words, checker/words/*.toml, read with importlib.resources),
# stored as they are: the words reach the browser with the code, the rules as rules.json.
data = {f"checker/words/{n}": f"/app/checker/words/{n}" for n in os.listdir("/app/checker/words") if n.endswith(".toml")}
for module in list(sys.modules.values()):
    path = getattr(module, "__file__", None) or ""
    if path.startswith(STDLIB):
        stdlib[path[len(STDLIB):]] = path
    elif path.startswith("/app/checker.zip/"):
        own[path[len("/app/checker.zip/"):]] = path

source_zip = zipfile.ZipFile(STDLIB.rstrip("/"))
out = io.BytesIO()
with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:  # stored: the server's brotli/gzip does better
    for arc in sorted({**stdlib, **own}):
        path = stdlib.get(arc) or own[arc]
        source = source_zip.read(arc) if arc in stdlib else open("/app/" + arc, "rb").read()
        code = compile(source, path, "exec", dont_inherit=True)
        info = zipfile.ZipInfo(arc[:-3] + ".pyc", (2020, 1, 1, 0, 0, 0))
        info.external_attr = 0o644 << 16
        z.writestr(info, _code_to_timestamp_pyc(code, 0, 0))  # no source beside it: never re-validated
    for arc, path in sorted(data.items()):
        info = zipfile.ZipInfo(arc, (2020, 1, 1, 0, 0, 0))
        info.external_attr = 0o644 << 16
        z.writestr(info, open(path, "rb").read())
with open("/home/pyodide/lean.zip", "wb") as fh:
    fh.write(out.getvalue())
json.dumps({"stdlib_modules": len(stdlib), "checker_modules": len(own), "data_files": len(data),
            "bytes": len(out.getvalue())})
`);
writeFileSync(outPath, py.FS.readFile("/home/pyodide/lean.zip"));
console.log(summary);
