// The start page of the checker (verifier/), and the quick mode's old address (verifier/rapide/):
// an old link carrying answers in its fragment (verifier/#forme=individuel&…, verifier/rapide/#…,
// from messages and printed QR codes before late 2026) goes on to the page those answers lead to.
// The fragment is read by the one reader (fragment-reader.js, loaded before this script) with the
// checker's own table, which tree.json carries ("input"); tree.json (written by the build) also says
// which question follows each answer code and each question's options with their permanent
// numbers ([number, id] or [number, lowest, highest]; a code writes 1-9 as one digit, 10-99 as "0"
// and two digits: checker/codes.py). The script tag's data-checker is the way to verifier/ from
// this page. Without JavaScript the page still works: this only saves taps.
(function () {
  var tag = document.currentScript, hash = location.hash.slice(1);
  var base = (tag && tag.getAttribute("data-checker")) || "";
  if (hash.indexOf("=") < 0 || !window.fetch || !window.checkerFragment) return;
  fetch(base + "tree.json").then(function (r) { return r.json(); }).then(function (tree) {
    var given = checkerFragment.reader(tree.input, tree.input.facts)(hash).answers, code = "";
    for (;;) {
      var fact = tree.next[code];
      if (!fact || !Object.prototype.hasOwnProperty.call(given, fact)) break;
      var opts = tree.options[fact], value = given[fact], found = 0;
      for (var i = 0; i < opts.length; i++) {
        var o = opts[i];
        if (o.length === 2 ? o[1] === value : (value >= o[1] && value <= o[2])) found = o[0];
      }
      if (!found) break;
      code += found < 10 ? String(found) : "0" + String(found);
    }
    location.replace(base + (code || "0") + "/");
  }).catch(function () { /* offline and never fetched: the page stays */ });
})();
