"""Lighthouse scores for key pages against a bare Material page, served gzip-compressed on 127.0.0.1.

Run: .venv/bin/python bench/lighthouse.py [--builders mkdocs,zensical]
(needs Node.js 20 and Chromium; CHROME_PATH overrides /usr/bin/chromium)
Installs the pinned Lighthouse from bench/package-lock.json on first use (npm ci), builds the site and a
bare Material page with each builder, runs every page on the mobile and desktop presets 5 times (interleaved
across builders), keeps the median of each category, and names, for each audit a page fails, whether the bare
page of the same builder fails it too. Writes bench/results/lighthouse.json and docs/performance/lighthouse.md
for MkDocs, bench/results/lighthouse-zensical.json for Zensical, and docs/performance/lighthouse-builders.md
(both side by side). Full reports go to bench/out/. Records the load average before and after the runs, and
warns when it starts on a busy machine: mobile performance scores drop when other work shares the CPUs.
"""
from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import builders, gzip_server, page_weight  # noqa: E402

BENCH = ROOT / "bench"
OUT = BENCH / "out" / "lighthouse"
RESULTS = BENCH / "results" / "lighthouse.json"
TABLE = ROOT / "docs" / "performance" / "lighthouse.md"
SIDE_BY_SIDE = ROOT / "docs" / "performance" / "lighthouse-builders.md"
LIGHTHOUSE = BENCH / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGES = {  # name -> path on the site; "bare" is served by its own server
    "home": "",
    "guide": "guide/decline/",
    "letter": "letters/decline-written-offer/",
    "plan": "letters/",  # the letters index with its message plan
    "worksheet": "guide/decide/",
    "bare": "",
}


def source_of(path: str) -> str:
    """The Markdown file a page is built from, as a link from docs/performance.md."""
    page = path.rstrip("/") or "index"
    return f"{page}.md" if (ROOT / "docs" / f"{page}.md").exists() else f"{page}/index.md"


PRESETS = ("mobile", "desktop")
# Lighthouse's own advice (docs/variability.md): the median of 5 runs is about twice as stable as one run.
# With 3, a page's median on this shared machine moved between 96 and 98 from one session to the next.
RUNS = 5
TARGETS = {"accessibility": 100, "best-practices": 100, "seo": 100}
# Mobile performance simulates a slow phone from this machine's own timings, so other work on the machine lowers
# it (docs/performance.md gives an example). Above this load per CPU, the script warns.
BUSY_LOAD_PER_CPU = 0.5
MOBILE_PERFORMANCE_MIN = 98
PERFORMANCE_GAP_MAX = 2  # points below the bare page


def ensure_lighthouse() -> None:
    if not LIGHTHOUSE.is_file():
        subprocess.run(["npm", "ci", "--prefix", str(BENCH), "--no-audit", "--no-fund"], check=True)


def versions() -> dict:
    lh = json.loads((BENCH / "node_modules" / "lighthouse" / "package.json").read_text())["version"]
    chrome = subprocess.run([CHROME, "--version"], capture_output=True, text=True).stdout.strip().splitlines()
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    return {"lighthouse": lh, "chromium": chrome[-1] if chrome else "unknown", "node": node}


def run_lighthouse(url: str, preset: str, report: Path) -> dict:
    """One Lighthouse run; returns the JSON report (also kept at `report`)."""
    cmd = ["node", str(LIGHTHOUSE), url, "--output=json", f"--output-path={report}", "--quiet",
           f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"]
    if preset == "desktop":
        cmd.append("--preset=desktop")
    subprocess.run(cmd, check=True, env={**os.environ, "CHROME_PATH": CHROME}, timeout=300)
    return json.loads(report.read_text(encoding="utf-8"))


def summarize(lhr: dict) -> dict:
    """Category scores (0-100) and the scored audits that did not get full marks."""
    scores = {c: round(lhr["categories"][c]["score"] * 100) for c in CATEGORIES}
    weighted = {ref["id"] for c in CATEGORIES for ref in lhr["categories"][c]["auditRefs"] if ref["weight"] > 0}
    failing = sorted(
        aid for aid in weighted
        if lhr["audits"][aid]["score"] is not None and lhr["audits"][aid]["score"] < 1
    )
    titles = {aid: lhr["audits"][aid]["title"] for aid in failing}
    return {"scores": scores, "failing": failing, "titles": titles}


def median_result(runs: list[dict]) -> dict:
    """Median of each category; an audit counts as failing when most runs fail it."""
    scores = {c: statistics.median(r["scores"][c] for r in runs) for c in CATEGORIES}
    counts: dict[str, int] = {}
    titles: dict[str, str] = {}
    for r in runs:
        for aid in r["failing"]:
            counts[aid] = counts.get(aid, 0) + 1
        titles |= r["titles"]
    failing = sorted(a for a, n in counts.items() if n * 2 > len(runs))
    return {"scores": scores, "runs": [r["scores"] for r in runs], "failing": failing,
            "titles": {a: titles[a] for a in failing}}


def judge(results: dict) -> list[dict]:
    """Each target per page and preset; every failed audit blamed on Material only if the bare page fails it too."""
    rows = []
    for preset in PRESETS:
        bare = results[preset]["bare"]
        for page in (p for p in PAGES if p != "bare"):
            ours = results[preset][page]
            problems = []
            for cat, target in TARGETS.items():
                if ours["scores"][cat] < target:
                    problems.append(f"{cat} {ours['scores'][cat]:g} < {target}")
            perf, bare_perf = ours["scores"]["performance"], bare["scores"]["performance"]
            if preset == "mobile" and perf < MOBILE_PERFORMANCE_MIN:
                problems.append(f"performance {perf:g} < {MOBILE_PERFORMANCE_MIN}")
            if bare_perf - perf > PERFORMANCE_GAP_MAX:
                problems.append(f"performance {perf:g} more than {PERFORMANCE_GAP_MAX} below bare {bare_perf:g}")
            audits = [
                {"id": a, "title": ours["titles"][a], "cause": "Material's floor" if a in bare["failing"] else "ours"}
                for a in ours["failing"]
            ]
            rows.append({"preset": preset, "page": page, "met": not problems, "problems": problems, "audits": audits})
    return rows


def load_sentence(load: dict) -> str:
    """How busy the machine was, as both tables say it."""
    return f"Load average (1 / 5 / 15 minutes) before the runs: {load['before']}; after: {load['after']}."


def markdown(data: dict) -> str:
    m, v = data["machine"], data["versions"]
    lines = [
        "<!-- Generated by bench/lighthouse.py; do not edit by hand. -->",
        "",
        f"Measured {m['date']} on {m['platform']}, {m['cpus']} CPUs, Python {m['python']}, "
        f"Lighthouse {v['lighthouse']}, {v['chromium']}, Node {v['node']}. "
        f"Median of {data['runs']} runs; the site served gzip-compressed on 127.0.0.1. " + load_sentence(data["load"]),
        "",
        "Perf = performance, A11y = accessibility, BP = best practices.",
        "",
        "| Page | Preset | Perf | A11y | BP | SEO | Targets |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    verdicts = {(r["preset"], r["page"]): r for r in data["verdicts"]}
    for preset in PRESETS:
        for page, path in PAGES.items():
            s = data["results"][preset][page]["scores"]
            shown = "*bare Material page*" if page == "bare" else f"[{page}]({source_of(path)})"
            met = "baseline" if page == "bare" else ("met" if verdicts[(preset, page)]["met"] else
                                                    "**missed:** " + "; ".join(verdicts[(preset, page)]["problems"]))
            lines.append(f"| {shown} | {preset} | {s['performance']:g} | {s['accessibility']:g} | "
                         f"{s['best-practices']:g} | {s['seo']:g} | {met} |")
    failed = [(r, a) for r in data["verdicts"] for a in r["audits"]]
    lines += ["", "Audits that did not get full marks (in most runs), and whose they are:", ""]
    if failed:
        lines += ["| Page | Preset | Audit | Cause |", "| --- | --- | --- | --- |"]
        lines += [f"| {r['page']} | {r['preset']} | {a['title']} (`{a['id']}`) | {a['cause']} |" for r, a in failed]
    else:
        lines.append("None.")
    bare_only = sorted({a for p in PRESETS for a in data["results"][p]["bare"]["failing"]})
    if bare_only:
        lines += ["", "The bare Material page itself misses: " + ", ".join(f"`{a}`" for a in bare_only) + "."]
    return "\n".join(lines) + "\n"


def side_by_side(by_builder: dict) -> str:
    """Each page's median scores under each builder, in one table."""
    names = list(by_builder)
    first = by_builder[names[0]]
    m, v = first["machine"], first["versions"]
    lines = [
        "<!-- Generated by bench/lighthouse.py; do not edit by hand. -->",
        "",
        f"Measured {m['date']} in one run, the builds interleaved, Lighthouse {v['lighthouse']}, {v['chromium']}. "
        f"Median of {first['runs']} runs; each build against a bare page made by the same builder. "
        + load_sentence(first["load"]) + " Scores are performance / accessibility / best practices / SEO.",
        "",
        "| Page | Preset | " + " | ".join(n.capitalize() if n != "mkdocs" else "MkDocs" for n in names) + " |",
        "| --- | --- |" + " --- |" * len(names),
    ]
    for preset in PRESETS:
        for page, path in PAGES.items():
            shown = "*bare page*" if page == "bare" else f"[{page}]({source_of(path)})"
            cells = []
            for name in names:
                s = by_builder[name]["results"][preset][page]["scores"]
                verdict = {(r["preset"], r["page"]): r["met"] for r in by_builder[name]["verdicts"]}.get((preset, page))
                mark = "" if verdict is None else (" (targets met)" if verdict else " (**targets missed**)")
                cells.append(" / ".join(f"{s[c]:g}" for c in CATEGORIES) + mark)
            lines.append(f"| {shown} | {preset} | " + " | ".join(cells) + " |")
    for name in names:
        failed = sorted({f"`{a['id']}` ({a['cause']})" for r in by_builder[name]["verdicts"] for a in r["audits"]})
        label = "MkDocs" if name == "mkdocs" else name.capitalize()
        lines += ["", f"{label}: audits without full marks in most runs: " + (", ".join(failed) or "none") + "."]
    return "\n".join(lines) + "\n"


def print_results(builder: str, data: dict) -> None:
    print(f"\n{builder}:")
    print(f"{'page':10} {'preset':8} {'perf':>5} {'a11y':>5} {'bp':>5} {'seo':>5}  targets")
    verdicts = {(r["preset"], r["page"]): r for r in data["verdicts"]}
    for preset in PRESETS:
        for page in PAGES:
            s = data["results"][preset][page]["scores"]
            v = verdicts.get((preset, page))
            note = "baseline" if v is None else ("met" if v["met"] else "; ".join(v["problems"]))
            print(f"{page:10} {preset:8} {s['performance']:5g} {s['accessibility']:5g} {s['best-practices']:5g} "
                  f"{s['seo']:5g}  {note}")
            for a in (v or {}).get("audits", []):
                print(f"{'':20} failing audit {a['id']} ({a['cause']})")


def load_at_start() -> str:
    """The load average before the runs; a warning on stderr when other work would lower the performance scores."""
    load = page_weight.load_average()
    one_minute, cpus = os.getloadavg()[0], os.cpu_count() or 1
    if one_minute > BUSY_LOAD_PER_CPU * cpus:
        print(f"warning: the machine is busy (load {one_minute:.1f} on {cpus} CPUs): mobile performance may score "
              "lower than on a quiet machine. Stop other work and measure again.", file=sys.stderr)
    return load


def main() -> int:
    chosen = builders.chosen_builders(__doc__.splitlines()[0])
    ensure_lighthouse()
    load_before = load_at_start()
    if shutil.which("node") is None or not Path(CHROME).exists():
        print("needs node and Chromium (set CHROME_PATH)", file=sys.stderr)
        return 2
    shutil.rmtree(OUT, ignore_errors=True)
    origins, servers = {}, []
    for builder in chosen:  # the site and a bare page, each built by this builder and served on its own port
        for kind in ("site", "bare"):
            out = BENCH / "out" / f"{builder}-{kind}"
            shutil.rmtree(out, ignore_errors=True)
            port = gzip_server.free_port()
            origins[builder, kind] = f"http://127.0.0.1:{port}/"
            project = ROOT if kind == "site" else page_weight.bare_project(
                ROOT / "mkdocs.yml", BENCH / "out" / f"{builder}-bare-project")
            page_weight.build(project, out, origins[builder, kind], builder=builder)
            servers.append(gzip_server.serve(out, port))
        (OUT / builder).mkdir(parents=True)
    runs: dict = {b: {p: {page: [] for page in PAGES} for p in PRESETS} for b in chosen}
    try:
        for i in range(RUNS):  # interleaved, so drift in machine load hits every page and builder alike
            for preset in PRESETS:
                for page, path in PAGES.items():
                    for builder in chosen:
                        url = origins[builder, "bare" if page == "bare" else "site"] + path
                        lhr = run_lighthouse(url, preset, OUT / builder / f"{page}-{preset}-{i + 1}.json")
                        runs[builder][preset][page].append(summarize(lhr))
                        print(f"run {i + 1} {builder:8} {preset:7} {page:9} "
                              f"{runs[builder][preset][page][-1]['scores']}", flush=True)
    finally:
        for s in servers:
            s.shutdown()
    load = {"before": load_before, "after": page_weight.load_average()}
    by_builder, written = {}, []
    for builder in chosen:
        results = {p: {page: median_result(r) for page, r in pages.items()} for p, pages in runs[builder].items()}
        data = {"machine": page_weight.machine(), "versions": versions(), "builder": builder, "runs": RUNS,
                "load": load, "pages": PAGES, "results": results}
        data["verdicts"] = judge(results)
        by_builder[builder] = data
        print_results(builder, data)
        path = RESULTS if builder == "mkdocs" else RESULTS.with_name(f"lighthouse-{builder}.json")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    if "mkdocs" in by_builder:
        TABLE.write_text(markdown(by_builder["mkdocs"]), encoding="utf-8")
        written.append(TABLE)
    if len(by_builder) > 1:
        SIDE_BY_SIDE.write_text(side_by_side(by_builder), encoding="utf-8")
        written.append(SIDE_BY_SIDE)
    print("wrote " + ", ".join(str(p.relative_to(ROOT)) for p in written))
    return 0 if all(r["met"] for r in by_builder.get("mkdocs", {}).get("verdicts", [])) else 1


if __name__ == "__main__":
    sys.exit(main())
