// The checker's pages (verifier/, verifier/<code>/) with the engine live: the same Python that
// wrote these pages at build time loads in a Web Worker, in the background (never when the
// browser asks to save data), and
//  - on an outcome page, re-checks the answers for today (the phone's date): if a rule's dates
//    have opened or closed since the build, the page shows today's outcome and says so;
//  - offline, on a page of a path never fetched (the service worker answers with the saved page
//    verifier/0/, whose code differs from the address), renders the address's question or
//    outcome as the build did, and the taps that follow without leaving the page.
// Reading and tapping never wait for it: a static page is complete without it, and question pages
// do not start it (their next page must not queue behind its download). Its words come
// from the script tag's data attributes (written by the build in the page's language).
// <html data-rendered>: "same" (re-checked, unchanged), "updated" (re-checked, replaced),
// "engine" (rendered here, offline); data-rendered-code: the code of what the engine rendered;
// data-engine: how Python started ("snapshot", "normal", "fallback"), data-engine-snapshot:
// "stored" once a start made a snapshot for the next visit. Performance marks
// "checker-worker" and "checker-engine-ready" time the worker from inside the page (make bench).
// Loaded `async` (its tag follows the article): the worker starts while the page still loads.

const OFFLINE_KEY = "artisan-checker-offline"; // the worker's URL once its files are all cached
const tag = document.querySelector("script[data-checker-live]");
const words = tag ? tag.dataset : {};
const root = document.querySelector("article.md-content__inner");
const lang = document.documentElement.lang || "ar";
const saveData = Boolean(navigator.connection && navigator.connection.saveData);
const workerUrl = new URL("./verifier-worker.mjs", import.meta.url).href;
let worker = null;
let asked = 0;
const pending = new Map(); // request id -> callback(data | null)

if (root) start();

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
  if (address !== null && page !== null && address !== page) {
    // Offline, the saved first question stands in for this address: never show it as this
    // address's page; the cached engine renders the right one (nothing is downloaded offline).
    standIn(address);
  } else if (outcome && !saveData) {
    recheck(outcome, page);
  } else if (!saveData && !knownOffline() && root.querySelector("[data-start]")) {
    // The start page: fetch and cache the engine for offline use, in the background, while the
    // person reads. Not on a question page: there the next page, tapped within seconds, would
    // wait behind megabytes on a slow line (and each page would start the download anew).
    startWorker();
  }
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
      document.documentElement.dataset.engine = msg.boot || "normal";
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
      for (const done of pending.values()) done(null);
      pending.clear();
    }
  });
  return worker;
}

// The page verifier/<code>/ as the engine renders it today; null when it cannot.
// With `answers` (a fragment), the page those answers lead to today, whatever the code.
function render(code, done, answers) {
  if (!startWorker()) {
    done(null);
    return;
  }
  asked += 1;
  pending.set(asked, done);
  worker.postMessage({ type: "page", id: asked, lang, code, on: today(), answers });
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

function standIn(code) {
  const waiting = status(words.rendering);
  root.hidden = true;
  root.before(waiting);
  const go = (target, scroll) => render(target, (data) => {
    waiting.remove();
    root.hidden = false;
    if (!data) return; // no engine (never cached): the first question at least, whose links work
    show(data, target);
    document.documentElement.dataset.rendered = "engine";
    if (scroll) window.scrollTo(0, 0);
  });
  go(code, false);
  // The next taps stay in this page: the engine is already running, a new page would start it again.
  root.addEventListener("click", (event) => {
    const link = event.target.closest("a[href]");
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const url = new URL(link.href, location.href);
    const next = codeOf(url.pathname);
    if (next === null || url.origin !== location.origin || !sameFolder(url.pathname)) return;
    event.preventDefault();
    history.pushState(null, "", url.pathname);
    go(next, true);
  });
  window.addEventListener("popstate", () => {
    const back = codeOf(location.pathname);
    if (back !== null) go(back, true);
  });
}

// The same language's checker folder (a change of language is a page of its own).
function sameFolder(path) {
  return path.replace(/\d+\/$/, "") === location.pathname.replace(/\d+\/$/, "");
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
