// The start page of the checker (verifier/): an old link carrying answers in its fragment
// (verifier/#forme=individuel&…, from messages and printed QR codes before late 2026) goes on to
// the page those answers lead to. tree.json (written by the build) says which question follows
// each answer code and each question's options with their permanent numbers ([number, id] or
// [number, lowest, highest]; a code writes 1-9 as one digit, 10-99 as "0" and two digits:
// checker/codes.py). Without JavaScript the start page still works: this only saves taps.
(function () {
  var hash = location.hash.slice(1);
  if (hash.indexOf("=") < 0 || !window.fetch) return;
  var given = {};
  hash.split("&").forEach(function (pair) {
    var i = pair.indexOf("=");
    if (i < 1) return;
    try {
      var key = decodeURIComponent(pair.slice(0, i)), value = decodeURIComponent(pair.slice(i + 1).replace(/\+/g, " "));
    } catch (e) { return; }
    if (!(key in given)) given[key] = value.trim();
  });
  // Arabic-Indic digits (٥, ۵) read as numbers, as the checker itself reads them.
  function number(text) {
    var ascii = text.replace(/[\u0660-\u0669]/g, function (d) { return d.charCodeAt(0) - 0x660; })
      .replace(/[\u06f0-\u06f9]/g, function (d) { return d.charCodeAt(0) - 0x6f0; });
    return /^\d{1,4}$/.test(ascii) ? parseInt(ascii, 10) : NaN;
  }
  fetch("tree.json").then(function (r) { return r.json(); }).then(function (tree) {
    var code = "";
    for (;;) {
      var fact = tree.next[code];
      if (!fact || !Object.prototype.hasOwnProperty.call(given, fact)) break;
      var opts = tree.options[fact], found = 0;
      for (var i = 0; i < opts.length; i++) {
        var o = opts[i];
        if (o.length === 2 ? o[1] === given[fact] : (number(given[fact]) >= o[1] && number(given[fact]) <= o[2])) found = o[0];
      }
      if (!found) break;
      code += found < 10 ? String(found) : "0" + String(found);
    }
    location.replace((code || "0") + "/");
  }).catch(function () { /* offline and never fetched: the start page stays */ });
})();
