// Site-wide: register the service worker (site root /sw.js) so every page, and the checker,
// work offline after one visit. The root is found from this file's own address, which works
// from / (Arabic), /fr/ (French) and under any sub-path the site is published at.
// A first visit registers after the page has loaded (the precache must not compete with the page);
// a returning phone (a service worker already answers) asks for an update at once — the browser by
// itself re-checks only once a day, and only late in the visit — so a visit of a second or two after
// a deploy still finds the new build (a revalidation: a 304 when nothing changed).
//
// When the new build's worker takes over. It does not skip waiting by itself: when it did, Chromium
// handed over at whatever moment the old worker's last request ended, and a page being opened at that
// moment could be lost (its request handed to the old worker just as it was stopped, never answered:
// a page that never loads; seen in Chromium's own trace, in the deploy tests, about one run in twenty
// under load, and in CI on the checker's start page, which opens the next page as soon as it has read
// tree.json). Left waiting, the new worker takes over when no page of the site is open (the browser
// does it as the next page is opened, before sending it anywhere), or when a page that has been still
// for QUIET_MS after loading asks it to (SKIP_WAITING, which Workbox's worker handles). A page that is
// going to another (a tap on a link, the start page sending answers on: the Navigation API says so
// where the browser has it) never asks: the new page is on its way to the old worker.
(function () {
  var sw = navigator.serviceWorker, me = document.currentScript;
  if (!sw || !me) return;
  var root = new URL("../../", me.src), QUIET_MS = 2000, still = false, leaving = false, seen = null;
  function handOver() {
    if (still && !leaving && seen && seen.waiting && sw.controller) seen.waiting.postMessage({ type: "SKIP_WAITING" });
  }
  if (window.navigation) {
    navigation.addEventListener("navigate", function (event) { if (!event.destination.sameDocument) leaving = true; });
  }
  addEventListener("pageshow", function (event) { if (event.persisted) { leaving = false; handOver(); } }); // back from the cache
  function watch(reg) {
    seen = reg;
    reg.addEventListener("updatefound", function () {
      var next = reg.installing;
      if (next) next.addEventListener("statechange", function () { if (next.state === "installed") handOver(); });
    });
    handOver();
    return reg;
  }
  function register() {
    sw.register(new URL("sw.js", root).href, { scope: root.pathname }).then(watch)
      .then(function (reg) { return sw.controller && reg.update(); }).catch(function () {});
  }
  addEventListener("load", function () { setTimeout(function () { still = true; handOver(); }, QUIET_MS); });
  if (sw.controller) register();
  else addEventListener("load", register);
})();
