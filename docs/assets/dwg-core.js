/* Decline with Grace: the page adapter and private storage. No dependencies. */
(function () {
  "use strict";
  var starters = [];
  var cleanups = [];
  var started = false;

  // Scripts only some pages need load on demand, once, when a page has what they bind to.
  // bench/page_weight.py reads this table to count them against the page-weight budget.
  var LAZY = [
    { file: "dwg-letters.js", needs: "[data-dwg-letter]" },
    { file: "dwg-plan.js", needs: "[data-dwg-index]" },
    { file: "dwg-tools.js", needs: "[data-dwg-tick], [data-dwg-worksheet], [data-dwg-planner]" },
    { file: "dwg-check.js", needs: "[data-dwg-check]" }
  ];
  var here = document.currentScript ? document.currentScript.src.replace(/[^\/]*$/, "") : "";
  var requested = {};

  function loadWhatThePageNeeds() {
    LAZY.forEach(function (entry) {
      if (requested[entry.file] || !document.querySelector(entry.needs)) return;
      requested[entry.file] = true;
      var script = document.createElement("script");
      script.src = here + entry.file;
      document.head.appendChild(script);
    });
  }

  function run(fn) {
    var undo = fn(document);
    if (typeof undo === "function") cleanups.push(undo);
  }

  // Run every starter for the current page. Cleanups from the previous page run first,
  // so listeners never pile up across instant navigations.
  function start() {
    cleanups.splice(0).forEach(function (undo) { undo(); });
    started = true;
    loadWhatThePageNeeds();
    starters.forEach(run);
  }

  // Material's document$ fires for the first page and on every instant navigation;
  // without it, the page starts once. Booting after DOMContentLoaded lets every script register first.
  function boot() {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(start);
    } else {
      start();
    }
  }

  // Web storage that never throws: blocked or full storage just means nothing is kept.
  // localStorage keeps what the reader opted in to; sessionStorage is cleared when the tab closes.
  var PREFIX = "dwg:";
  function kept(name) {
    function area() { return window[name]; }
    return {
      get: function (key) {
        try { return JSON.parse(area().getItem(PREFIX + key)); } catch (e) { return null; }
      },
      set: function (key, value) {
        try { area().setItem(PREFIX + key, JSON.stringify(value)); return true; } catch (e) { return false; }
      },
      remove: function (key) {
        try { area().removeItem(PREFIX + key); } catch (e) { /* nothing stored */ }
      },
      clear: function () {
        try {
          Object.keys(area()).forEach(function (k) { if (k.indexOf(PREFIX) === 0) area().removeItem(k); });
        } catch (e) { /* nothing stored */ }
      }
    };
  }
  var store = kept("localStorage"), session = kept("sessionStorage");

  // Add a listener and return the function that removes it.
  function on(target, type, handler) {
    target.addEventListener(type, handler);
    return function () { target.removeEventListener(type, handler); };
  }

  window.dwg = {
    // A script loaded on demand registers after the page started, so it runs at once too.
    onPage: function (fn) { starters.push(fn); if (started) run(fn); },
    store: store,
    session: session,
    on: on
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", boot);
  } else {
    boot();
  }
})();
