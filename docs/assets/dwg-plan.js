/* Decline with Grace: the letters index. The reader's answers pick the message plan; two filters
   narrow the full list; both live in the page address, so Back and Forward bring them back.
   Everything it needs is in the markup (macros/render_index.py). Needs dwg-core.js. */
(function () {
  "use strict";
  var dwg = window.dwg;

  function all(root, sel) { return Array.from(root.querySelectorAll(sel)); }
  function words(s) { return s ? s.split(" ") : []; }

  dwg.onPage(function (doc) {
    var list = doc.querySelector("[data-dwg-index]"), filters = doc.querySelector("[data-dwg-filters]");
    if (!list || !filters) return null;
    var plan = doc.querySelector("[data-dwg-plan]"), steps = all(doc, "[data-dwg-plan-list] > li");
    var radios = plan ? all(plan, "input[type=radio]") : [], selects = all(filters, "[data-dwg-filter]");
    var items = all(list, "li"), count = doc.querySelector("[data-dwg-count]"), empty = doc.querySelector("[data-dwg-empty]");
    var url = new URLSearchParams(location.search);

    // Restore from the address only what the reader (or the browser) has not already changed.
    var touched = {};
    radios.forEach(function (r) { if (r.checked !== r.defaultChecked) touched[r.name] = true; });
    radios.forEach(function (r) { if (!touched[r.name] && url.get(r.name) === r.value) r.checked = true; });
    selects.forEach(function (s) {
      var want = url.get(s.dataset.dwgFilter);
      if (s.selectedIndex === 0 && want && all(s, "option").some(function (o) { return o.value === want; })) s.value = want;
    });

    function href(a, params) {
      var q = params.toString();
      a.href = a.dataset.href + (q ? "?" + q : "");
    }

    function apply(e) {
      var answers = {}, reason = "", extras = [], f = {}, n = 0, state = new URLSearchParams();
      radios.forEach(function (r) {
        if (!r.checked) return;
        answers[r.name] = r.value;
        state.set(r.name, r.value);
        reason = reason || r.dataset.reason || "";
        extras = extras.concat(words(r.dataset.extras));
      });
      steps.forEach(function (li) {
        var when = JSON.parse(li.dataset.when), carry = words(li.dataset.carryExtras), p = new URLSearchParams();
        li.hidden = Object.keys(when).some(function (q) { return when[q].indexOf(answers[q]) < 0; });
        if (li.dataset.carryReason !== undefined && reason) p.set("reason", reason);
        var x = extras.filter(function (e, i) { return carry.indexOf(e) >= 0 && extras.indexOf(e) === i; });
        if (x.length) p.set("extras", x.join(","));
        href(li.querySelector("a"), p);
      });
      selects.forEach(function (s) { f[s.dataset.dwgFilter] = s.value; if (s.value) state.set(s.dataset.dwgFilter, s.value); });
      items.forEach(function (li) {
        var ok = (!f.channel || li.dataset.channel === f.channel) && (!f.reason || words(li.dataset.reasons).indexOf(f.reason) >= 0);
        li.hidden = !ok;
        if (ok) n++;
        var p = new URLSearchParams();
        if (f.reason && ok) p.set("reason", f.reason); // the reason chosen here opens chosen on the letter
        href(li.querySelector("a"), p);
      });
      all(list, "[data-dwg-group]").forEach(function (g) { g.hidden = !g.querySelector("li:not([hidden])"); });
      if (count) count.textContent = "Showing " + n + " of " + items.length + " letters";
      if (empty) empty.hidden = n > 0;
      if (!e) return; // at start the address already says what the page shows
      var q = state.toString();
      history.replaceState(history.state, "", location.pathname + (q ? "?" + q : "") + location.hash);
    }

    apply();
    if (plan) plan.setAttribute("data-dwg-ready", ""); // scripts/screenshots.py waits on it
    var offs = [dwg.on(filters, "change", apply)]; // dwg-core.js keeps Enter from submitting the forms
    if (plan) offs.push(dwg.on(plan, "change", apply));
    return function () { offs.forEach(function (off) { off(); }); };
  }, "plan");
})();
