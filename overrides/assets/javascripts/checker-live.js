// The checker's pages (verifier/, verifier/<code>/) with the engine live: the same Python that
// wrote these pages at build time can load in a Web Worker (about 5 MB on a first visit), so it
// loads only when it helps, never when the browser asks to save data:
//  - on an outcome page whose phone's date is outside the span on which the built pages hold
//    (data-holds-from/until, checker/holds.py: no rule starts or stops in it), it re-checks the
//    answers for that date: if a rule's dates have opened or closed, the page shows that day's
//    outcome and says so; inside the span (nearly always) nothing is downloaded, unless the person
//    asked to keep the whole checker on the phone (then the outcome is re-checked too);
//  - on the start page, when the person taps "keep the whole checker on this phone" (its size on
//    the button: for chamber staff before an event), it downloads and stores the engine;
//  - offline, on the plain page the service worker gives an outcome it has not kept ("no
//    connection", the code, whom to call: sitebuild/postbuild/checker_offline.py), draws the
//    outcome as the build did if the engine is already stored on this phone. The plain page stays
//    readable meanwhile; a worker that fails, errs or takes longer than RENDER_MS leaves it as it is.
// Reading and tapping never wait for it: a static page is complete without it. Its words come
// from data attributes (written by the build in the page's language).
// <html data-rendered>: "same" (re-checked, unchanged), "updated" (re-checked, replaced),
// "engine" (rendered here, offline), "none" (the engine could not: the plain page stands);
// data-rendered-code: the code of what the engine rendered;
// data-checker-rules: the rules file the engine runs (rules.<hash>.json: which build it is);
// data-engine: how Python started ("snapshot", "normal", "fallback"), data-engine-snapshot:
// "stored" once a start made a snapshot for the next visit. Performance marks
// "checker-worker" and "checker-engine-ready" time the worker from inside the page, and
// "checker-worker-<stage>" the stages of its start (make bench).
// Loaded `async`: on the start page its tag follows the article; on the question and outcome pages
// it is in the head, so it runs as soon as it arrives, before the stylesheets and the theme's
// scripts let the parser through; there an outcome page (data-outcome on the tag) that will re-check
// starts the worker at once, and the page is read once it is parsed.

const OFFLINE_KEY = "artisan-checker-offline"; // the worker's URL once its files are all cached
const KEEP_KEY = "artisan-checker-keep"; // "yes": the person asked to keep the whole checker on the phone
const tag = document.querySelector("script[data-checker-live]");
const words = tag ? tag.dataset : {};
let root = null; // the page's article, once parsed
const lang = document.documentElement.lang || "ar";
const saveData = Boolean(navigator.connection && navigator.connection.saveData);
const workerUrl = new URL("./verifier-worker.mjs", import.meta.url).href;
const RENDER_MS = 30_000; // a cached engine starts within this on a slow phone; then the plain page stands
let worker = null;
let asked = 0;
const pending = new Map(); // request id -> callback(data | null)

if (tag && "outcome" in tag.dataset && !saveData && (outsideHold() || keepWanted())) startWorker();
if (tag && tag.closest("head") && document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", begin, { once: true });
} else {
  begin();
}

function begin() {
  root = document.querySelector("article.md-content__inner");
  if (root) start();
}

function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

// The answer code in an address (".../verifier/211311/" -> "211311", ".../verifier/0/" -> ""),
// or null for any other address.
function codeOf(path) {
  const m = path.match(/\/verifier\/(\d+)\/$/);
  return m ? (m[1] === "0" ? "" : m[1]) : null;
}

function shownCode() {
  const shown = root.querySelector("#resultat[data-code], .ck-question[data-code]");
  return shown ? shown.getAttribute("data-code") : null;
}

function start() {
  const address = codeOf(location.pathname);
  const page = shownCode();
  const outcome = document.getElementById("resultat");
  const plain = root.querySelector('[data-offline-page="outcome"]');
  if (plain && address !== null) {
    // Offline, an outcome this phone has not kept: the cached engine draws it (nothing is
    // downloaded offline); without it, the plain page says what to do.
    if (!saveData && knownOffline()) drawOffline(address);
  } else if (outcome && !saveData && (outsideHold() || keepWanted())) {
    // Re-checked when the built answer may not hold today, or when the person asked to keep the
    // whole checker on the phone (the engine is then there, or wanted there, anyway).
    recheck(outcome, page);
  } else if (root.querySelector("[data-keep]") && !saveData) {
    offerToKeep(root.querySelector("[data-keep]"));
  }
}

function keepWanted() {
  try {
    return localStorage.getItem(KEEP_KEY) === "yes";
  } catch (e) {
    return false;
  }
}

// The phone's date is one on which the built pages may not hold (a rule started or stopped).
function outsideHold() {
  const day = today();
  return Boolean((words.holdsFrom && day < words.holdsFrom) || (words.holdsUntil && day > words.holdsUntil));
}

// The start page's button: download and store the engine, on request only; said when done.
function offerToKeep(box) {
  const button = box.querySelector("button");
  const line = document.createElement("span");
  line.setAttribute("role", "status");
  box.append(line);
  const say = (text) => { line.textContent = text || ""; };
  box.hidden = false;
  const wanted = keepWanted(); // storage refused: false, and the button still works for this visit
  const keep = () => {
    try {
      localStorage.setItem(KEEP_KEY, "yes");
    } catch (e) { /* see above */ }
    button.style.display = "none"; // not `hidden`: Material's button style would override it
    say((box.dataset.keeping || "").replace("{percent}", "0"));
    if (worker) worker.terminate(); // a failed try: start afresh (what it stored is kept)
    worker = null;
    const w = startWorker();
    if (!w) {
      failed();
      return;
    }
    w.addEventListener("message", (event) => {
      const msg = event.data || {};
      if (msg.type === "progress") say((box.dataset.keeping || "").replace("{percent}", String(msg.percent)));
      else if (msg.type === "offline") msg.ok ? say(box.dataset.kept) : failed();
      else if (msg.type === "failed") failed();
    });
    w.addEventListener("error", failed);
  };
  function failed() {
    say(box.dataset.keepFailed);
    button.style.display = "";
  }
  if (knownOffline()) {
    button.style.display = "none"; // not `hidden`: Material's button style would override it
    say(box.dataset.kept);
  } else if (wanted) {
    keep(); // asked on an earlier visit and not finished (or a new build): go on
  }
  button.addEventListener("click", keep);
}

function knownOffline() {
  try {
    return localStorage.getItem(OFFLINE_KEY) === workerUrl;
  } catch (e) {
    return false; // storage refused: start the worker, it reads its files from its caches anyway
  }
}

function startWorker() {
  if (worker) return worker;
  if (typeof Worker !== "function" || typeof WebAssembly !== "object") return null;
  try {
    worker = new Worker(workerUrl, { type: "module" });
    performance.mark("checker-worker");
  } catch (e) {
    return null;
  }
  worker.addEventListener("message", (event) => {
    const msg = event.data || {};
    if (msg.type === "ready") {
      performance.mark("checker-engine-ready");
      // The worker's stages, on this page's clock (make bench): "checker-worker-imported" …
      for (const [name, at] of Object.entries(msg.stages || {})) {
        try {
          performance.mark(`checker-worker-${name}`, { startTime: Math.max(0, at - performance.timeOrigin) });
        } catch (e) { /* an older browser: marks without a time */ }
      }
      document.documentElement.dataset.engine = msg.boot || "normal";
      document.documentElement.dataset.checkerRules = msg.rules || ""; // which build's rules the engine runs
    } else if (msg.type === "snapshot") {
      document.documentElement.dataset.engineSnapshot = msg.stored ? "stored" : "no";
    } else if (msg.type === "offline") {
      document.documentElement.dataset.checkerOffline = msg.ok ? "yes" : "no";
      try {
        if (msg.ok) localStorage.setItem(OFFLINE_KEY, workerUrl);
      } catch (e) { /* storage refused: the flag only saves starting the engine again */ }
    } else if (msg.type === "page" && pending.has(msg.id)) {
      const done = pending.get(msg.id);
      pending.delete(msg.id);
      let data = null;
      try {
        data = JSON.parse(msg.json);
      } catch (e) { /* answered below with null */ }
      done(data && !data.error ? data : null);
    } else if (msg.type === "failed") {
      failAll();
    }
  });
  // The worker's file missing or refused (a deploy, storage full): nothing will answer.
  worker.addEventListener("error", failAll);
  return worker;
}

function failAll() {
  for (const done of pending.values()) done(null);
  pending.clear();
}

// The page verifier/<code>/ as the engine renders it today; null when it cannot.
// With `answers` (a fragment), the page those answers lead to today, whatever the code.
// Never later than `ms`: then `done(null)`, and a late answer is dropped.
function render(code, done, answers, ms) {
  if (!startWorker()) {
    done(null);
    return;
  }
  asked += 1;
  const id = asked;
  pending.set(id, done);
  if (ms) {
    setTimeout(() => {
      if (pending.delete(id)) done(null);
    }, ms);
  }
  worker.postMessage({ type: "page", id, lang, code, on: today(), answers });
}

// By the answers, not the code: on another day the rules may ask other questions, so a code may
// mean other answers (or none).
function recheck(outcome, code) {
  const built = routeOf(outcome.dataset);
  render(code, (data) => {
    if (!data) return; // the built page stands
    if (data.outcome && routeOf(flat(data.report)) === built) {
      document.documentElement.dataset.rendered = "same";
      return;
    }
    show(data, code);
    const notice = status(words.updated);
    root.prepend(notice);
    document.documentElement.dataset.rendered = "updated";
  }, outcome.dataset.answers || "");
}

function routeOf(d) {
  return [d.rnaStatus, d.rnaCategory || "", d.amoStatus, d.amoRegime || ""].join(" ");
}

function flat(report) {
  return { rnaStatus: report.rna.status, rnaCategory: report.rna.category, amoStatus: report.amo.status,
    amoRegime: report.amo.regime };
}

function status(text) {
  const p = document.createElement("p");
  p.className = "ck-live";
  p.setAttribute("role", "status");
  p.textContent = text || "";
  return p;
}

function drawOffline(code) {
  const waiting = status(words.rendering);
  root.prepend(waiting);
  render(code, (data) => {
    waiting.remove();
    if (!data || !data.outcome) {
      document.documentElement.dataset.rendered = "none";
      return;
    }
    show(data, code);
    document.documentElement.dataset.rendered = "engine";
  }, undefined, RENDER_MS);
}

// The engine's HTML (every text escaped by checker.web_pages) in place of the page's content.
function show(data, code) {
  const doc = new DOMParser().parseFromString(`<body>${data.html}</body>`, "text/html");
  // A parsed script never runs; a created one does, once (the outcome's print and share buttons).
  for (const old of doc.querySelectorAll("script")) {
    const script = doc.createElement("script");
    for (const { name, value } of Array.from(old.attributes)) script.setAttribute(name, value);
    old.replaceWith(script);
  }
  root.replaceChildren(...Array.from(doc.body.childNodes, (n) => document.importNode(n, true)));
  const site = document.title.split(" - ").pop();
  if (data.title) document.title = `${data.title} - ${site}`;
  // The language switch goes to the same code in the other language, as on a built page.
  for (const a of document.querySelectorAll("a[hreflang]")) {
    const href = a.getAttribute("href");
    if (a.getAttribute("hreflang") !== lang && /verifier\/\d+\/$/.test(href)) {
      a.setAttribute("href", href.replace(/\d+\/$/, `${code || "0"}/`));
    }
  }
  document.documentElement.dataset.renderedCode = code || "0";
}
