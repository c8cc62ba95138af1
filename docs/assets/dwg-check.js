/* Decline with Grace: the pre-send check of the reader's own letter. Needs dwg-core.js.
   The rules are data (macros/text_rules.json, shipped in the letter page's island); this file is the
   browser's twin of macros/text_check.py, step for step, so both give the same findings. */
(function () {
  "use strict";
  var dwg = window.dwg;
  var cache = {};
  var MAX_QUOTES = 3;
  var syn; // the declaration's syntax patterns, from the rules in use

  function rx(p, all) { var k = (all ? "g" : "-") + p; return cache[k] || (cache[k] = new RegExp(p, all ? "gi" : "i")); }
  function found(p, text) { return text.match(rx(p, true)) || []; }

  // --- Text into sentences and words (mirrors text_check.py) ---
  function squash(text) { return text.replace(rx(syn.space, true), " ").replace(/^ | $/g, ""); }
  function trim(text) { return text.replace(rx("^(?:" + syn.space + ")|(?:" + syn.space + ")$", true), ""); }
  // Maps without a prototype, so a word such as "constructor" is only ever a word.
  function map() { return Object.create(null); }
  var memo = map(); // sentences of the texts one check reads, kept for that check only
  function sentences(text) {
    if (memo[text]) return memo[text];
    var out = memo[text] = [];
    text.split(rx(syn.paragraph_break)).forEach(function (p) {
      squash(p).split(rx(syn.sentence_end)).forEach(function (s) { if (s) out.push(s); });
    });
    return out;
  }
  function afterGreeting(text) {
    var t = trim(text), i = t.indexOf("\n"), first = i < 0 ? t : t.slice(0, i);
    return rx(syn.greeting).test(squash(first)) ? (i < 0 ? "" : t.slice(i + 1)) : t;
  }
  function words(text) { return found(syn.word, text).map(function (w) { return w.toLowerCase().replace(/\u2019/g, "'"); }); }
  function wordCount(text) { var s = squash(text); return s ? s.split(" ").length : 0; }
  function quote(items) { return items.map(function (s) { return "'" + s + "'"; }).join(", "); }
  function values(obj) { return Object.keys(obj || {}).map(function (k) { return obj[k]; }); }

  // --- The tests: each returns the message values when the text breaks the rule, or null ---
  var TESTS = {
    early: function (r, text) {
      var opening = sentences(afterGreeting(text)).slice(0, r.params.sentences).join(" ");
      return rx(r.params.pattern).test(opening) ? null : {};
    },
    present: function (r, text) { return rx(r.params.pattern).test(text) ? null : {}; },
    absent: function (r, text, c) {
      var all = found(r.params.pattern, c.subject || "").concat(found(r.params.pattern, text)), seen = [];
      if (r.params.blank_fields) {
        Object.keys(c.fields || {}).forEach(function (label) { var v = c.fields[label]; if (v && !squash(v)) all.push("[" + label + "]"); });
      }
      all.forEach(function (s) { if (seen.indexOf(s) < 0) seen.push(s); });
      return seen.length ? { quote: quote(seen.slice(0, MAX_QUOTES)) } : null;
    },
    at_most: function (r, text) {
      var count = found(r.params.pattern, text).length;
      return count > r.params.max ? { count: count } : null;
    },
    reason_sentences: function (r, text, c) {
      var count = sentences(c.reason || "").length;
      return count > r.params.max ? { count: count, limit: r.params.max } : null;
    },
    channel_words: function (r, text, c) {
      var count = wordCount(text);
      return c.maxWords && count > c.maxWords ? { count: count, limit: c.maxWords, channel: (c.channelLabel || "").toLowerCase() } : null;
    },
    repeated_phrase: function (r, text, c) {
      var n = r.params.words, common = map(), seen = map(), hit = null;
      r.params.common.concat.apply(r.params.common, values(c.fields).map(words)).forEach(function (w) { common[w] = 1; });
      sentences(text).some(function (s) {
        var raw = found(syn.word, s), ws = words(s);
        for (var i = 0; i + n <= ws.length; i++) {
          var gram = ws.slice(i, i + n);
          if (gram.every(function (w) { return common[w]; })) continue;
          var phrase = gram.join(" ");
          if (seen[phrase]) { hit = { quote: quote([raw.slice(i, i + n).join(" ")]) }; return true; }
          seen[phrase] = 1;
        }
        return false;
      });
      return hit;
    },
    repeated_opening: function (r, text) {
      var n = r.params.words, last = null, hit = null;
      sentences(afterGreeting(text)).some(function (s) {
        var ws = words(s), opening = ws.length > n ? ws.slice(0, n).join(" ") : null;
        if (opening && opening === last) { hit = { quote: quote([found(syn.word, s).slice(0, n).join(" ")]) }; return true; }
        last = opening;
        return false;
      });
      return hit;
    },
    subject: function (r, text, c) { return c.subjectRule === "required" && !c.reply && !squash(c.subject || "") ? {} : null; }
  };

  function message(r, vals) { return r.message.replace(/\{(\w+)\}/g, function (m, k) { return String(vals[k]); }); }

  // Every rule the text breaks, in declaration order. context.rules is the page's { syntax, rules }.
  function check(text, c) {
    syn = c.rules.syntax;
    memo = map();
    var out = [];
    c.rules.rules.forEach(function (r) {
      if (r.applies !== "all" && r.applies !== c.kind) return;
      var vals = TESTS[r.test](r, text, c);
      if (vals) out.push({ rule: r.id, severity: r.severity, message: message(r, vals), guide: r.guide });
    });
    return out;
  }

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text) e.textContent = text; // the reader's words stay text, whatever they hold
    if (cls) e.className = cls;
    return e;
  }

  // The findings as a short list next to the letter's buttons; guide links are relative to the page (base).
  // The DOM changes only when the findings do. The summary line comes with the page (macros/render.py
  // CHECK_LIST), a polite live region from the start.
  function show(box, findings, base) {
    var key = JSON.stringify(findings), n = findings.length;
    if (box.dwgKey === key) return;
    box.dwgKey = key;
    var sum = box.querySelector("p"), list = box.querySelector("ul") || box.appendChild(el("ul"));
    sum.textContent = n ? n + (n === 1 ? " thing" : " things") + " to check before you send it. You can still copy, email or download it."
      : "Nothing to check: the letter reads clearly.";
    var rank = function (f) { return f.severity === "error" ? 0 : 1; }; // what must be fixed comes first
    list.replaceChildren.apply(list, findings.slice().sort(function (a, b) { return rank(a) - rank(b); }).map(function (f) {
      var li = el("li", null, "dwg-check-" + f.severity), link = el("a", "Why");
      link.href = base + f.guide;
      li.append(el("strong", f.severity === "error" ? "Fix: " : "Check: "), f.message + " ", link); // the message as text
      return li;
    }));
    list.hidden = !n;
    box.setAttribute("data-dwg-count", n);
  }

  // Check a letter's text and show the findings in its list: the one call the letter page makes, from the
  // moment this script has started on the page. dwg-core.js starts the letter script first, in a task of
  // its own, so it draws the letter without checking it; this starter then asks for the check, in the next
  // task: neither keeps a phone's main thread busy for long.
  function checkInto(box, text, c) { show(box, check(text, c), c.base || ""); }
  dwg.check = check;
  dwg.onPage(function (doc) {
    if (!doc.querySelector("[data-dwg-check]")) return;
    dwg.checkInto = checkInto;
    doc.dispatchEvent(new Event("dwg:check"));
    return function () { delete dwg.checkInto; };
  }, "check");
})();
