// An outcome page of the checker (verifier/<code>/): shows the print button, and the phone's own
// share sheet where the browser has one (its text is the WhatsApp message: the checklist and the
// link). Without JavaScript the WhatsApp link and the browser's own print menu do the same.
(function () {
  var print = document.querySelector("[data-print]");
  if (print && window.print) {
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }
  var share = document.querySelector("[data-share]"), whatsapp = document.querySelector("[data-whatsapp]");
  if (share && whatsapp && navigator.share) {
    share.hidden = false;
    share.addEventListener("click", function () {
      var text = decodeURIComponent(whatsapp.getAttribute("href").split("text=")[1] || "");
      navigator.share({ text: text }).catch(function () { /* the person closed the sheet */ });
    });
  }
})();
