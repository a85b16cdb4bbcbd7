// The one reader of answers in an address's fragment (#forme=individuel&annees_pratique=5) for every
// page script: the rules of checker.answers.parse_fragment, driven by its own table
// (checker.answers.input_table(): digits of three scripts, the spaces str.strip() removes, limits)
// and the questions (id, kind, options or bounds), both written by the build. The shared cases
// (tests/parsing/cases.toml) run on this file in Chromium and on the Python parser: same verdicts.
// read(fragment) -> { answers: {fact: value}, rejected: [{fact, reason}] }, as parse_fragment.
(function (global) {
  "use strict";

  function reader(table, facts) {
    var spaces = {}, digits = table.digits, byId = {};
    Array.from(table.spaces).forEach(function (c) { spaces[c] = true; });
    facts.forEach(function (f) { byId[f.id] = f; });
    var has = function (o, k) { return Object.prototype.hasOwnProperty.call(o, k); };

    // str.strip(): Python's whitespace at both ends (U+0085, U+001C–U+001F… included, U+FEFF not).
    function strip(text) {
      var chars = Array.from(text), a = 0, b = chars.length;
      while (a < b && spaces[chars[a]]) a++;
      while (b > a && spaces[chars[b - 1]]) b--;
      return chars.slice(a, b).join("");
    }

    // urllib.parse.unquote_plus(…, errors="strict"): "+" is a space, each run of %XX escapes is UTF-8
    // (invalid: null, the pair is malformed), a "%" without two hex digits stays as it is.
    // ignoreBOM: a leading U+FEFF is a character to Python, not a mark to drop.
    var decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
    function unquotePlus(text) {
      text = text.replace(/\+/g, " ");
      var out = "", i = 0;
      while (i < text.length) {
        if (text[i] === "%" && /^[0-9a-fA-F]{2}$/.test(text.substr(i + 1, 2))) {
          var bytes = [];
          while (text[i] === "%" && /^[0-9a-fA-F]{2}$/.test(text.substr(i + 1, 2))) {
            bytes.push(parseInt(text.substr(i + 1, 2), 16));
            i += 3;
          }
          try {
            out += decoder.decode(new Uint8Array(bytes));
          } catch (e) {
            return null;
          }
        } else {
          out += text[i];
          i += 1;
        }
      }
      return out;
    }

    // read_number(): 1 to max_digits digits of the table's scripts, spaces around allowed.
    function number(raw) {
      var chars = Array.from(strip(raw));
      if (chars.length < 1 || chars.length > table.max_digits) return null;
      var ascii = "";
      for (var i = 0; i < chars.length; i++) {
        if (!has(digits, chars[i])) return null;
        ascii += digits[chars[i]];
      }
      return parseInt(ascii, 10);
    }

    // parse_value(): a choice's id (stripped), or a whole number within the question's bounds, or
    // one of a number question's answers beside a number («لا أعرف»: its id, stripped).
    function value(fact, raw) {
      if (fact.kind === "int") {
        if ((fact.values || []).indexOf(strip(raw)) >= 0) return strip(raw);
        var n = number(raw);
        return n !== null && n >= fact.min && n <= fact.max ? n : null;
      }
      var id = strip(raw);
      return fact.values.indexOf(id) >= 0 ? id : null;
    }

    return function read(fragment) {
      var answers = {}, rejected = [];
      fragment = fragment.charAt(0) === "#" ? fragment.slice(1) : fragment;
      if (Array.from(fragment).length > table.max_fragment) {
        return { answers: {}, rejected: [{ fact: null, reason: "too_long" }] };
      }
      var pairs = fragment.split("&").filter(function (p) { return p; });
      if (pairs.length > table.max_pairs) {
        rejected.push({ fact: null, reason: "too_many" });
        pairs = pairs.slice(0, table.max_pairs);
      }
      pairs.forEach(function (pair) {
        var at = pair.indexOf("="), sep = at >= 0;
        var key = unquotePlus(sep ? pair.slice(0, at) : pair), raw = sep ? unquotePlus(pair.slice(at + 1)) : "";
        if (key === null || raw === null) {
          rejected.push({ fact: null, reason: "malformed" });
          return;
        }
        key = strip(key);
        if (!sep) {
          rejected.push({ fact: has(byId, key) ? key : null, reason: "malformed" });
        } else if (!has(byId, key)) {
          rejected.push({ fact: null, reason: "unknown_fact" });
        } else if (!strip(raw)) {
          // an empty form field: not answered
        } else if (has(answers, key)) {
          rejected.push({ fact: key, reason: "duplicate" });
        } else {
          var v = value(byId[key], raw);
          if (v === null) rejected.push({ fact: key, reason: "value_not_allowed" });
          else answers[key] = v;
        }
      });
      return { answers: answers, rejected: rejected };
    };
  }

  // to_fragment(): the clean fragment, in the questions' order.
  function toFragment(facts, answers) {
    return facts.filter(function (f) { return Object.prototype.hasOwnProperty.call(answers, f.id); })
      .map(function (f) { return f.id + "=" + encodeURIComponent(String(answers[f.id])); }).join("&");
  }

  global.checkerFragment = { reader: reader, toFragment: toFragment };
})(self);
