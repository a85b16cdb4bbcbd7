// Evaluation time inside Pyodide: a thin alias of the runner's BENCH mode.
//   node tests/pyodide/bench_in_pyodide.mjs <dir-with-checker-wheel>
process.env.BENCH = "1";
process.argv.splice(3, 0, ".");  // the runner wants a tests dir argument; bench mode ignores it
await import("./run_pytest_in_pyodide.mjs");
