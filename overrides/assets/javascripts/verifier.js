// The checker page (verifier/): the questions are plain HTML from the build; this script keeps
// the answers in the URL fragment, asks the checker (Python in a Web Worker) and shows the result.
// Nothing leaves the phone. Every text is set with textContent: the fragment is untrusted.

const TYPING_MS = 1500; // edits of one field within this time make one history entry

const root = document.getElementById("verifier");
if (root) init(root);

function init(root) {
  const texts = JSON.parse(document.getElementById("verifier-texts").textContent);
  // How the checker reads answers (digits of each script, limits): checker/answers.py, written here by the build.
  const reading = JSON.parse(document.getElementById("verifier-input").textContent);
  const lang = root.dataset.lang;
  const form = document.getElementById("verifier-form");
  const questions = Array.from(form.querySelectorAll(".verifier-q"));
  const byFact = new Map(questions.map((q) => [q.dataset.fact, q]));
  const result = document.getElementById("resultat");
  const resultBody = document.getElementById("resultat-body");
  const actions = document.getElementById("verifier-actions");
  const statusBox = document.getElementById("verifier-status");
  const statusText = document.getElementById("verifier-status-text");
  const progress = document.getElementById("verifier-progress");
  const notice = document.getElementById("verifier-notice");
  const colon = lang === "fr" ? "\u00a0: " : ": "; // French puts a space before the colon
  const ticked = new Set(); // documents ticked in the checklist (kept across updates, never in the URL)

  let current = ""; // the fragment the form shows, without "#"
  let lastEdit = { fact: null, at: 0 };
  let worker = null;
  let ready = false;
  let seq = 0;
  let lastData = null;

  // Answers <-> form <-> fragment ---------------------------------------------------------------
  // Step for step checker.answers.parse_fragment, with its table (tests/parsing runs the same cases on both).
  function clean(fact, value) { // the answer as the checker writes it, or null if not allowed
    const q = byFact.get(fact);
    if (!q) return null;
    const text = value.trim();
    if (q.dataset.kind === "int") {
      const chars = Array.from(text);
      if (chars.length < 1 || chars.length > reading.max_digits || chars.some((c) => !(c in reading.digits))) return null;
      const n = Number(chars.map((c) => reading.digits[c]).join(""));
      return n >= Number(q.dataset.min) && n <= Number(q.dataset.max) ? String(n) : null;
    }
    return Array.from(q.querySelectorAll("input[type=radio]")).some((r) => r.value === text) ? text : null;
  }

  function parseFragment(hash) {
    const answers = new Map();
    let rejected = false;
    const text = hash.replace(/^#/, "");
    if (text.length > reading.max_fragment) return { answers, rejected: true };
    const pairs = text.split("&").filter(Boolean);
    if (pairs.length > reading.max_pairs) rejected = true;
    for (const pair of pairs.slice(0, reading.max_pairs)) {
      const cut = pair.indexOf("=");
      let key, value;
      try {
        key = decodeURIComponent((cut < 0 ? pair : pair.slice(0, cut)).replace(/\+/g, " ")).trim();
        value = cut < 0 ? null : decodeURIComponent(pair.slice(cut + 1).replace(/\+/g, " "));
      } catch (e) {
        rejected = true;
        continue;
      }
      if (value === null || !byFact.has(key)) {
        rejected = true;
        continue;
      }
      if (value.trim() === "") continue; // an empty form field: not answered
      const answer = answers.has(key) ? null : clean(key, value);
      if (answer === null) rejected = true;
      else answers.set(key, answer);
    }
    return { answers, rejected };
  }

  function serialize(answers) {
    return questions
      .map((q) => q.dataset.fact)
      .filter((f) => answers.has(f))
      .map((f) => `${f}=${encodeURIComponent(answers.get(f))}`)
      .join("&");
  }

  function readForm() {
    const answers = new Map();
    for (const q of questions) {
      const fact = q.dataset.fact;
      if (q.dataset.kind === "int") {
        const field = q.querySelector("input");
        const answer = field.value.trim() === "" ? null : clean(fact, field.value);
        field.setAttribute("aria-invalid", field.value.trim() === "" || answer !== null ? "false" : "true");
        if (answer !== null) answers.set(fact, answer);
      } else {
        const checked = q.querySelector("input[type=radio]:checked");
        if (checked) answers.set(fact, checked.value);
      }
    }
    return answers;
  }

  function fillForm(answers) {
    for (const q of questions) {
      const fact = q.dataset.fact;
      if (q.dataset.kind === "int") {
        const input = q.querySelector("input");
        input.value = answers.has(fact) ? answers.get(fact) : "";
        input.setAttribute("aria-invalid", "false");
      } else {
        for (const r of q.querySelectorAll("input[type=radio]")) r.checked = answers.get(fact) === r.value;
      }
    }
  }

  // The page's address without what a link may have added (?utm=…, anything typed): the printed link,
  // the WhatsApp text and the address bar carry the answers and nothing else.
  function pageUrl(fragment) {
    return location.origin + location.pathname + (fragment ? "#" + fragment : "");
  }

  // The language switcher goes to the same page in the other language: carry the answers along.
  function updateLanguageLinks() {
    for (const a of document.querySelectorAll("a.md-select__link[hreflang]")) {
      const href = a.getAttribute("href").split("#")[0];
      a.setAttribute("href", current ? `${href}#${current}` : href);
    }
  }

  function applyFragment() {
    // A link to a place in the page (#resultat) holds no answers: no warning, and the browser jumps there.
    const anchor = isAnchor(location.hash);
    const { answers, rejected } = parseFragment(anchor ? "" : location.hash);
    notice.hidden = !rejected;
    fillForm(answers);
    current = serialize(answers);
    // A link is rewritten to its clean form (question order, bad parts dropped, no query string), so
    // a hostile link is not passed on as it came.
    if (!anchor && (location.hash.replace(/^#/, "") !== current || location.search))
      history.replaceState(null, "", pageUrl(current));
    updateLanguageLinks();
    evaluate();
  }

  function onEdit(event) {
    const answers = readForm();
    const fragment = serialize(answers);
    if (fragment === current) return;
    const q = event.target.closest(".verifier-q");
    const fact = q ? q.dataset.fact : null;
    const now = Date.now();
    // One history entry per answer; typing a number is one answer, not one per key.
    const sameTyping = fact !== null && fact === lastEdit.fact && now - lastEdit.at < TYPING_MS && event.type === "input";
    if (sameTyping) history.replaceState(null, "", pageUrl(fragment));
    else history.pushState(null, "", pageUrl(fragment));
    lastEdit = { fact: event.type === "input" ? fact : null, at: now };
    current = fragment;
    notice.hidden = true;
    updateLanguageLinks();
    evaluate();
  }

  function startAgain() {
    form.reset();
    ticked.clear();
    notice.hidden = true;
    if (current) history.pushState(null, "", pageUrl(""));
    current = "";
    updateLanguageLinks();
    evaluate();
    window.scrollTo(0, 0); // the next person starts from the page's top, as on a first visit
    const first = questions.find((q) => !q.hidden);
    if (first) first.querySelector("input").focus({ preventScroll: true });
  }

  // The checker (Python in a worker) ------------------------------------------------------------
  function today() {
    const d = new Date();
    const pad = (n) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  }

  function evaluate() {
    if (!current) {
      setOutcome(null);
      showWaiting(texts.result_waiting);
    } else if (!ready) {
      showWaiting(texts.result_waiting_checker);
    }
    if (ready) worker.postMessage({ type: "run", id: ++seq, fragment: current, lang, on: today() });
  }

  // The worker counts every byte it still has to download (see verifier-worker.mjs); the bar
  // never goes backwards, and once the download is over Python starts (indeterminate bar).
  function showProgress(msg) {
    const mb = (n) => (n / 1e6).toFixed(1);
    if (msg.percent >= 100) {
      statusText.textContent = texts.loading_python;
      progress.removeAttribute("value");
      return;
    }
    let line = texts.loading_download.replace("{percent}", msg.percent)
      .replace("{done}", mb(msg.done)).replace("{total}", mb(msg.total));
    if (msg.eta !== null && msg.eta !== undefined) {
      const n = Math.ceil(msg.eta / 60);
      const eta = msg.eta < 60 ? texts.eta_under_minute
        : (n >= 3 && n <= 10 ? texts.eta_minutes_few : texts.eta_minutes).replace("{n}", n);
      line += " " + eta;
    }
    statusText.textContent = line;
    progress.value = msg.percent;
  }

  function fail(reason, detail) {
    ready = false;
    statusBox.hidden = true;
    const box = document.getElementById("verifier-failure");
    document.getElementById("verifier-failure-reason").textContent =
      reason === "old_browser" ? texts.failure_old_browser : texts.failure_load;
    document.getElementById("verifier-failure-detail").textContent = String(detail || "").slice(0, 300);
    box.hidden = false;
    root.dataset.checker = "failed";
  }

  // At most one reload per page and session (sessionStorage may be refused: then never).
  function reloadOnce() {
    try {
      if (sessionStorage.getItem("verifier-reloaded") === location.pathname) return false;
      sessionStorage.setItem("verifier-reloaded", location.pathname);
    } catch (e) {
      return false;
    }
    location.reload();
    return true;
  }
  reloadOnce.done = () => {
    try {
      sessionStorage.removeItem("verifier-reloaded");
    } catch (e) { /* nothing to undo */ }
  };

  function startWorker() {
    if (typeof Worker !== "function" || typeof WebAssembly !== "object") {
      fail("old_browser", "Worker/WebAssembly");
      return;
    }
    try {
      worker = new Worker(new URL("./verifier-worker.mjs", import.meta.url), { type: "module" });
    } catch (e) {
      fail("old_browser", e && e.message);
      return;
    }
    worker.addEventListener("error", (e) => {
      // The worker's file carries this build's hash. If a new build took over meanwhile (a deploy
      // while this page was open), that file is gone: load the page again, of the new build, once.
      if (!ready && reloadOnce()) return;
      fail("load", e.message || "worker");
    });
    worker.addEventListener("message", (event) => {
      const msg = event.data || {};
      if (msg.type === "progress") showProgress(msg);
      else if (msg.type === "failed") fail(msg.reason, msg.detail);
      else if (msg.type === "ready") {
        ready = true;
        root.dataset.checker = "ready";
        reloadOnce.done();
        root.dataset.rules = msg.rules; // which build's rules the worker holds (tests compare it with the page's)
        statusText.textContent = texts.ready;
        progress.value = 100; // kept in place: the questions below must not move
        evaluate();
      } else if (msg.type === "offline") {
        root.dataset.offline = msg.ok ? "yes" : "no";
        if (msg.ok) statusText.textContent = texts.ready_offline;
      } else if (msg.type === "result" && msg.id === seq) {
        const data = JSON.parse(msg.json);
        if (data.error) fail("load", data.error);
        else show(data);
      }
    });
  }

  // The result ---------------------------------------------------------------------------------
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    for (const c of children) if (c !== null && c !== undefined) node.append(c);
    return node;
  }

  function safeLink(url, text) {
    if (typeof url === "string" && /^https?:\/\//.test(url)) {
      return el("a", { href: url, rel: "noopener noreferrer", class: "verifier-ext" }, text);
    }
    return document.createTextNode(text);
  }

  // A "where" text, already split by the checker around its address (checker/display.py Where):
  // only the address becomes a link.
  function whereNode(w) {
    if (!w) return null;
    if (!w.address) return document.createTextNode(w.before + w.after);
    const link = safeLink(w.url, w.address);
    if (link.nodeType === Node.ELEMENT_NODE) link.setAttribute("dir", "ltr"); // an address reads left to right
    return el("span", {}, w.before, link, w.after);
  }

  function confirmNote(item) {
    return item.confirm ? el("span", { class: "verifier-confirm" }, " " + item.confirm) : null;
  }

  function setOutcome(report) {
    if (!report) result.dataset.answers = "";
    result.dataset.rnaStatus = report ? report.rna.status : "";
    result.dataset.rnaCategory = report && report.rna.category ? report.rna.category : "";
    result.dataset.amoStatus = report ? report.amo.status : "";
    result.dataset.amoRegime = report && report.amo.regime ? report.amo.regime : "";
  }

  function showWaiting(text) {
    resultBody.replaceChildren(el("p", { class: "verifier-result__waiting" }, text));
    actions.hidden = true;
  }

  // Hide the questions that do not matter now, keeping the one being answered where it was.
  function showOnly(ask) {
    const focused = document.activeElement && document.activeElement.closest
      ? document.activeElement.closest(".verifier-q") : null;
    const anchor = focused || questions.find((q) => !q.hidden && q.getBoundingClientRect().bottom > 0);
    const before = anchor ? anchor.getBoundingClientRect().top : 0;
    for (const q of questions) q.hidden = !ask.has(q.dataset.fact) && !(q === focused);
    if (anchor && !anchor.hidden) window.scrollBy(0, anchor.getBoundingClientRect().top - before);
  }

  function schemeBlock(s, key, headings, labels) {
    const block = el("article", { class: `verifier-scheme verifier-scheme--${s.status}`, "data-scheme": key });
    block.append(el("h3", {}, s.title), el("p", { class: "verifier-scheme__status" }, s.status_text));
    if (s.outcome) {
      block.append(el("p", { class: "verifier-scheme__outcome" },
        el("strong", {}, (key === "rna" ? headings.category : headings.regime) + colon),
        s.outcome.label, s.outcome.provisional ? " " + s.outcome.provisional_text : null));
      block.append(el("p", {}, s.outcome.description));
    }
    for (const other of s.also || []) { // another category open to the person (maître artisan if recognised)
      block.append(el("p", { class: "verifier-scheme__also" }, el("strong", {}, headings.also + colon),
        other.label, " — ", other.text));
    }
    if (s.rerun) { // AMO is personal: run again as an individual, keeping the RNA answers
      block.append(el("p", { class: "verifier-rerun" }, el("a", { href: `#${s.rerun.fragment}` }, s.rerun.text)));
    }
    if (s.amount) {
      block.append(el("p", { class: "verifier-amount" }, el("strong", {}, headings.amount + colon),
        s.amount.text, confirmNote(s.amount)));
    }
    if (s.missing.length) {
      const list = el("ul", { class: "verifier-missing" });
      for (const m of s.missing) {
        const link = el("a", { href: `#q-${m.id}` }, m.question);
        link.addEventListener("click", (e) => {
          e.preventDefault(); // the fragment holds the answers, not a target
          const q = byFact.get(m.id);
          if (q) {
            q.hidden = false;
            q.scrollIntoView({ block: "center" });
            q.querySelector("input").focus({ preventScroll: true });
          }
        });
        list.append(el("li", {}, link));
      }
      block.append(el("h4", {}, headings.missing), list);
    }
    if (s.to_confirm.length) {
      block.append(el("h4", {}, headings.to_confirm),
        el("ul", {}, ...s.to_confirm.map((q) => el("li", {}, q.question))));
    }
    if (s.documents.length) {
      const list = el("ul", { class: "verifier-checklist" });
      for (const d of s.documents) {
        const box = el("input", { type: "checkbox" });
        box.checked = ticked.has(d.id);
        box.addEventListener("change", () => (box.checked ? ticked.add(d.id) : ticked.delete(d.id)));
        list.append(el("li", {}, el("label", {}, box, el("span", {}, d.text)),
          el("p", { class: "verifier-where" }, el("strong", {}, labels.where + " "), whereNode(d.where), confirmNote(d))));
      }
      block.append(el("h4", {}, headings.documents), list);
    }
    if (s.steps.length) {
      block.append(el("h4", {}, headings.steps), el("ol", { class: "verifier-steps" }, ...s.steps.map((st) =>
        el("li", {}, st.text, el("p", { class: "verifier-where" }, el("strong", {}, labels.where + " "),
          whereNode(st.where), confirmNote(st))))));
    }
    if (s.notes.length) {
      block.append(el("h4", {}, headings.notes),
        el("ul", {}, ...s.notes.map((n) => el("li", {}, n.text, confirmNote(n)))));
    }
    if (s.why.length) {
      block.append(el("h4", {}, headings.why), el("ul", { class: "verifier-why" }, ...s.why.map((w) =>
        el("li", {}, w.label, el("span", { class: "verifier-source" }, ` (${labels.source}: `,
          safeLink(w.source.url, w.source.text), ")")))));
    }
    if (s.failed.length) { // the checker lists them only where they explain a refusal (display.shows_failed)
      block.append(el("h4", {}, headings.failed), el("ul", { class: "verifier-failed" },
        ...s.failed.map((f) => el("li", {}, f.label))));
    }
    if (s.sources.length) {
      block.append(el("h4", {}, headings.sources), el("ul", { class: "verifier-sources" },
        ...s.sources.map((src) => el("li", {}, safeLink(src.url, src.text)))));
    }
    return block;
  }

  function answersBlock(ask) {
    const list = el("dl", { class: "verifier-answers__list" });
    for (const q of questions) {
      const fact = q.dataset.fact;
      if (!ask.has(fact)) continue;
      let answer = "";
      if (q.dataset.kind === "int") answer = q.querySelector("input").value.trim();
      else {
        const checked = q.querySelector("input[type=radio]:checked");
        if (checked) answer = checked.parentElement.textContent.trim();
      }
      if (!answer) continue;
      list.append(el("dt", {}, q.querySelector(".verifier-q__question").textContent.trim()), el("dd", {}, answer));
    }
    return el("section", { class: "verifier-answers" }, el("h3", {}, texts.your_answers), list);
  }

  function show(data) {
    lastData = data;
    const ask = new Set(data.ask);
    showOnly(ask);
    result.dataset.answers = current; // which answers the shown result is for (tests and tools wait on it)
    if (!current) return; // nothing answered yet: the questions, no result
    setOutcome(data.report);
    const t = data.texts;
    resultBody.replaceChildren(
      el("p", { class: "verifier-result__date" }, t.result_on),
      schemeBlock(t.rna, "rna", t.headings, t.labels),
      schemeBlock(t.amo, "amo", t.headings, t.labels),
      answersBlock(ask),
      el("p", { class: "verifier-result__disclaimer" }, t.not_official),
      el("p", { class: "verifier-result__verified" }, t.verified_on),
      el("p", { class: "verifier-print-url" }, texts.link + " ", el("span", { dir: "ltr" }, pageUrl(current))),
    );
    const summary = `${texts.share_title}: ${t.rna.status_text} ${t.amo.status_text}`;
    const whatsapp = document.getElementById("verifier-whatsapp");
    whatsapp.setAttribute("href", "https://wa.me/?text=" + encodeURIComponent(`${summary}\n${pageUrl(current)}`));
    whatsapp.setAttribute("rel", "noopener noreferrer");
    whatsapp.setAttribute("target", "_blank");
    actions.hidden = false;
  }

  // Wiring -------------------------------------------------------------------------------------
  form.addEventListener("change", onEdit);
  form.addEventListener("input", onEdit);
  form.addEventListener("submit", (e) => e.preventDefault());
  for (const b of document.querySelectorAll(".verifier-reset")) b.addEventListener("click", startAgain);
  document.getElementById("verifier-print").addEventListener("click", () => window.print());
  const share = document.getElementById("verifier-share");
  if (typeof navigator.share === "function") {
    share.hidden = false;
    share.addEventListener("click", () => {
      const t = lastData && lastData.texts;
      navigator.share({
        title: texts.share_title,
        text: t ? `${t.rna.status_text} ${t.amo.status_text}` : texts.share_title,
        url: pageUrl(current),
      }).catch(() => {}); // the user closed the share sheet
    });
  }
  // Material's own handler sends a language link to the bare page (it drops the fragment when
  // the sitemap look-up fails), so follow our rewritten link ourselves.
  for (const a of document.querySelectorAll("a.md-select__link[hreflang]")) {
    a.addEventListener("click", (e) => {
      if (!current || e.metaKey || e.ctrlKey || e.shiftKey) return;
      e.preventDefault();
      e.stopPropagation();
      location.assign(a.href);
    });
  }
  // Back/forward through answers: pushState entries differ only by fragment.
  // A link to a place in the page (e.g. Material's "skip to content") is not a set of answers:
  // let the browser jump there, then put the answers back in the address.
  function isAnchor(hash) {
    try {
      const id = decodeURIComponent(hash.replace(/^#/, ""));
      return id !== "" && !id.includes("=") && document.getElementById(id) !== null;
    } catch (e) {
      return false;
    }
  }
  function onNavigate() {
    if (isAnchor(location.hash)) history.replaceState(null, "", pageUrl(current));
    else if (location.hash.replace(/^#/, "") !== current) applyFragment();
  }
  window.addEventListener("popstate", onNavigate);
  window.addEventListener("hashchange", onNavigate);

  applyFragment();
  // Never megabytes behind the back of someone who asked the browser to save data: ask first.
  if (navigator.connection && navigator.connection.saveData) {
    statusText.textContent = texts.save_data;
    const load = el("button", { type: "button", class: "md-button" }, texts.save_data_load);
    load.addEventListener("click", () => {
      load.remove();
      startWorker();
    });
    statusBox.append(load);
  } else {
    startWorker();
  }
}
