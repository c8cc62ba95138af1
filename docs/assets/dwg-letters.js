/* Decline with Grace: the letter page composer. Needs dwg-core.js. */
(function () {
  "use strict";
  var dwg = window.dwg;

  function all(root, sel) { return Array.from(root.querySelectorAll(sel)); }
  function attr(el, name) { return el.getAttribute(name) || ""; }

  // Composition: the same steps as macros/template_text.py (compose, fill), character for character.
  var SLOT = /\[\[([a-z][a-z0-9_]*)\]\]/g, STD = "[[standard]] ", SP = /^[ \t]+|[ \t]+$/g;
  var NAMES = /[ \t]*,[ \t]*(?:and[ \t]+)?|[ \t]+and[ \t]+/;

  function has(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }

  function compose(body, parts, brief) {
    var out = [];
    body.replace(/^\n+|\n+$/g, "").split("\n\n").forEach(function (p) {
      if (p.indexOf(STD) === 0) { if (brief) return; p = p.slice(STD.length); }
      p = p.replace(SLOT, function (m, id) { return has(parts, id) ? parts[id] : m; });
      if (p.replace(/[ \t\n]/g, "")) out.push(p);
    });
    return out.join("\n\n");
  }

  // A "when" field carries its words from template_text.py: seasons and months (space-separated), and a
  // pattern for times that need no "in".
  function when(v, f) {
    v = v.replace(SP, "");
    if (v.toLowerCase().indexOf("in ") === 0) v = v.slice(3).replace(SP, "");
    var low = v.toLowerCase(), the = low.indexOf("the ") === 0;
    if (!v) return "";
    var seasons = f.seasons.split(" ");
    if (seasons.indexOf(low) >= 0 || (the && seasons.indexOf(low.slice(4)) >= 0)) return "in " + (the ? "" : "the ") + low;
    if (f.months.split(" ").indexOf(low) >= 0) return "in " + low[0].toUpperCase() + low.slice(1);
    return RegExp(f.relative).test(low) ? v : "in " + v;
  }

  // Text split into [text] and [value, slot id] pieces; a piece's text is the value, or [Label] when empty.
  function pieces(text, values, fields) {
    var out = [], pos = 0, m;
    SLOT.lastIndex = 0;
    while ((m = SLOT.exec(text))) {
      if (m.index > pos) out.push([text.slice(pos, m.index)]);
      var id = m[1], f = fields[id] || {}, v = values[id] || "", prev = out[out.length - 1];
      if (f.type === "names") {
        var names = v.split(NAMES).map(function (n) { return n.replace(SP, ""); }).filter(Boolean);
        if (names.length > 1 && prev && / and $/.test(prev[0])) prev[0] = prev[0].slice(0, -5) + ", ";
        v = names.length < 2 ? names.join("") : names.slice(0, -1).join(", ") + " and " + names[names.length - 1];
      } else if (f.type === "when") v = when(v, f);
      out.push([v || "[" + (f.label || id) + "]", id]);
      pos = SLOT.lastIndex;
    }
    if (pos < text.length) out.push([text.slice(pos)]);
    return out;
  }

  function joined(ps) { return ps.map(function (p) { return p[0]; }).join(""); }

  // The letter's subject and body (placeholders unfilled) for one choice of options.
  function letterText(data, c) {
    var parts = { extras: (c.extras || []).map(function (e) { return data.parts.extras[e]; }).join("\n\n") };
    if (c.reason) parts.reason = data.parts.reason[c.reason];
    if (c.closing) parts.closing = data.parts.closing[c.closing];
    var f = data.parts.formality[c.formality];
    if (f) { parts.salutation = f.salutation; parts.sign_off = f.sign_off; }
    return [data.subject || "", compose(data.body, parts, c.length === "brief")];
  }

  // RFC 2047 for a subject that is not plain ASCII; one line either way, so no field can add a header.
  var utf8 = new TextEncoder();
  function b64(str) {
    var bin = "";
    utf8.encode(str).forEach(function (x) { bin += String.fromCharCode(x); });
    return btoa(bin);
  }
  function header(s) {
    s = s.replace(/[\r\n]+/g, " ");
    if (/^[\x20-\x7e]*$/.test(s) && s.indexOf("=?") < 0 && s.length < 900) return s;
    var words = [""];
    Array.from(s).forEach(function (ch) {
      if (utf8.encode(words[words.length - 1] + ch).length > 45) words.push("");
      words[words.length - 1] += ch;
    });
    return words.map(function (w) { return "=?UTF-8?B?" + b64(w) + "?="; }).join("\r\n ");
  }
  function crlf(t) { return t.replace(/\r\n?/g, "\n").replace(/\n/g, "\r\n"); }

  function save(name, text, type) {
    var url = URL.createObjectURL(new Blob([text], { type: type + ";charset=utf-8" }));
    var a = document.createElement("a"); // never attached, so instant navigation does not see the click
    a.href = url;
    a.download = name;
    a.click();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  // A letter page: the form, the option pickers, the live letter, edit mode and the actions.
  function letter(doc) {
    var form = doc.querySelector("[data-dwg-form]"), box = doc.querySelector("[data-dwg-letter]");
    var island = doc.querySelector("template[data-dwg-island]");
    if (!form || !box || !island) return null;
    var data = JSON.parse(island.content.querySelector("script[data-dwg-data]").textContent);
    function one(sel) { return box.querySelector(sel) || form.querySelector(sel); }
    var inputs = all(form, "[data-dwg-input]"), opts = all(form, "[data-dwg-option]"), needs = all(form, "[data-dwg-needs]");
    var subj = one("[data-dwg-subject]"), pre = one("[data-dwg-body]"), area = one("[data-dwg-area]");
    var stale = one("[data-dwg-stale]"), mail = one("[data-dwg-mail]"), reply = one("[data-dwg-reply]");
    var remember = one("[data-dwg-remember]"), unkept = one("[data-dwg-unkept]"), editBtn = one('[data-dwg-act="edit"]');
    var material = !!window.document$; // Material's clipboard integration copies data-clipboard-text and shows its toast
    // The reader's own text, once they edit it: never overwritten by the form.
    var edited = null, editBase = null, subjEdited = null, subjBase = null, now = {}, warned = false, formNow = ["", ""];

    function values() {
      var v = {};
      inputs.forEach(function (i) { v[attr(i, "data-dwg-input")] = i.value; });
      return v;
    }

    function choice() {
      var c = { extras: [] };
      opts.forEach(function (el) {
        var k = attr(el, "data-dwg-option");
        if (k === "extras") { if (el.checked) c.extras.push(el.value); }
        else if (el.tagName === "SELECT") c[k] = el.value || data.unchosen[k];
        else if (el.checked) c[k] = el.value;
      });
      return c;
    }

    // Only what the reader chose goes in the address, so Back and Forward bring the same letter back.
    function keepChoice() {
      var q = [], extras = [];
      opts.forEach(function (el) {
        var k = attr(el, "data-dwg-option");
        if (k === "extras") { if (el.checked) extras.push(el.value); }
        else if (el.tagName === "SELECT" ? el.value : el.checked && !el.defaultChecked) q.push(k + "=" + encodeURIComponent(el.value));
      });
      if (extras.length) q.push("extras=" + encodeURIComponent(extras.join(",")));
      var search = q.join("&");
      history.replaceState(history.state, "", location.pathname + (search ? "?" + search : "") + location.hash);
    }

    // Options named in the address are picked, unless the reader already changed that picker.
    function preselect() {
      var params = new URLSearchParams(location.search), untouched = {};
      opts.forEach(function (el) { untouched[el.name] = untouched[el.name] !== false && el.checked === el.defaultChecked; });
      opts.forEach(function (el) {
        var k = attr(el, "data-dwg-option"), want = params.get(k);
        if (want === null) return;
        if (el.tagName === "SELECT") {
          if (el.selectedIndex === 0 && (data.offered[k] || []).indexOf(want) >= 0) el.value = want;
        } else if (k === "extras") {
          if (!el.checked) el.checked = want.split(",").indexOf(el.value) >= 0;
        } else if (untouched[el.name] && el.value === want) {
          el.checked = true;
        }
      });
    }

    function render(target, ps) {
      target.textContent = "";
      ps.forEach(function (p) {
        if (p.length === 1) return target.append(p[0]); // a string goes in as text
        var s = document.createElement("span");
        s.className = "dwg-slot";
        s.setAttribute("data-dwg-slot", p[1]);
        s.textContent = p[0];
        target.append(s);
      });
    }

    function refresh() {
      var c = choice(), v = values(), t = letterText(data, c), replying = reply && reply.checked;
      var bodyPieces = pieces(t[1], v, data.placeholders), formBody = joined(bodyPieces);
      var formSubject = joined(pieces(t[0], v, data.placeholders));
      needs.forEach(function (p) {
        p.hidden = !attr(p, "data-dwg-needs").split(" ").some(function (n) {
          var kv = n.split(":");
          return kv[0] === "extras" ? c.extras.indexOf(kv[1]) >= 0 : c[kv[0]] === kv[1];
        });
      });
      if (edited === null) { render(pre, bodyPieces); area.value = formBody; } else pre.textContent = edited;
      if (subj) {
        if (subjEdited === null) subj.value = formSubject;
        subj.closest("[data-dwg-subject-field]").hidden = replying;
      }
      if (edited !== null && editBase === null) editBase = formBody;
      if (subjEdited !== null && subjBase === null) subjBase = formSubject;
      var changed = (edited !== null && formBody !== editBase) || (subjEdited !== null && formSubject !== subjBase);
      if (changed !== warned) { // the warning's words and button come from the page (macros/render.py)
        stale.textContent = "";
        if (changed) stale.append(one("[data-dwg-stale-text]").content.cloneNode(true));
      }
      warned = changed;
      formNow = [formSubject, formBody];
      var subject = subj && !replying ? subj.value.replace(/[\r\n]+/g, " ").replace(SP, "") : "", body = edited !== null ? edited : formBody;
      now = { subject: subject, body: body, all: (subject ? "Subject: " + subject + "\n\n" : "") + body };
      all(box, "[data-dwg-act^=copy]").forEach(function (b) { b.setAttribute("data-clipboard-text", now[attr(b, "data-dwg-act").slice(5)]); });
      if (mail) {
        mail.href = "mailto:?" + (subject ? "subject=" + encodeURIComponent(subject) + "&" : "") + "body=" + encodeURIComponent(crlf(body));
      }
      check(c, v, replying);
    }

    // The pre-send check (#13): dwg-check.js fills the list next to the buttons, when the page has one.
    function check(c, v, replying) {
      var list = one("[data-dwg-check]");
      if (!dwg.checkInto || !list || !data.check) return;
      var fields = {};
      if (edited === null) Object.keys(data.placeholders).forEach(function (id) { fields[data.placeholders[id].label] = v[id] || ""; });
      var reason = c.reason && data.parts.reason ? joined(pieces(data.parts.reason[c.reason] || "", v, data.placeholders)) : "";
      dwg.checkInto(list, now.body, Object.assign({}, data.check, { subject: now.subject, fields: fields, reason: reason, reply: !!replying }));
    }

    function recheck() { check(choice(), values(), reply && reply.checked); }

    // A stored detail is used only if it could have been typed into its field here.
    var max = {};
    inputs.forEach(function (i) { max[attr(i, "data-dwg-input")] = i.maxLength; });
    function fits(v, k) { return dwg.text(v, max[k]); }

    // On the device only when the reader opts in; if the browser keeps nothing, the form says so.
    function store() {
      var keep = remember && remember.checked, device = dwg.store, how = keep ? "set" : "remove";
      var details = Object.assign(dwg.session.get("details", fits), values());
      dwg.session.set("details", details);
      var kept = device[how]("remember", true) & device[how]("details", Object.assign(device.get("details", fits), details));
      if (unkept) unkept.hidden = !keep || kept;
    }

    // Details follow the reader from letter to letter; what they typed before the script started stays.
    function load() {
      var opted = dwg.store.get("remember");
      var kept = Object.assign(opted ? dwg.store.get("details", fits) : {}, dwg.session.get("details", fits));
      if (remember && !remember.checked) remember.checked = opted;
      inputs.forEach(function (i) { if (!i.value) i.value = kept[attr(i, "data-dwg-input")] || ""; });
      if (subj && subj.value !== subj.defaultValue) subjEdited = subj.value; // typed before the script started
    }

    // The details go from the fields, the letter and both storages; ticks and ratings stay.
    function forget() {
      inputs.forEach(function (i) { i.value = ""; });
      if (remember) remember.checked = false;
      store();
      dwg.session.remove("details");
      edited = subjEdited = editBase = subjBase = null; // an edited letter holds the details too
      toggle(false);
      refresh();
    }

    function toggle(on) {
      editBtn.setAttribute("aria-pressed", String(on));
      area.hidden = !on;
      pre.hidden = on;
      if (on) area.focus();
    }

    function eml() {
      var head = ["X-Unsent: 1", "Subject: " + header(now.subject), "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: base64", "", ""].join("\r\n");
      return head + b64(crlf(now.body)).replace(/.{76}/g, "$&\r\n") + "\r\n";
    }

    function click(e) {
      var b = e.target.closest("[data-dwg-act]"), act = b && attr(b, "data-dwg-act");
      if (!act) return;
      if (act.indexOf("copy") === 0 && !material && navigator.clipboard) navigator.clipboard.writeText(b.getAttribute("data-clipboard-text"));
      if (act === "txt") save(data.id + ".txt", now.all, "text/plain");
      if (act === "eml") save(data.id + ".eml", eml(), "message/rfc822");
      if (act === "edit") toggle(attr(b, "aria-pressed") !== "true");
      if (act === "revert") { edited = subjEdited = editBase = subjBase = null; refresh(); }
    }

    function typed(e) {
      if (e.target === area) { if (edited === null) editBase = formNow[1]; edited = area.value; }
      if (e.target === subj) { if (subjEdited === null) subjBase = formNow[0]; subjEdited = subj.value; }
      refresh();
    }

    function changed(e) {
      if (e.target.hasAttribute("data-dwg-option")) keepChoice();
      store();
      refresh();
    }

    load();
    preselect();
    store();
    refresh();
    // The letter for any choice of options, so the browser tests compare it with Python's composition.
    dwg.letterText = function (c, v) { var t = letterText(data, c); return [joined(pieces(t[0], v, data.placeholders)), joined(pieces(t[1], v, data.placeholders))]; };
    box.setAttribute("data-dwg-ready", ""); // tests/browser/test_a11y.py and scripts/screenshots.py wait on it
    var offs = [
      dwg.on(form, "input", changed),
      dwg.on(form, "change", changed),
      dwg.on(form, "click", function (e) { if (e.target.closest("[data-dwg-forget]")) forget(); }),
      dwg.on(box, "click", click),
      dwg.on(box, "input", typed),
      dwg.on(doc, "dwg:check", recheck) // dwg-check.js started after this script: the letter is drawn, check it
    ];
    return function () { offs.forEach(function (off) { off(); }); };
  }

  dwg.onPage(letter, "letters");
})();
