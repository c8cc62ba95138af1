/* Decline with Grace: checklists that keep their ticks, the offer worksheet, the follow-up planner. */
(function () {
  "use strict";
  var dwg = window.dwg, store = dwg.store, on = dwg.on;
  var memory = {}; // worksheet ratings and the checklist situation, for readers who did not opt in
  var WEIGHT = ["", "matters a little", "matters somewhat", "matters a lot"];

  function all(root, sel) { return Array.prototype.slice.call(root.querySelectorAll(sel)); }
  function attr(el, name) { return el.getAttribute && el.getAttribute(name); }
  function el(tag, text) { var e = document.createElement(tag); e.textContent = text || ""; return e; }

  // Checklists: ticks are saved under each item's stable id ("checklist/item"), never by position.
  function checklists(doc) {
    var boxes = all(doc, "[data-dwg-tick]"), pick = doc.querySelector("[data-dwg-checklist-filter]");
    if (!boxes.length) return;
    var ticks = store.get("ticks") || {};
    var select = pick && pick.querySelector("select");
    function filter() {
      memory.situation = select.value;
      all(doc, "[data-situations]").forEach(function (li) {
        li.hidden = !!select.value && attr(li, "data-situations").split(" ").indexOf(select.value) < 0;
      });
    }
    boxes.forEach(function (b) { b.checked = ticks[attr(b, "data-dwg-tick")] === true; });
    all(doc, "[data-dwg-reset]").forEach(function (b) { b.hidden = false; });
    if (select) { pick.hidden = false; select.value = memory.situation || ""; filter(); }
    var offs = [
      on(doc, "change", function (e) {
        var key = attr(e.target, "data-dwg-tick");
        if (e.target === select) filter();
        if (!key) return;
        ticks = store.get("ticks") || {};
        if (e.target.checked) ticks[key] = true; else delete ticks[key];
        store.set("ticks", ticks);
      }),
      on(doc, "click", function (e) {
        var list = attr(e.target, "data-dwg-reset");
        if (!list) return;
        ticks = store.get("ticks") || {};
        all(doc, '[data-dwg-checklist="' + list + '"] [data-dwg-tick]').forEach(function (b) {
          b.checked = false;
          delete ticks[attr(b, "data-dwg-tick")];
        });
        store.set("ticks", ticks);
      })
    ];
    return function () { offs.forEach(function (off) { off(); }); };
  }

  // Worksheet: ratings stay in memory unless the reader chose "Remember my details".
  function worksheet(doc) {
    var form = doc.querySelector("[data-dwg-worksheet]");
    if (!form) return;
    var box = doc.querySelector("[data-dwg-ws-summary]"), out = box.querySelector("[data-dwg-ws-out]");
    var copy = box.querySelector("[data-dwg-ws-copy]"), remember = store.get("remember") === true;
    var state = (remember && store.get("worksheet")) || memory.worksheet || {};
    all(form, "input[type=radio]").forEach(function (r) { if (state[r.name]) r.checked = state[r.name] === r.value; });
    all(doc, "[data-dwg-rate]").concat(box).forEach(function (e) { e.hidden = false; });

    function update() {
      state = {};
      all(form, "input:checked").forEach(function (r) { state[r.name] = r.value; });
      memory.worksheet = state;
      if (remember) store.set("worksheet", state); else store.remove("worksheet");
      var groups = { 1: [], 2: [], 3: [], 0: [] }, help = {}, lines = ["Based only on your ratings:"];
      all(form, "[data-dwg-criterion]").forEach(function (li) {
        var id = attr(li, "data-dwg-criterion");
        groups[+state["fit-" + id] || 0].push({ li: li, w: +state["weight-" + id] || 2 });
      });
      out.textContent = "";
      out.appendChild(el("p", lines[0]));
      [[1, "Where the offer falls short: "], [2, "Where it is mixed: "], [3, "Where it fits: "], [0, "Not rated yet: "]]
        .forEach(function (g) {
          var items = groups[g[0]].sort(function (a, b) { return b.w - a.w; });
          if (!items.length) return;
          var text = g[1] + items.map(function (i) {
            if (g[0] === 1 || g[0] === 2) help[attr(i.li, "data-guide")] = attr(i.li, "data-guide-title");
            return attr(i.li, "data-label") + (g[0] ? " (" + WEIGHT[i.w] + ")" : "");
          }).join("; ") + ".";
          lines.push(text);
          out.appendChild(el("p", text));
        });
      var guides = Object.keys(help);
      if (guides.length) {
        lines.push("Guide pages that may help next:");
        out.appendChild(el("p", lines[lines.length - 1]));
        var ul = out.appendChild(el("ul"));
        guides.forEach(function (href) {
          var a = el("a", help[href]);
          a.href = href;
          ul.appendChild(el("li")).appendChild(a);
          lines.push("- " + a.textContent + ": " + a.href);
        });
      }
      copy.setAttribute("data-clipboard-text", lines.join("\n"));
    }
    update();
    return on(form, "change", update);
  }

  // Calendar files (RFC 5545): TEXT escaping, CRLF, lines folded at 75 octets between whole characters.
  function text(s) {
    return String(s).replace(/\r\n?/g, "\n").replace(/[\\;,]/g, "\\$&").replace(/\n/g, "\\n")
      .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, "");
  }
  function fold(line) {
    var out = "", n = 0;
    Array.from(line).forEach(function (c) {
      var cp = c.codePointAt(0), b = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (n + b > 75) { out += "\r\n "; n = 1; }
      out += c;
      n += b;
    });
    return out;
  }
  function addDays(ymd, days) { return new Date(Date.parse(ymd + "T00:00:00Z") + days * 864e5).toISOString().slice(0, 10); }

  function planner(doc) {
    var form = doc.querySelector("[data-dwg-planner]");
    if (!form) return;
    var date = form.querySelector("[data-dwg-declined]"), steps = all(doc, "[data-dwg-step]");
    var now = new Date();
    now.setMinutes(now.getMinutes() - now.getTimezoneOffset());
    date.value = date.value || now.toISOString().slice(0, 10);
    form.hidden = false;
    all(doc, "[data-dwg-ics]").forEach(function (b) { b.hidden = false; });

    function day(li) {
      var base = /^\d{4}-\d\d-\d\d$/.test(date.value) ? date.value : now.toISOString().slice(0, 10);
      return addDays(base, +attr(li, "data-offset"));
    }
    function show() {
      steps.forEach(function (li) {
        var t = li.querySelector("[data-dwg-date]"), d = day(li);
        t.dateTime = d;
        t.textContent = new Date(d + "T00:00:00Z").toLocaleDateString(undefined, { timeZone: "UTC", dateStyle: "full" });
      });
    }
    function ics(items) {
      var company = form.querySelector("[data-dwg-company]").value.trim();
      var note = form.querySelector("[data-dwg-note]").value.trim();
      var stamp = new Date().toISOString().replace(/[-:]|\.\d+/g, "");
      var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Decline with Grace//Follow-up planner//EN", "CALSCALE:GREGORIAN"];
      items.forEach(function (li) {
        var d = day(li), link = li.querySelector("a").href;
        lines.push("BEGIN:VEVENT", "UID:" + attr(li, "data-dwg-step") + "-" + d + "@decline-with-grace", "DTSTAMP:" + stamp,
          "DTSTART;VALUE=DATE:" + d.replace(/-/g, ""), "DTEND;VALUE=DATE:" + addDays(d, 1).replace(/-/g, ""),
          "SUMMARY:" + text(attr(li, "data-title") + (company ? " – " + company : "")),
          "DESCRIPTION:" + text(attr(li, "data-description") + "\nLetter: " + link + (note ? "\n\n" + note : "")),
          "URL:" + link, "END:VEVENT");
      });
      lines.push("END:VCALENDAR");
      return lines.map(fold).join("\r\n") + "\r\n";
    }
    function save(items, name) {
      var a = document.createElement("a"); // never attached, so instant navigation does not see the click
      a.href = URL.createObjectURL(new Blob([ics(items)], { type: "text/calendar;charset=utf-8" }));
      a.download = name;
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); }, 6e4); // late enough for a slow download to start
    }
    show();
    var offs = [
      on(date, "change", show),
      on(doc, "click", function (e) {
        var id = attr(e.target, "data-dwg-ics");
        if (id) save(steps.filter(function (li) { return attr(li, "data-dwg-step") === id; }), id + ".ics");
        if (attr(e.target, "data-dwg-ics-all") != null) save(steps, "follow-ups.ics");
      })
    ];
    return function () { offs.forEach(function (off) { off(); }); };
  }

  dwg.onPage(checklists);
  dwg.onPage(worksheet);
  dwg.onPage(planner);
})();
