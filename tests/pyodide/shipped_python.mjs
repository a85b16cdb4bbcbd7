// The checker's Python exactly as the built site ships it to browsers: Pyodide's runtime from
// site/assets/pyodide/<version>/, the lean precompiled zip as the whole standard library (no
// python_stdlib.zip, no wheel, no lock file fetched) and the rules.<hash>.json.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export async function loadShipped(siteDir) {
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
  return { py, build, rules: readFileSync(join(checkerDir, build.checker.rules), "utf8") };
}
