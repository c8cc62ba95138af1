/* Decline with Grace: the interactive letters. Needs dwg-core.js. */
(function () {
  "use strict";
  var dwg = window.dwg;
  // What the reader typed in this tab: it follows them from letter to letter and is never sent anywhere.
  var mem = {};

  function all(root, sel) { return Array.from(root.querySelectorAll(sel)); }
  function attr(el, name) { return el.getAttribute(name) || ""; }

  function button(text, act) {
    var b = document.createElement(act ? "button" : "a");
    if (act) { b.type = "button"; b.setAttribute("data-dwg-act", act); }
    b.className = "md-button";
    b.textContent = text;
    return b;
  }

  // A letter page: live fill, reason choice, edit, and the actions of each variant.
  function letter(doc) {
    var form = doc.querySelector("[data-dwg-form]"), box = doc.querySelector("[data-dwg-letter]");
    var island = doc.querySelector("template[data-dwg-island]");
    if (!form || !box || !island) return null;
    var data = JSON.parse(island.content.querySelector("script[data-dwg-data]").textContent);
    var inputs = all(form, "[data-dwg-input]"), slots = all(box, "[data-dwg-slot]");
    var reason = form.querySelector("[data-dwg-reason]"), remember = form.querySelector("[data-dwg-remember]");
    var material = !!window.document$; // Material's clipboard integration copies data-clipboard-text and shows its toast
    var mailable = data.channel === "email" || data.channel === "note";

    var variants = all(box, "[data-dwg-variant]").map(function (section) {
      var v = { id: attr(section, "data-dwg-variant"), section: section, edited: null,
        pre: section.querySelector("[data-dwg-body]"), subject: section.querySelector("[data-dwg-subject]"),
        area: document.createElement("textarea"), copy: button("Copy", "copy"), edit: button("Edit", "edit"),
        check: section.querySelector("[data-dwg-check]") };
      var actions = section.querySelector("[data-dwg-actions]"), heading = section.querySelector("h3");
      v.area.hidden = true;
      v.area.setAttribute("aria-label", "Edit your letter" + (heading ? ": " + heading.textContent : ""));
      v.pre.parentNode.insertBefore(v.area, v.pre.nextSibling);
      v.edit.setAttribute("aria-pressed", "false");
      actions.appendChild(v.copy);
      if (mailable || v.subject) {
        actions.appendChild(v.mail = button("Open in email"));
      }
      actions.appendChild(button("Download .txt", "download"));
      actions.appendChild(v.edit);
      actions.hidden = false;
      return v;
    });

    // One line only: a subject with CR or LF could add mail headers.
    function subjectOf(v) { return v.subject ? v.subject.textContent.replace(/[\r\n]+/g, " ") : ""; }
    function bodyOf(v) { return v.edited !== null ? v.edited : v.pre.textContent; }
    function plain(v) { return (v.subject ? "Subject: " + subjectOf(v) + "\n\n" : "") + bodyOf(v); }

    function refresh() {
      var values = {};
      inputs.forEach(function (i) { values[attr(i, "data-dwg-input")] = i.value; });
      slots.forEach(function (s) {
        var id = attr(s, "data-dwg-slot"), p = data.placeholders[id];
        s.textContent = values[id] || "[" + (p ? p.label : id) + "]";
      });
      variants.forEach(function (v) {
        v.section.hidden = !!reason && v.id !== reason.value;
        if (v.edited === null) v.area.value = v.pre.textContent;
        v.copy.setAttribute("data-clipboard-text", plain(v));
        if (v.mail) {
          var body = bodyOf(v).replace(/\r\n?/g, "\n").replace(/\n/g, "\r\n"); // RFC 6068 line breaks
          v.mail.href = "mailto:?subject=" + encodeURIComponent(subjectOf(v)) + "&body=" + encodeURIComponent(body);
        }
      });
      variants.forEach(function (v) { if (!v.section.hidden) check(v, values); });
    }

    // Pre-send check (#13): dwg-check.js loads on demand and fills the list next to the buttons.
    // The lead re-wires this with the composer (#10): typed reason, editable subject, reply in thread.
    function check(v, values) {
      if (!dwg.checkInto || !v.check) return;
      var fields = {};
      if (v.edited === null) all(v.section, "[data-dwg-slot]").forEach(function (s) {
        var id = attr(s, "data-dwg-slot"), p = data.placeholders[id];
        if (p) fields[p.label] = values[id] || "";
      });
      dwg.checkInto(v.check, bodyOf(v), Object.assign({}, data.check, { subject: subjectOf(v), fields: fields, reason: "", reply: false }));
      var sum = v.check.querySelector("p"); // the count of findings left, read out with each way to send
      if (sum && !sum.id) {
        sum.id = "dwg-check-" + v.id;
        all(v.section, "[data-dwg-actions] .md-button:not([data-dwg-act=edit])").forEach(function (b) { b.setAttribute("aria-describedby", sum.id); });
      }
    }

    function save() {
      inputs.forEach(function (i) { mem[attr(i, "data-dwg-input")] = i.value; });
      if (reason) mem.reason = reason.value;
      var keep = remember && remember.checked; // stored only when the reader opts in
      dwg.store[keep ? "set" : "remove"]("remember", true);
      dwg.store[keep ? "set" : "remove"]("details", Object.assign(dwg.store.get("details") || {}, mem));
    }

    function load() {
      var opted = dwg.store.get("remember") === true;
      var values = Object.assign(opted ? dwg.store.get("details") || {} : {}, mem);
      if (remember) remember.checked = opted;
      inputs.forEach(function (i) {
        if (i.value !== i.defaultValue) return; // typed before this script arrived: the reader's text wins
        var value = String(values[attr(i, "data-dwg-input")] || "");
        i.value = i.maxLength > 0 ? value.slice(0, i.maxLength) : value;
      });
      if (reason && values.reason) {
        reason.value = values.reason;
        if (reason.selectedIndex < 0) reason.selectedIndex = 0; // a reason this letter does not offer
      }
    }

    function forget() {
      dwg.store.clear();
      for (var k in mem) delete mem[k];
      inputs.forEach(function (i) { i.value = ""; });
      if (reason) reason.selectedIndex = 0;
      if (remember) remember.checked = false;
      refresh();
    }

    function download(v) {
      var url = URL.createObjectURL(new Blob([plain(v)], { type: "text/plain;charset=utf-8" }));
      var a = document.createElement("a"); // never attached, so instant navigation does not see the click
      a.href = url;
      a.download = data.id + ".txt";
      a.click();
      setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    }

    function toggle(v) {
      var on = attr(v.edit, "aria-pressed") !== "true";
      v.edit.setAttribute("aria-pressed", String(on));
      if (!on && v.edited !== null) v.pre.textContent = v.edited; // the letter is now the reader's own text
      v.area.hidden = !on;
      v.pre.hidden = on;
      if (on) v.area.focus();
    }

    function variantOf(el) { return variants.filter(function (v) { return v.section.contains(el); })[0]; }

    function click(e) {
      var b = e.target.closest("[data-dwg-act]"), v = b && variantOf(b), act = b && attr(b, "data-dwg-act");
      if (act === "copy" && !material && navigator.clipboard) navigator.clipboard.writeText(plain(v));
      if (act === "download") download(v);
      if (act === "edit") toggle(v);
    }

    function edited(e) {
      var v = variantOf(e.target);
      if (v && e.target === v.area) { v.edited = v.area.value; refresh(); }
    }

    load();
    refresh();
    box.setAttribute("data-dwg-ready", ""); // from now on the reason choice decides which variant shows
    form.hidden = false;
    all(doc, "[data-dwg-nojs]").forEach(function (el) { el.hidden = true; });
    var offs = [
      dwg.on(form, "input", function () { save(); refresh(); }),
      dwg.on(form, "submit", function (e) { e.preventDefault(); }), // Enter must never put details in a URL
      dwg.on(form, "click", function (e) { if (e.target.closest("[data-dwg-forget]")) forget(); }),
      dwg.on(box, "click", click),
      dwg.on(box, "input", edited),
      dwg.on(doc, "dwg:check", refresh) // the check script arrived after this one started
    ];
    return function () { offs.forEach(function (off) { off(); }); };
  }

  dwg.onPage(letter);
})();
