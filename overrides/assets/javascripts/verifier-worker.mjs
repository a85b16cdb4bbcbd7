// The checker's Python (Pyodide) runs here, off the page's thread, so the page stays usable while
// it loads. Everything comes from this site: no CDN.
//
// What it loads is written into this file at build time (scripts/site_checker.py): the exact file
// names (a version or a content hash in each), their sizes, and the two caches they belong in —
// Pyodide's runtime in a cache named by its version, the checker's own files (the lean precompiled
// Python zip, the rules) in one named by their hash. So this worker can never mix two builds.
//
// This worker is also what makes the checker work offline: it reads each file from its cache, or
// downloads it once and stores it while Python reads it (no second download). A file is stored only
// when its size and SHA-256 are the ones the build wrote here: a captive portal's page answered "200"
// for the engine or the rules is refused (an HTML answer at once, and asked again; other wrong bytes
// before they are stored), so one bad answer never breaks the checker on a phone for good. It says
// the checker works offline only once every file is in its cache, and only then deletes the caches
// of older builds — never a newer build's (a stale page's worker may run after a newer one).
//
// A warm start: after Python's first start on this phone, a copy of its memory (Pyodide's memory
// snapshot, taken once the checker is imported) is kept in the cache `<prefix>snapshot`, labelled
// with the Pyodide runtime's and the checker's cache names (a version, a hash). A later visit
// restores it instead of starting Python and importing again; a snapshot that is missing, of
// another version or build (stale), or that fails to restore falls back to a normal start, which
// then keeps a fresh one. Pyodide's snapshot API is private (underscored, may change with any
// version): the normal start stays the path that always works.
//
// Messages to the page: {type: "progress", percent, done, total, eta} | {type: "ready", rules, boot}
// (boot: "snapshot" | "normal" | "fallback") | {type: "snapshot", stored} | {type: "offline", ok} |
// {type: "failed", reason: "old_browser" | "load", detail} | {type: "page", id, json}.
// Messages from the page (checker-live.js):
// {type: "page", id, lang, code, on, answers?} -> {type: "page", id, json}: the page verifier/<code>/
// (or the one `answers`, a fragment, lead to) as the
// build renders it (checker.browser.page, with the build's site_url), for offline and for
// re-checking an outcome today (checker-live.js).
// Messages sent before Python is ready wait for it.

const BUILD = JSON.parse("__CHECKER_BUILD__"); // a JSON string, written at build time
const PYODIDE_URL = new URL(BUILD.pyodide.path, import.meta.url).href;
const CHECKER_URL = new URL(BUILD.checker.path, import.meta.url).href;
const FILES = new Map();
for (const group of [BUILD.pyodide, BUILD.checker]) {
  const base = new URL(group.path, import.meta.url).href;
  for (const [name, [raw, wire, sha256]] of Object.entries(group.files)) {
    FILES.set(base + name, { name, cache: group.cache, raw, wire, sha256 });
  }
}

const SNAPSHOT_CACHE = `${BUILD.cache_prefix}snapshot`;
const SNAPSHOT_URL = new URL("python-memory.snapshot", CHECKER_URL).href; // one entry, overwritten by each build
const SNAPSHOT_OF = `${BUILD.pyodide.cache} ${BUILD.checker.cache}`; // what a usable snapshot was made with
const SNAPSHOT_LABEL = "X-Snapshot-Of";

// When each stage of the start ended, on the clock all of the browser's threads share
// (timeOrigin + now): the page subtracts its own origin (make bench reads them).
const stages = { script: performance.timeOrigin + performance.now() };
const stage = (name) => { stages[name] = performance.timeOrigin + performance.now(); };

let renderPage = null;
const MEDIA = JSON.stringify(BUILD.media || {}); // the build's recordings and pictograms, as the pages have them
let rulesJson = null;
const waiting = [];

function post(message) {
  self.postMessage(message);
}

// Progress that tells the truth: every byte still to download counts (nothing already cached),
// each file weighed by what it costs on the wire; it never goes backwards.
const progress = {
  total: 0, // wire bytes to download
  got: new Map(), // url -> decoded bytes received
  percent: 0,
  started: 0,
  lastSent: 0,
  done() {
    let wire = 0;
    for (const [url, bytes] of this.got) {
      const f = FILES.get(url);
      wire += Math.min(1, bytes / f.raw) * f.wire;
    }
    return wire;
  },
  report(force) {
    const now = Date.now();
    if (!force && now - this.lastSent < 250) return;
    this.lastSent = now;
    const done = this.done();
    const percent = this.total ? Math.floor((100 * done) / this.total) : 100;
    this.percent = Math.max(this.percent, Math.min(percent, 100));
    const elapsed = (now - this.started) / 1000;
    const rate = elapsed > 1 ? done / elapsed : 0;
    const eta = rate > 0 ? Math.ceil((this.total - done) / rate) : null;
    post({ type: "progress", percent: this.percent, done: Math.min(done, this.total), total: this.total, eta });
  },
};

async function openCache(name) {
  try {
    return typeof caches === "object" ? await caches.open(name) : null;
  } catch (e) {
    return null; // private browsing, storage refused: the checker still works, not offline
  }
}

const obtained = new Map(); // url -> Promise<Response>, so nothing is downloaded twice
const fromCache = new Set();
const stored = []; // promises of cache writes; offline only once all are done

// A file from its cache, or from the network: counted as it arrives and stored in its cache
// from the same download (a tee), with the Content-Type kept (streaming wasm needs it).
function obtain(url) {
  if (!obtained.has(url)) obtained.set(url, fetchFile(url).catch((error) => (url.endsWith(".wasm") ? Promise.reject(error)
    : fetchFile(url)))); // wrong bytes: once more (a portal lets go after a while)
  return obtained.get(url);
}

const ATTEMPTS = 3; // an answer that is plainly not the file (a portal's page) is asked again, this often

async function fetchFile(url) {
  const file = FILES.get(url);
  const cache = await openCache(file.cache);
  const hit = cache ? await cache.match(url) : undefined;
  if (hit) {
    fromCache.add(url);
    return hit;
  }
  const response = await download(url);
  const reader = response.body.getReader();
  const counted = new ReadableStream({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) {
        progress.got.set(url, file.raw);
        progress.report(true);
        controller.close();
        return;
      }
      progress.got.set(url, (progress.got.get(url) || 0) + value.byteLength);
      progress.report(false);
      controller.enqueue(value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  const headers = { "Content-Type": response.headers.get("Content-Type") || "application/octet-stream" };
  if (!url.endsWith(".wasm")) {
    // Read whole before Python sees it (it would anyway): checked first, asked again if wrong.
    const bytes = await new Response(counted).arrayBuffer();
    if (!(await intact(bytes, file))) {
      throw new Error(`wrong bytes for ${new URL(url).pathname}`);
    }
    if (cache) stored.push(cache.put(url, new Response(bytes, { headers })).then(() => true, () => false));
    return new Response(bytes, { status: 200, headers });
  }
  // The engine's wasm streams into the compiler as it arrives; its copy is checked before it is stored.
  const [forPython, forCheck] = counted.tee();
  if (cache) {
    stored.push(new Response(forCheck).arrayBuffer()
      .then(async (bytes) => (await intact(bytes, file)) && cache.put(url, new Response(bytes, { headers })).then(() => true))
      .catch(() => false));
  }
  return new Response(forPython, { status: 200, headers });
}

// The file as the network gives it, if it can be: a 200 that is not an HTML page (the checker
// loads no HTML) and, for the wasm, typed as WebAssembly. Else asked again, bypassing the HTTP cache.
async function download(url) {
  let last = "";
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    if (attempt) await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
    const response = await realFetch(url, attempt ? { cache: "reload" } : undefined);
    const type = (response.headers.get("Content-Type") || "").toLowerCase();
    const plausible = response.ok && response.body && !type.startsWith("text/html")
      && (!url.endsWith(".wasm") || type.startsWith("application/wasm"));
    if (plausible) return response;
    last = `${response.status} ${type}`;
    response.body && response.body.cancel().catch(() => {});
  }
  throw new Error(`${last} ${new URL(url).pathname}`);
}

async function intact(bytes, file) {
  if (bytes.byteLength !== file.raw) return false;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("") === file.sha256;
}

// Pyodide fetches the wasm and the standard library itself: route those through obtain().
const realFetch = self.fetch.bind(self);
self.fetch = (input, init) => {
  const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url, self.location.href).href;
  return FILES.has(url) ? obtain(url) : realFetch(input, init);
};

async function missingFromCache() {
  const found = await Promise.all(Array.from(FILES, async ([url, file]) => {
    const cache = await openCache(file.cache);
    return Boolean(cache && (await cache.match(url)));
  }));
  return Array.from(FILES.keys()).filter((url, i) => !found[i]);
}

// Once this build's caches are complete, the caches of older builds can go.
async function keepOffline() {
  const results = await Promise.all(stored);
  const missing = await missingFromCache();
  const ok = results.every(Boolean) && missing.length === 0;
  if (ok) {
    // Only the newest build on the phone cleans up: a page left open from an older build must not
    // delete what a newer one stored (names: artisan-checker-<build stamp>-<hash>).
    const mine = new Set([BUILD.pyodide.cache, BUILD.checker.cache, SNAPSHOT_CACHE]);
    const keys = (await caches.keys()).filter((key) => key.startsWith(BUILD.cache_prefix));
    const stamp = (key) => (key.match(/^[a-z-]*checker-(\d{10})-/) || [])[1] || "";
    const newest = !keys.some((key) => stamp(key) > stamp(BUILD.checker.cache));
    if (newest) {
      for (const key of keys) if (!mine.has(key)) await caches.delete(key);
    }
  }
  post({ type: "offline", ok });
}

async function start() {
  if (typeof WebAssembly !== "object" || typeof WebAssembly.instantiate !== "function") {
    post({ type: "failed", reason: "old_browser", detail: "WebAssembly" });
    return;
  }
  try {
    const snapshot = readSnapshot(); // first: the biggest read of a warm start (≈ 31 MB from the cache)
    const toDownload = await missingFromCache();
    progress.total = toDownload.reduce((sum, url) => sum + FILES.get(url).wire, 0);
    progress.started = Date.now();
    progress.report(true);
    // Everything at once: the connection is the limit, not the number of requests.
    for (const url of FILES.keys()) obtain(url).catch(() => {});
    const script = async (name) => {
      const response = await obtain(PYODIDE_URL + name);
      if (!fromCache.has(PYODIDE_URL + name)) await response.arrayBuffer(); // downloaded and stored before the import
      return import(PYODIDE_URL + name);
    };
    const rules = obtain(CHECKER_URL + BUILD.checker.rules).then((r) => r.text());
    const [{ loadPyodide }, asm] = await Promise.all([script("pyodide.mjs"), script("pyodide.asm.mjs")]);
    stage("imported");
    const options = {
      indexURL: PYODIDE_URL,
      stdLibURL: CHECKER_URL + BUILD.checker.python,
      lockFileContents: BUILD.lock,
      packageBaseUrl: PYODIDE_URL,
      createPyodideModule: asm.default,
    };
    let boot = "normal";
    let pyodide = null;
    const saved = await snapshot;
    stage("snapshot_read");
    if (saved) {
      try {
        pyodide = await loadPyodide({ ...options, _loadSnapshot: saved });
        pyodide.runPython("import checker.browser"); // already imported in a good snapshot: instant
        boot = "snapshot";
      } catch (error) {
        pyodide = null;
        boot = "fallback";
        obtained.clear(); // the failed start read those responses: read them again (from the caches)
        await dropSnapshot();
      }
    }
    let fresh = null;
    if (!pyodide) {
      pyodide = await loadPyodide({ ...options, _makeSnapshot: true });
      pyodide.runPython("import checker.browser");
      try {
        fresh = pyodide.makeMemorySnapshot(); // before any JavaScript object enters Python
      } catch (error) {
        fresh = null; // no warm start next time; this start is not affected
      }
    }
    stage("python");
    rulesJson = await rules;
    renderPage = pyodide.runPython("from checker.browser import page\npage");
    stage("ready");
    post({ type: "ready", rules: BUILD.checker.rules, boot, stages });
    for (const msg of waiting.splice(0)) answer(msg);
    if (fresh) keepSnapshot(fresh).then((stored) => post({ type: "snapshot", stored }));
    fresh = null;
    await keepOffline();
  } catch (error) {
    post({ type: "failed", reason: "load", detail: String((error && error.message) || error).slice(0, 300) });
    await forgetBroken();
  }
}

// After a failed start: a cached file that is not the build's (stored before these checks existed)
// is deleted, so that the next start downloads it again instead of failing for ever.
async function forgetBroken() {
  for (const [url, file] of FILES) {
    const cache = await openCache(file.cache);
    const hit = cache && (await cache.match(url));
    if (hit && !(await intact(await hit.arrayBuffer(), file))) await cache.delete(url);
  }
}

// The snapshot kept by an earlier visit, if it was made with this Pyodide and this checker.
async function readSnapshot() {
  const cache = await openCache(SNAPSHOT_CACHE);
  const hit = cache ? await cache.match(SNAPSHOT_URL).catch(() => undefined) : undefined;
  if (!hit) return null;
  if (hit.headers.get(SNAPSHOT_LABEL) !== SNAPSHOT_OF) {
    await dropSnapshot(); // stale: another version or build
    return null;
  }
  try {
    return new Uint8Array(await hit.arrayBuffer());
  } catch (error) {
    return null;
  }
}

async function keepSnapshot(bytes) {
  const cache = await openCache(SNAPSHOT_CACHE);
  if (!cache) return false;
  const headers = { "Content-Type": "application/octet-stream", [SNAPSHOT_LABEL]: SNAPSHOT_OF };
  return cache.put(SNAPSHOT_URL, new Response(bytes, { headers })).then(() => true, () => false);
}

async function dropSnapshot() {
  const cache = await openCache(SNAPSHOT_CACHE);
  if (cache) await cache.delete(SNAPSHOT_URL).catch(() => false);
}

function answer(msg) {
  try {
    if (msg.type === "page") {
      post({ type: "page", id: msg.id, json: renderPage(rulesJson, String(msg.lang), String(msg.code), String(msg.on), BUILD.site_url,
        typeof msg.answers === "string" ? msg.answers : undefined, MEDIA) }); // JS null would reach Python as jsnull
    }
  } catch (error) {
    post({ type: "failed", reason: "load", detail: String((error && error.message) || error).slice(0, 300) });
  }
}

self.addEventListener("message", (event) => {
  const msg = event.data || {};
  if (msg.type !== "page") return;
  if (renderPage === null) waiting.push(msg);
  else answer(msg);
});

start();
