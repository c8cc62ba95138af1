"""Build time and site size with 250, 500 and 1,000 synthetic letters, with and without the macros.

Run: .venv/bin/python bench/build_scaling.py [--sizes 250 500 1000] [--repeats 2]
For each size it makes a temporary copy of the project with that many extra letters, and a second copy
of the same pages with the macro output written out as static Markdown and the macros plugin and page
hook off. It times `mkdocs build --strict` of each (interleaved, repeated; the minimum counts, as the
least disturbed run on a shared machine) and records the size of the built site.
Writes bench/results/build_scaling.json and docs/performance/build-scaling.md.
tests/test_scaling.py uses add_letters() and site_bytes() with small sizes.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import page_weight  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "build_scaling.json"
TABLE = ROOT / "docs" / "performance" / "build-scaling.md"
BASE_LETTER = "decline-written-offer.md"
CAPTURE_HOOK = ROOT / "bench" / "capture_hook.py"
SIZES = (250, 500, 1000)
MACRO_RATIO_MAX = 1.25
GROWTH_MAX = 2.2  # 500 -> 1,000 letters
SECONDS_MAX = 120  # 1,000 letters

ADJECTIVES = ("generous", "candid", "thoughtful", "open", "warm", "careful", "clear", "patient", "lively", "honest",
              "useful", "detailed", "focused", "friendly", "practical", "direct", "curious", "kind", "sharp", "calm",
              "steady", "broad", "helpful", "frank", "precise")
NOUNS = ("logistics", "retail", "banking", "energy", "farming", "publishing", "shipping", "insurance", "design",
         "research", "healthcare", "education", "tourism", "mining", "software", "hardware", "media", "fashion",
         "aviation", "robotics", "textiles", "chemicals", "telecoms", "gaming", "housing", "transport", "water",
         "food", "sport", "music", "film", "law", "consulting", "security", "payments", "analytics", "printing",
         "furniture", "recycling", "biotech")


def project_copy(dest: Path) -> Path:
    """The project's sources (no git, builds, environments or bench output) in dest."""
    ignore = shutil.ignore_patterns(".git", ".venv", "site", "node_modules", "__pycache__", ".pytest_cache",
                                    "bench", "test-results", ".ruff_cache")
    shutil.copytree(ROOT, dest, ignore=ignore)
    return dest


def synthetic_letter(base: str, i: int) -> str:
    """Letter file i: the base letter's text with its title, summary and a few body words made unique."""
    adj, noun = ADJECTIVES[i % len(ADJECTIVES)], NOUNS[(i // len(ADJECTIVES)) % len(NOUNS)]
    # Samples are listed, not planned: a thousand copies of one plan step would all claim the same answers.
    base = re.sub(r"^plan:\n(?:[ \t]+.*\n)*", "", base, count=1, flags=re.M)
    text = re.sub(r"^title: .*$", f"title: Decline a written {noun} offer, sample {i + 1}", base, count=1, flags=re.M)
    text = re.sub(r"^description: .*$", f"description: For a {adj} {noun} offer in writing, sample {i + 1}.", text,
                  count=1, flags=re.M)
    text = text.replace("frank and generous", f"frank and {adj}", 1)
    return text.replace("what you are building", f"what you are building in {noun}", 1)


def add_letters(project: Path, count: int) -> list[Path]:
    """Write `count` distinct synthetic letters into the project's docs/letters/."""
    letters = project / "docs" / "letters"
    base = (letters / BASE_LETTER).read_text(encoding="utf-8")
    paths = []
    for i in range(count):
        path = letters / f"synthetic-{i + 1:04d}.md"
        path.write_text(synthetic_letter(base, i), encoding="utf-8")
        paths.append(path)
    return paths


def site_bytes(site: Path) -> int:
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file())


# --- The same site with the macro output written out --------------------------------------------

def _config_lines(project: Path) -> list[str]:
    return (project / "mkdocs.yml").read_text(encoding="utf-8").splitlines()


def _without_block(lines: list[str], start: str) -> list[str]:
    """Drop the line equal to `start` (stripped) and the more-indented lines under it."""
    out, skip_indent = [], None
    for line in lines:
        indent = len(line) - len(line.lstrip())
        if skip_indent is not None and (not line.strip() or indent > skip_indent):
            continue
        skip_indent = None
        if line.strip() == start:
            skip_indent = indent
            continue
        out.append(line)
    return out


def capture_pages(project: Path, capture: Path) -> None:
    """Build once with an extra hook that saves each page's Markdown after the macros ran."""
    lines = _config_lines(project)
    at = lines.index("hooks:")
    lines.insert(at + 1, f"  - {CAPTURE_HOOK}")
    config = project / "mkdocs-capture.yml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    env = {**os.environ, "DWG_CAPTURE_DIR": str(capture), "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config),
                             "-d", str(project / "capture-site")], cwd=project, env=env, capture_output=True,
                            text=True, timeout=1200)
    config.unlink()
    shutil.rmtree(project / "capture-site", ignore_errors=True)
    if result.returncode != 0:
        raise RuntimeError(f"capture build failed:\n{result.stderr}")


def make_static(project: Path, dest: Path) -> Path:
    """A copy of `project` whose pages are the macros' output, built with the macros plugin and page hook off."""
    shutil.copytree(project, dest)
    capture = dest.parent / (dest.name + "-capture")
    capture_pages(project, capture)
    generated = []
    for page in capture.rglob("*.md"):
        rel = page.relative_to(capture)
        target = dest / "docs" / rel
        if not target.exists():
            generated.append(rel.as_posix())
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(page, target)
    shutil.rmtree(capture)
    lines = _without_block(_config_lines(dest), "- macros:")
    lines = [line for line in lines if line.strip() != "- macros/mkdocs_hook.py"]
    # the page hook marked its pages "not in nav"; say the same for the static copies
    lines += ["not_in_nav: |", *(f"  /{g}" for g in sorted(generated))]
    (dest / "mkdocs.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dest


# --- Timing -------------------------------------------------------------------------------------

def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_build(project: Path, out: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one strict build. CPU time ignores other programs competing for the cores."""
    shutil.rmtree(out, ignore_errors=True)
    start, cpu = time.perf_counter(), _children_cpu()
    page_weight.build(project, out)
    return time.perf_counter() - start, _children_cpu() - cpu


def measure(sizes: tuple[int, ...], repeats: int, work: Path) -> dict:
    projects: dict[tuple[int, str], Path] = {}
    for n in sizes:
        macros = project_copy(work / f"macros-{n}")
        add_letters(macros, n)
        projects[(n, "macros")] = macros
        projects[(n, "static")] = make_static(macros, work / f"static-{n}")
        print(f"prepared {n} letters", flush=True)
    times: dict[tuple[int, str], list[float]] = {k: [] for k in projects}
    cpus: dict[tuple[int, str], list[float]] = {k: [] for k in projects}
    sizes_b: dict[tuple[int, str], int] = {}
    for r in range(repeats):  # interleaved: machine noise spreads over every variant
        for key, project in projects.items():
            out = work / f"site-{key[0]}-{key[1]}"
            wall, cpu = timed_build(project, out)
            times[key].append(wall)
            cpus[key].append(cpu)
            sizes_b[key] = site_bytes(out)
            print(f"repeat {r + 1}: {key[0]:5} letters, {key[1]:6}: {wall:6.1f} s, cpu {cpu:6.1f} s, "
                  f"{sizes_b[key] / 1e6:6.1f} MB", flush=True)
    rows = []
    for n in sizes:
        m, s = times[(n, "macros")], times[(n, "static")]
        mc, sc = cpus[(n, "macros")], cpus[(n, "static")]
        rows.append({"letters": n, "macros_seconds": m, "static_seconds": s,
                     "macros_cpu_seconds": mc, "static_cpu_seconds": sc,
                     "macros_min": min(m), "static_min": min(s),
                     "macros_median": statistics.median(m), "static_median": statistics.median(s),
                     "macros_cpu_min": min(mc), "static_cpu_min": min(sc),
                     "macro_ratio": min(mc) / min(sc), "macro_ratio_wall": min(m) / min(s),
                     "site_bytes": sizes_b[(n, "macros")], "static_site_bytes": sizes_b[(n, "static")],
                     "pages": sum(1 for _ in (work / f"site-{n}-macros").rglob("*.html"))})
    return {"rows": rows}


def growth(rows: list[dict], small: int, large: int, key: str) -> float | None:
    by = {r["letters"]: r for r in rows}
    return by[large][key] / by[small][key] if small in by and large in by else None


def verdicts(data: dict) -> dict:
    rows = data["rows"]
    largest = max(rows, key=lambda r: r["letters"])
    return {
        "macro_ratio_ok": all(r["macro_ratio"] <= MACRO_RATIO_MAX for r in rows),
        "time_growth_500_1000": growth(rows, 500, 1000, "macros_cpu_min"),
        "wall_growth_500_1000": growth(rows, 500, 1000, "macros_min"),
        "size_growth_500_1000": growth(rows, 500, 1000, "site_bytes"),
        "largest_letters": largest["letters"],
        "largest_seconds": largest["macros_min"],
    }


def markdown(data: dict) -> str:
    m, v = data["machine"], data["verdicts"]
    lines = [
        "<!-- Generated by bench/build_scaling.py; do not edit by hand. -->",
        "",
        f"Measured {m['date']} on {m['platform']}, {m['cpus']} CPUs, Python {m['python']}. "
        f"Each build ran {data['repeats']} times, interleaved; the table shows the fastest run. "
        "Letters are added to the library's own. Ratios use CPU time (user + system), which other programs "
        "on the machine disturb less than the wall clock; both are shown.",
        "",
        "| Letters added | Pages | With macros: wall / CPU | Pre-expanded, no macros: wall / CPU | "
        "Macros ratio, CPU (≤ 1.25) | Macros ratio, wall | Site size |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in data["rows"]:
        lines.append(f"| {r['letters']:,} | {r['pages']:,} | {r['macros_min']:.1f} s / {r['macros_cpu_min']:.1f} s | "
                     f"{r['static_min']:.1f} s / {r['static_cpu_min']:.1f} s | {r['macro_ratio']:.2f} | "
                     f"{r['macro_ratio_wall']:.2f} | {r['site_bytes'] / 1e6:.1f} MB |")
    lines.append("")
    if v["time_growth_500_1000"] is not None:
        lines.append(f"From 500 to 1,000 letters, build time grows {v['time_growth_500_1000']:.2f}× in CPU time "
                     f"({v['wall_growth_500_1000']:.2f}× wall clock) and site size "
                     f"{v['size_growth_500_1000']:.2f}× (target ≤ {GROWTH_MAX}×).")
    lines.append(f"{v['largest_letters']:,} letters build in {v['largest_seconds']:.1f} s "
                 f"(target under {SECONDS_MAX} s).")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dwg-scaling-") as tmp:
        data = measure(tuple(args.sizes), args.repeats, Path(tmp))
    data |= {"machine": page_weight.machine(), "repeats": args.repeats, "targets": {
        "macro_ratio_max": MACRO_RATIO_MAX, "growth_max": GROWTH_MAX, "seconds_max": SECONDS_MAX}}
    data["verdicts"] = v = verdicts(data)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    TABLE.parent.mkdir(parents=True, exist_ok=True)
    TABLE.write_text(markdown(data), encoding="utf-8")
    print()
    print(markdown(data))
    ok = (v["macro_ratio_ok"] and v["largest_seconds"] < SECONDS_MAX
          and all(g is None or g <= GROWTH_MAX for g in (v["time_growth_500_1000"], v["size_growth_500_1000"])))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
