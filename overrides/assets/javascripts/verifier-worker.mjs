// The checker's Python (Pyodide) runs here, off the page's thread, so the form stays usable
// while about 13 MB load. Everything comes from this site: no CDN (indexURL is ours).
//
// Messages to the page: {type: "progress", stage, loaded, total} | {type: "ready"} |
// {type: "failed", reason: "old_browser" | "load", detail} | {type: "result", id, json}.
// Messages from the page: {type: "run", id, fragment, lang, on}.

const PYODIDE_URL = new URL("../pyodide/", import.meta.url).href;
const CHECKER_URL = new URL("../checker/", import.meta.url).href;

let run = null;
let rulesJson = null;

function post(message) {
  self.postMessage(message);
}

// Pyodide fetches its big files itself; wrapping fetch lets us count the bytes as they arrive.
// The sizes come from the build (manifest.json): Content-Length is the compressed size.
function countDownloads(sizes) {
  const total = Object.values(sizes).reduce((a, b) => a + b, 0);
  const loaded = {};
  let lastSent = 0;
  const report = (force) => {
    const done = Object.values(loaded).reduce((a, b) => a + b, 0);
    if (force || done - lastSent > 100000) {
      lastSent = done;
      post({ type: "progress", stage: "download", loaded: Math.min(done, total), total });
    }
  };
  const realFetch = self.fetch.bind(self);
  self.fetch = async (input, init) => {
    const response = await realFetch(input, init);
    const url = typeof input === "string" ? input : input.url;
    const name = new URL(url, self.location.href).pathname.split("/").pop();
    if (!(name in sizes) || !response.ok || !response.body) return response;
    const reader = response.body.getReader();
    const counted = new ReadableStream({
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) {
          loaded[name] = sizes[name];
          report(true);
          controller.close();
          return;
        }
        loaded[name] = (loaded[name] || 0) + value.byteLength;
        report(false);
        controller.enqueue(value);
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    });
    // Same status and headers (Content-Type: application/wasm keeps streaming compilation).
    return new Response(counted, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  report(true);
}

async function fetchOk(url, as) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${response.status} ${new URL(url).pathname}`);
  return as === "json" ? response.json() : response.text();
}

async function start() {
  if (typeof WebAssembly !== "object" || typeof WebAssembly.instantiate !== "function") {
    post({ type: "failed", reason: "old_browser", detail: "WebAssembly" });
    return;
  }
  try {
    const manifest = await fetchOk(CHECKER_URL + "manifest.json", "json");
    countDownloads(manifest.sizes);
    const { loadPyodide } = await import(PYODIDE_URL + "pyodide.mjs");
    const pyodide = await loadPyodide({ indexURL: PYODIDE_URL, packageBaseUrl: PYODIDE_URL });
    post({ type: "progress", stage: "checker" });
    // loadPackage resolves even when a load fails: collect errors and fail on them.
    const errors = [];
    await pyodide.loadPackage(CHECKER_URL + manifest.wheel, {
      messageCallback: () => {},
      errorCallback: (message) => errors.push(String(message)),
    });
    if (errors.length) throw new Error(errors.join("; "));
    rulesJson = await fetchOk(CHECKER_URL + manifest.rules, "text");
    run = pyodide.runPython("from checker.browser import run\nrun");
    post({ type: "ready" });
  } catch (error) {
    post({ type: "failed", reason: "load", detail: String((error && error.message) || error).slice(0, 300) });
  }
}

self.addEventListener("message", (event) => {
  const msg = event.data || {};
  if (msg.type !== "run" || run === null) return;
  try {
    const json = run(rulesJson, String(msg.fragment), String(msg.lang), String(msg.on));
    post({ type: "result", id: msg.id, json });
  } catch (error) {
    post({ type: "failed", reason: "load", detail: String((error && error.message) || error).slice(0, 300) });
  }
});

start();
