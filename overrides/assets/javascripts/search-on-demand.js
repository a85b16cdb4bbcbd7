// Material starts its search at once: a worker, lunr's Arabic and French packs and the whole search
// index (20–40 KB compressed, more as the site grows), on every page, for readers who mostly never
// search. On a slow phone network that is a third of a page's weight. This defers all of it until
// the reader opens the search box; it must run before Material's bundle.
(function () {
  "use strict";
  var config = document.getElementById("__config");
  if (!config || !window.Worker || !window.XMLHttpRequest) return;
  var searchWorker = JSON.parse(config.textContent).search;
  if (!searchWorker) return;
  var workerName = searchWorker.split("/").pop();

  var release;
  var opened = new Promise(function (resolve) { release = resolve; });
  function openSearch() { release(); }

  // Results in the page's language first: one index holds both languages, and a word such as "AMO"
  // is on French and Arabic pages alike. French entries live under fr/; the order within each
  // language stays Material's (by score). RESULT is Material's message type 3.
  var french = document.documentElement.lang === "fr";
  function ownLanguageFirst(e) {
    var d = e.data;
    if (!d || d.type !== 3 || !d.data || !Array.isArray(d.data.items)) return e;
    var mine = [], other = [];
    d.data.items.forEach(function (group) {
      var first = Array.isArray(group) ? group[0] : group;
      var loc = String((first && first.location) || "");
      ((/(^|\/)fr\//.test(loc)) === french ? mine : other).push(group);
    });
    d.data.items = mine.concat(other);
    return e;
  }
  function wrap(t, f) {
    if (t !== "message" || typeof f !== "function") return f;
    if (!f.__ownLanguageFirst) f.__ownLanguageFirst = function (e) { return f.call(this, ownLanguageFirst(e)); };
    return f.__ownLanguageFirst;
  }

  // The worker: a stand-in that keeps Material's messages and listeners until search opens.
  var RealWorker = window.Worker;
  window.Worker = function (url, options) {
    if (String(url).split("/").pop() !== workerName) return new RealWorker(url, options);
    var real = null, queue = [], listeners = [];
    opened.then(function () {
      real = new RealWorker(url, options);
      listeners.forEach(function (l) { real.addEventListener(l[0], l[1], l[2]); });
      queue.forEach(function (m) { real.postMessage(m); });
    });
    return {
      postMessage: function (m) { if (real) real.postMessage(m); else queue.push(m); },
      addEventListener: function (t, f, o) {
        f = wrap(t, f);
        if (real) real.addEventListener(t, f, o); else listeners.push([t, f, o]);
      },
      removeEventListener: function (t, f, o) {
        f = wrap(t, f);
        if (real) real.removeEventListener(t, f, o);
        else listeners = listeners.filter(function (l) { return l[0] !== t || l[1] !== f; });
      },
      terminate: function () { if (real) real.terminate(); }
    };
  };

  // The index: Material fetches it with XMLHttpRequest; hold the request back until search opens.
  var open = XMLHttpRequest.prototype.open, send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.__searchIndex = /search\/search_index\.json$/.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var xhr = this, args = arguments;
    if (!xhr.__searchIndex) return send.apply(xhr, args);
    opened.then(function () { send.apply(xhr, args); });
  };

  // Opening the search: the toggle, a tap on the box, or Material's keyboard shortcuts (/, s, f).
  document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.getElementById("__search");
    if (toggle) toggle.addEventListener("change", openSearch);
  });
  document.addEventListener("focusin", function (e) {
    if (e.target && e.target.closest && e.target.closest(".md-search")) openSearch();
  });
  document.addEventListener("click", function (e) {
    if (e.target && e.target.closest && e.target.closest('label[for="__search"], .md-search')) openSearch();
  });
  document.addEventListener("keydown", function (e) {
    if (["/", "s", "f", "S", "F"].indexOf(e.key) >= 0 && !(e.target && e.target.closest && e.target.closest("input, textarea, select"))) openSearch();
  });
  // A page opened from a search result carries ?h=… to highlight: it needs the index at once.
  if (/[?&]h=/.test(location.search)) openSearch();
})();
