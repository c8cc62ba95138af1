/* Decline with Grace: the page adapter and private storage. No dependencies. */
(function () {
  "use strict";
  var starters = [], cleanups = [];

  // Scripts only some pages need load on demand, once, when a page has what they bind to.
  // bench/page_weight.py reads this table to count them against the page-weight budget.
  var LAZY = [
    { file: "dwg-letters.js", needs: "[data-dwg-letter]" },
    { file: "dwg-plan.js", needs: "[data-dwg-index]" },
    { file: "dwg-tools.js", needs: "[data-dwg-tick], [data-dwg-worksheet], [data-dwg-planner]" },
    { file: "dwg-check.js", needs: "[data-dwg-check]" }
  ];
  var here = document.currentScript.src.replace(/[^\/]*$/, ""); // this file's folder: the scripts sit beside it
  var requested = {};

  function loadWhatThePageNeeds() {
    LAZY.forEach(function (entry) {
      if (requested[entry.file] || !document.querySelector(entry.needs)) return;
      requested[entry.file] = true;
      var script = document.createElement("script");
      script.src = here + entry.file;
      script.async = false; // run in the table's order, so a page's scripts start in that order too
      document.head.append(script);
    });
  }

  // A starter returns its cleanup (or true) when the page has what it binds to; its script's name then
  // joins <html data-dwg-ready="core ...">: the scripts that have started on this page.
  var html = document.documentElement.dataset;
  function run(s) {
    var undo = s[0](document);
    if (!undo) return;
    html.dwgReady += " " + s[1];
    if (undo.call) cleanups.push(undo);
  }

  // Each starter runs in a task of its own, never inside the task that loaded its script or inside
  // Material's page-load work: a phone's main thread is never blocked for long, so it can paint and
  // answer a tap in between (Lighthouse's Total Blocking Time). A run scheduled for a page that an
  // instant navigation has since replaced is dropped: start() runs every starter for the new page.
  var page = 0; // how many pages have started: none until the first starts
  function soon(s) {
    var p = page;
    setTimeout(function () { if (p === page) run(s); });
  }

  // Run every starter for the current page. Cleanups from the previous page run first,
  // so listeners never pile up across instant navigations.
  function start() {
    cleanups.splice(0).forEach(function (undo) { undo(); });
    html.dwgReady = "core";
    page++;
    loadWhatThePageNeeds();
    starters.forEach(soon);
  }

  // Material's document$ fires for the first page and on every instant navigation (inside its own
  // page-load task, so the start waits for the next task); without it, the page starts once.
  // Booting after DOMContentLoaded lets every script register first.
  function boot() {
    var pages = window.document$;
    if (pages && pages.subscribe) pages.subscribe(function () { setTimeout(start); }); else start();
  }

  // Web storage that never throws: blocked or full storage just means nothing is kept.
  // localStorage keeps what the reader opted in to; sessionStorage is cleared when the tab closes.
  // What is read back is checked: a flag is true or nothing; a map keeps only the entries ok(value, key)
  // accepts, so a corrupt, cut or oversized value is dropped instead of breaking the page.
  var PREFIX = "dwg:";
  function kept(name) {
    function area() { return window[name]; }
    return {
      get: function (key, ok) {
        var v, out = {};
        try { v = JSON.parse(area().getItem(PREFIX + key)); } catch (e) { /* blocked or corrupt */ }
        if (!ok) return v === true;
        if (v && v.constructor === Object) for (var k in v) if (ok(v[k], k)) out[k] = v[k];
        return out;
      },
      set: function (key, value) {
        try { area().setItem(PREFIX + key, JSON.stringify(value)); return true; } catch (e) { return false; }
      },
      remove: function (key) {
        try { area().removeItem(PREFIX + key); } catch (e) { /* nothing stored */ }
      }
    };
  }
  var store = kept("localStorage"), session = kept("sessionStorage");

  // Text read back from storage: a string of whole characters (no half of a surrogate pair), within max.
  function text(v, max) { return typeof v == "string" && !(v.length > max) && !/\p{Cs}/u.test(v); }

  // Add a listener and return the function that removes it.
  function on(target, type, handler) {
    target.addEventListener(type, handler);
    return function () { target.removeEventListener(type, handler); };
  }

  window.dwg = {
    // A script loaded on demand registers after the page started, so it runs soon too.
    onPage: function (fn, name) { var s = [fn, name]; starters.push(s); if (page) soon(s); },
    store: store,
    session: session,
    text: text,
    on: on
  };
  // No form here is ever sent anywhere: Enter in a field would only reload the page, or put details in a URL.
  on(document, "submit", function (e) { e.preventDefault(); });
  // This file comes last in <body>, so the page is parsed: fetch what it needs now, while Material starts.
  loadWhatThePageNeeds();
  if (document.readyState === "loading") on(document, "DOMContentLoaded", boot); else boot();
})();
