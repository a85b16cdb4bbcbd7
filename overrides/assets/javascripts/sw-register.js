// Site-wide: register the service worker (site root /sw.js) so every page, and the checker,
// work offline after one visit. The root is found from this file's own address, which works
// from / (Arabic), /fr/ (French) and under any sub-path the site is published at.
// A first visit registers after the page has loaded (the precache must not compete with the page);
// a returning phone (a service worker already answers) asks for an update at once — the browser by
// itself re-checks only once a day, and only late in the visit — so a visit of a second or two after
// a deploy still finds the new build (a revalidation: a 304 when nothing changed). sw.js and its
// imports bypass the HTTP cache.
(function () {
  if (!("serviceWorker" in navigator) || !document.currentScript) return;
  var root = new URL("../../", document.currentScript.src);
  function register(check) {
    navigator.serviceWorker.register(new URL("sw.js", root).href, { scope: root.pathname, updateViaCache: "none" })
      .then(function (reg) { return check ? reg.update() : null; })
      .catch(function () {});
  }
  if (navigator.serviceWorker.controller) register(true);
  else window.addEventListener("load", function () { register(false); });
})();
