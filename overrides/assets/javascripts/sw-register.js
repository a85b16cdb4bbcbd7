// Site-wide: register the service worker (site root /sw.js) so every page, and the checker,
// work offline after one visit. The root is found from this file's own address, which works
// from / (Arabic), /fr/ (French) and under any sub-path the site is published at.
// A first visit registers after the page has loaded (the precache must not compete with the page);
// a returning phone (a service worker already answers) asks for an update at once — the browser by
// itself re-checks only once a day, and only late in the visit — so a visit of a second or two after
// a deploy still finds the new build (a revalidation: a 304 when nothing changed).
// A new build's worker calls skipWaiting when it starts, and Chromium then hands over once the old
// worker has no request in progress, checking again when one of its requests ends. In the deploy test
// (phones asking for updates while they navigate) the new worker was sometimes left waiting until the
// next page was opened, and that page's load then never ended (7 runs in 127; another tab opened
// afterwards loaded): the hand-over happened during its navigation. A request answered by the old
// worker (to end one of its requests) did not help. So a page that finds a new worker installed and
// waiting asks it to take over now (SKIP_WAITING, sw-routes.js), while the page is still: 60 runs of
// that test in a row then passed.
(function () {
  var sw = navigator.serviceWorker, me = document.currentScript;
  if (!sw || !me) return;
  var root = new URL("../../", me.src);
  function handOver(reg) {
    if (reg.waiting && sw.controller) reg.waiting.postMessage({ type: "SKIP_WAITING" });
  }
  function watch(reg) {
    reg.addEventListener("updatefound", function () {
      var next = reg.installing;
      if (next) next.addEventListener("statechange", function () { if (next.state === "installed") handOver(reg); });
    });
    handOver(reg);
    return reg;
  }
  function register() {
    sw.register(new URL("sw.js", root).href, { scope: root.pathname }).then(watch)
      .then(function (reg) { return sw.controller && reg.update(); }).catch(function () {});
  }
  if (sw.controller) register();
  else addEventListener("load", register);
})();
