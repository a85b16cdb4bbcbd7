// Site-wide: register the service worker (site root /sw.js) so every page, and the checker,
// work offline after one visit. The root is found from this file's own address, which works
// from / (Arabic), /fr/ (French) and under any sub-path the site is published at.
(function () {
  if (!("serviceWorker" in navigator) || !document.currentScript) return;
  var root = new URL("../../", document.currentScript.src);
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(new URL("sw.js", root).href, { scope: root.pathname }).catch(function () {});
  });
})();
