// The voice layer's player: a ▶ button (sitebuild/voice.py) plays the chamber's recording of the text
// beside it. Nothing is fetched before a tap; one sound plays at a time; a second tap stops it.
// The service worker keeps a played recording for offline use (its "voice" runtime cache).
(function () {
  "use strict";
  var config = document.getElementById("__config");
  var base = new URL(config ? JSON.parse(config.textContent).base || "." : ".", location.href);
  var audio = null, current = null;

  function stop() {
    if (audio) audio.pause();
    if (current) current.setAttribute("aria-pressed", "false");
    current = null;
  }

  document.addEventListener("click", function (e) {
    var button = e.target && e.target.closest && e.target.closest("button[data-voice]");
    if (!button) return;
    var again = button === current;
    stop();
    if (again) return;
    audio = audio || new Audio();
    audio.src = new URL(button.getAttribute("data-voice"), base.href.replace(/\/?$/, "/")).href;
    current = button;
    button.setAttribute("aria-pressed", "true");
    audio.onended = stop;
    audio.onerror = stop;
    audio.play().catch(stop);
  });
})();
