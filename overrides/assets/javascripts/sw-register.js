// Site-wide: register the service worker (site root /sw.js) so every page, and the checker,
// work offline after one visit. The root is found from this file's own address, which works
// from / (Arabic), /fr/ (French) and under any sub-path the site is published at.
// A first visit registers after the page has loaded (the precache must not compete with the page);
// a returning phone (a service worker already answers) asks for an update at once — the browser by
// itself re-checks only once a day, and only late in the visit — so a visit of a second or two after
// a deploy still finds the new build (a revalidation: a 304 when nothing changed).
(function () {
  var sw = navigator.serviceWorker, me = document.currentScript;
  if (!sw || !me) return;
  var root = new URL("../../", me.src);
  function register() {
    sw.register(new URL("sw.js", root).href, { scope: root.pathname })
      .then(function (reg) { return sw.controller && reg.update(); }).catch(function () {});
  }
  if (sw.controller) register();
  else addEventListener("load", register);
})();
