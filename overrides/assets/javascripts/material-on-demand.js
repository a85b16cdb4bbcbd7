// Material's theme on demand, in one file (one request, one set of headers, on every page):
// first its search only once opened, then its bundle.js only on first use.

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

// Material's bundle.js (≈ 35 KB compressed, a third of a page on a slow phone link) on first use only.
// A page reads, scrolls, opens its menu (a CSS checkbox toggle), switches light/dark (below) and follows
// the language link without it; only the search and a search result's highlights need it. So it loads
// when the reader first taps the search or the menu button, or presses Material's search keys (/, s, f),
// or when a search result opened the page (?h=…); then the tap does what it asked.
// Material starts on DOMContentLoaded, long past by then: it is handed that event once, at once.
(function () {
  "use strict";
  var me = document.currentScript;
  var src = me && me.getAttribute("data-bundle");
  if (!src) return;
  var loading = null, loaded = false;
  // What Material's bundle does first: the page's JavaScript-only parts (search box) may show.
  document.documentElement.classList.remove("no-js");
  document.documentElement.classList.add("js");

  function load() {
    if (loading) return loading;
    loading = new Promise(function (resolve, reject) {
      var add = document.addEventListener;
      if (document.readyState !== "loading") {
        document.addEventListener = function (type, listener) {
          if (type !== "DOMContentLoaded") return add.apply(this, arguments);
          var event = new Event(type);
          setTimeout(function () {
            if (typeof listener === "function") listener.call(document, event);
            else if (listener && listener.handleEvent) listener.handleEvent(event);
          });
        };
      }
      var script = document.createElement("script");
      script.src = src;
      script.onload = function () {
        document.addEventListener = add;
        setTimeout(function () { loaded = true; resolve(); }, 0);  // after Material mounted its components
      };
      script.onerror = function () {
        document.addEventListener = add;
        loading = null;  // a later tap tries again (a weak signal may come back)
        reject(new Error("bundle"));
      };
      document.body.appendChild(script);
    });
    return loading;
  }

  // The palette switch (footer): it shows the button of the scheme in use and switches as Material's
  // script would (same attributes, same stored choice, which Material's head script reads on each page).
  function paletteInputs() {
    return Array.prototype.slice.call(document.querySelectorAll('[data-md-component="palette"] input'));
  }

  function applyPalette(input, store) {
    var inputs = paletteInputs(), index = inputs.indexOf(input);
    var color = {};
    ["media", "scheme", "primary", "accent"].forEach(function (key) {
      color[key] = input.getAttribute("data-md-color-" + key);
      if (store) document.body.setAttribute("data-md-color-" + key, color[key]);
    });
    inputs.forEach(function (other, i) {
      other.checked = i === index;
      var label = other.nextElementSibling;
      if (label && label.tagName === "LABEL") label.hidden = i !== index;
    });
    if (store && typeof __md_set === "function") __md_set("__palette", { index: index, color: color });
  }

  function showPalette() {
    var inputs = paletteInputs();
    if (!inputs.length) return;
    var stored = typeof __md_get === "function" ? __md_get("__palette") : null;  // Material's head script
    var index = stored && typeof stored.index === "number" ? stored.index : -1;
    if (index < 0) {
      for (var i = 0; i < inputs.length; i++) {
        if (matchMedia(inputs[i].getAttribute("data-md-color-media")).matches) { index = i; break; }
      }
    }
    applyPalette(inputs[Math.max(0, Math.min(index, inputs.length - 1))], false);
  }

  document.addEventListener("change", function (e) {
    var input = e.target;
    if (!loaded && input && input.closest && input.closest('[data-md-component="palette"]')) applyPalette(input, true);
  });

  function search() { return document.getElementById("__search"); }

  // Search opened before Material was there: once it is, it sees the box open (and any words typed).
  function openSearch() {
    var toggle = search();
    if (!toggle) return;
    if (!toggle.checked) toggle.checked = true;
    load().then(function () {
      toggle.dispatchEvent(new Event("change"));
      var input = document.querySelector("[data-md-component=search-query]");
      if (input) {
        input.focus();
        if (input.value) input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));  // Material reads on keyup
      }
    }, function () {});
  }

  document.addEventListener("click", function (e) {
    var target = e.target && e.target.closest ? e.target : null;
    if (!target || loaded) return;  // once loaded, Material answers the toggles itself
    if (target.closest('label[for="__search"]')) {
      // The label opens the box (CSS); Material then takes it over.
      setTimeout(function () { if (search() && search().checked) openSearch(); });
    } else if (target.closest('label[for="__drawer"]')) {
      load().catch(function () {});  // the drawer opened by itself (CSS); the rest is ready after
    }
  });
  // Keyboard: the header's search and menu buttons are reachable with Tab (tabindex in the header)
  // and act on Enter and Space; Material's search keys open the search from anywhere.
  document.addEventListener("keydown", function (e) {
    var target = e.target;
    var button = target && target.closest && target.closest('label[for="__search"], label[for="__drawer"]');
    if (button && (e.key === "Enter" || e.key === " ")) {
      e.preventDefault();
      button.click();
      return;
    }
    if (["/", "s", "f", "S", "F"].indexOf(e.key) < 0 || e.ctrlKey || e.metaKey || e.altKey) return;
    if (target && target.closest && target.closest("input, textarea, select, [contenteditable]")) return;
    if (loaded) return;  // Material answers these keys itself
    e.preventDefault();
    openSearch();
  });

  // The header's two buttons are labels of CSS toggles: with this script, Tab reaches them too.
  function focusable() {
    var buttons = document.querySelectorAll('label.md-header__button[for="__search"], label.md-header__button[for="__drawer"]');
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("tabindex", "0");
      buttons[i].setAttribute("role", "button");
    }
  }

  // A content page's whole stylesheets, loaded off the render path (the rules its elements use are
  // inline: sitebuild/postbuild/critical_css.py), apply once they arrive.
  Array.prototype.forEach.call(document.querySelectorAll("link[data-later]"), function (link) {
    function on() { link.media = "all"; }
    if (link.sheet) on(); else link.addEventListener("load", on);
  });

  focusable();
  showPalette();
  if (/[?&]h=/.test(location.search)) load().catch(function () {});  // highlight the words searched for
})();
