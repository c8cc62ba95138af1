/* Decline with Grace: checklists that keep their ticks, the offer worksheet, the follow-up planner. */
(function () {
  "use strict";
  var dwg = window.dwg, store = dwg.store, on = dwg.on;
  var memory = {}; // worksheet ratings and the chosen situation, kept across instant navigation only
  var WEIGHT = ["", "a little", "somewhat", "a lot"];

  function all(root, sel) { return [].slice.call(root.querySelectorAll(sel)); }
  function attr(el, name) { return el.getAttribute ? el.getAttribute(name) : null; }
  function show(els) { els.forEach(function (e) { e.hidden = false; }); }
  function both(a, b) { return function () { a(); b(); }; }
  function isTrue(v) { return v === true; }

  // Checklists: each tick is saved under its item's stable id ("checklist/item"), never by position.
  dwg.onPage(function (doc) {
    var boxes = all(doc, "[data-dwg-tick]"), select = doc.querySelector("[data-dwg-checklist-filter] select");
    if (!boxes.length || !select) return;
    var ticks = store.get("ticks", isTrue), unkept = doc.querySelector("[data-dwg-unkept]");
    function save(box) {
      var kept = store.get("ticks", isTrue);
      if (box.checked) kept[attr(box, "data-dwg-tick")] = true; else delete kept[attr(box, "data-dwg-tick")];
      unkept.hidden = store.set("ticks", kept); // the page says so when the browser keeps nothing
    }
    function filter() {
      memory.situation = select.value;
      all(doc, "[data-situations]").forEach(function (li) {
        li.hidden = !!select.value && attr(li, "data-situations").split(" ").indexOf(select.value) < 0;
      });
    }
    // A box the reader ticked before this script started stays ticked, and is saved.
    boxes.forEach(function (b) { if (b.checked) save(b); else b.checked = !!ticks[attr(b, "data-dwg-tick")]; });
    show(all(doc, "[data-dwg-reset], [data-dwg-checklist-filter]"));
    select.value = select.value || memory.situation || "";
    filter();
    return both(on(doc, "change", function (e) {
      if (e.target === select) filter(); else if (attr(e.target, "data-dwg-tick")) save(e.target);
    }), on(doc, "click", function (e) {
      var list = attr(e.target, "data-dwg-reset");
      if (list) all(doc, '[data-dwg-checklist="' + list + '"] [data-dwg-tick]').forEach(function (b) { b.checked = false; save(b); });
    }));
  }, "tools");

  // Worksheet: ratings stay in memory unless the reader chose "Remember my details" on a letter page.
  dwg.onPage(function (doc) {
    var form = doc.querySelector("[data-dwg-worksheet]"), box = doc.querySelector("[data-dwg-ws-summary]");
    if (!form || !box) return;
    var out = box.querySelector("[data-dwg-ws-out]"), remember = store.get("remember"), radios = all(form, "input");
    // A stored rating counts only if it is one of the worksheet's own choices.
    function offered(v, name) { return radios.some(function (r) { return r.name === name && r.value === v; }); }
    var state = (remember ? store.get("worksheet", offered) : memory.worksheet) || {}, touched = {};
    // A rating the reader gave before this script started is theirs: only untouched questions are filled in.
    radios.forEach(function (r) { if (r.checked !== r.defaultChecked) touched[r.name] = true; });
    radios.forEach(function (r) { if (!touched[r.name] && state[r.name] === r.value) r.checked = true; });
    show(all(doc, "[data-dwg-rate]").concat(box));

    function update() {
      state = memory.worksheet = {};
      all(form, "input:checked").forEach(function (r) { state[r.name] = r.value; });
      if (remember) store.set("worksheet", state); else store.remove("worksheet");
      // What matters most comes first in each group; the sort keeps the worksheet's order for ties.
      var need = {}, rated = all(form, "[data-dwg-criterion]").map(function (li) {
        var id = attr(li, "data-dwg-criterion");
        return { li: li, fit: +state["fit-" + id] || 0, w: +state["weight-" + id] || 2 };
      }).sort(function (a, b) { return b.w - a.w; });
      all(out, "[data-dwg-group]").forEach(function (p) {
        var g = +attr(p, "data-dwg-group");
        var names = rated.filter(function (r) { return r.fit === g; }).map(function (r) {
          if (g === 1 || g === 2) need[attr(r.li, "data-guide")] = true;
          return attr(r.li, "data-label") + (g ? " (matters " + WEIGHT[r.w] + ")" : "");
        });
        p.hidden = !names.length;
        p.lastChild.textContent = names.join("; ") + ".";
      });
      all(out, "[data-dwg-guide]").forEach(function (li) { li.hidden = !need[attr(li, "data-dwg-guide")]; });
      out.querySelector("[data-dwg-help]").hidden = !Object.keys(need).length;
      var lines = all(out, "p:not([hidden]), li:not([hidden])").map(function (e) {
        var a = e.querySelector("a");
        return a ? "- " + a.textContent + ": " + a.href : e.textContent;
      });
      box.querySelector("[data-clipboard-text]").setAttribute("data-clipboard-text", lines.join("\n"));
    }
    update();
    return both(on(form, "change", update), on(box.querySelector("[data-dwg-ws-reset]"), "click", function () {
      form.reset(); // back to the worksheet as it was built: nothing rated, every weight "somewhat"
      update();
    }));
  }, "tools");

  // Calendar files (RFC 5545): TEXT escaping, CRLF, lines folded at 75 octets between whole characters.
  function text(s) {
    return s.replace(/\r\n?/g, "\n").replace(/[\\;,]/g, "\\$&").replace(/\n/g, "\\n").replace(/[\0-\x08\x0b-\x1f\x7f]/g, "");
  }
  var utf8 = new TextEncoder();
  function fold(line) {
    var out = "", n = 0;
    Array.from(line).forEach(function (c) { // whole code points, measured in UTF-8 octets
      var bytes = utf8.encode(c).length;
      if (n + bytes > 75) { out += "\r\n "; n = 1; }
      out += c;
      n += bytes;
    });
    return out;
  }
  function addDays(ymd, days) { return new Date(Date.parse(ymd) + days * 864e5).toISOString().slice(0, 10); }
  function workday(ymd) { var day = new Date(Date.parse(ymd)).getUTCDay(); return addDays(ymd, day === 6 ? 2 : day ? 0 : 1); } // weekend: Monday
  function compact(ymd) { return ymd.replace(/-/g, ""); }

  dwg.onPage(function (doc) {
    var form = doc.querySelector("[data-dwg-planner]");
    if (!form) return;
    var date = form.querySelector("[data-dwg-declined]"), steps = all(doc, "[data-dwg-step]"), now = new Date();
    var buttons = all(doc, "[data-dwg-ics]"), wrong = form.querySelector("[data-dwg-date-error]");
    now.setMinutes(now.getMinutes() - now.getTimezoneOffset()); // today in the reader's time zone
    var today = now.toISOString().slice(0, 10);
    date.value = date.value || today;
    show(buttons.concat(form));

    function when(li) { return workday(addDays(date.value, +attr(li, "data-offset"))); }
    function due(li) { return when(li) >= today; } // a step already past is left out of the calendar
    // A date outside the input's min and max (1900 to 2200), or none, makes no calendar: the form says why.
    function dates() {
      var ok = date.validity.valid;
      wrong.hidden = ok;
      date.setAttribute("aria-invalid", !ok);
      if (!ok) return buttons.forEach(function (b) { b.disabled = true; });
      steps.forEach(function (li) {
        var t = li.querySelector("time"), d = when(li);
        t.dateTime = d;
        t.textContent = new Date(d).toLocaleDateString(undefined, { timeZone: "UTC", dateStyle: "full" });
        var past = !due(li);
        li.querySelector("[data-dwg-ics]").disabled = past;
        li.querySelector("[data-dwg-passed]").hidden = !past;
      });
      form.querySelector('[data-dwg-ics=""]').disabled = !steps.some(due);
    }
    function ics(items) {
      function field(name) { return form.querySelector("[data-dwg-" + name + "]").value.trim(); }
      var secret = form.querySelector("[data-dwg-confidential]").checked, note = field("note");
      var who = secret ? "" : [field("contact"), field("company")].filter(Boolean).join(", ");
      var stamp = new Date().toISOString().replace(/[-:]|\.\d+/g, "");
      var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Decline with Grace//EN"];
      items.filter(due).forEach(function (li) {
        var d = when(li), link = li.querySelector("a").href;
        var title = text(secret ? attr(form, "data-dwg-neutral") : attr(li, "data-title") + (who ? " – " + who : ""));
        lines.push("BEGIN:VEVENT", "UID:" + attr(li, "data-dwg-step") + "-" + d + "@decline-with-grace", "DTSTAMP:" + stamp,
          "DTSTART;VALUE=DATE:" + compact(d), "DTEND;VALUE=DATE:" + compact(addDays(d, 1)), "SUMMARY:" + title,
          "DESCRIPTION:" + text(attr(li, "data-description") + "\nLetter: " + link + (note ? "\n\n" + note : "")),
          "URL:" + link, "TRANSP:TRANSPARENT"); // free, not busy
        if (secret) lines.push("CLASS:PRIVATE");
        lines.push("BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:" + title, "TRIGGER:-P1D", "END:VALARM", "END:VEVENT");
      });
      return lines.concat("END:VCALENDAR").map(fold).join("\r\n") + "\r\n";
    }
    dates();
    return both(on(date, "change", dates), on(doc, "click", function (e) {
      var id = attr(e.target, "data-dwg-ics"); // "" is the button for every step
      if (id === null || !date.validity.valid) return;
      var a = document.createElement("a"); // never attached, so instant navigation does not see its click
      a.href = URL.createObjectURL(new Blob([ics(steps.filter(function (li) { return !id || attr(li, "data-dwg-step") === id; }))],
        { type: "text/calendar;charset=utf-8" }));
      a.download = (id || "follow-ups") + ".ics";
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); }, 6e4);
    }));
  }, "tools");
})();
