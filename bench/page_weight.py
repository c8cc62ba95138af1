"""Page weight: gzip bytes each built page costs a first-time visitor, against a bare Material page.

Run: .venv/bin/python bench/page_weight.py [--builders mkdocs,zensical]
Builds the site (strict) and a bare Material page with the same theme settings in the same run, with each
builder (MkDocs, the primary build, and Zensical), prints a table, writes bench/results/page_weight.json and
docs/performance/page-weight.md (MkDocs, against the budgets), and, for Zensical,
bench/results/page_weight-zensical.json and docs/performance/page-weight-builders.md (the builds side by side).
tests/test_budgets.py enforces the same budgets on the MkDocs build with these functions.
"""
from __future__ import annotations

import gzip
import html
import json
import os
import re
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import builders  # noqa: E402
from macros.csp import style_elements  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "page_weight.json"
TABLE = ROOT / "docs" / "performance" / "page-weight.md"
SIDE_BY_SIDE = ROOT / "docs" / "performance" / "page-weight-builders.md"
SITE_URL = builders.SITE_URL

KB = 1024
OWN_PER_PAGE_BUDGET = 8 * KB  # the project's own JS + CSS loaded by one page
OWN_TOTAL_BUDGET = 14 * KB  # all of the project's own JS + CSS together
OVER_BARE_BUDGET = 15 * KB  # any page compared with a bare Material page (both carry a Content Security Policy)
# Measured 13.0 KB gzip with 11 letters (letter bodies, contributor pages and this page's tables
# excluded from search); about 30% headroom, rounded up. Raise it on purpose when the library grows.
SEARCH_INDEX_BUDGET = 17 * KB
GZIP_LEVEL = 6  # what common web servers use by default


def gz(data: bytes) -> int:
    """Bytes on the wire once gzip-compressed (no timestamp, so the count is stable)."""
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


# --- Building ---------------------------------------------------------------------------------

def build(project: Path, out: Path, site_url: str = SITE_URL, builder: str = "mkdocs") -> None:
    """A strict build of a project folder; raises with the builder's output when it fails."""
    builders.build(builder, project, out, site_url)


class _TagsAsValues(yaml.SafeLoader):
    """Reads mkdocs.yml without MkDocs: !ENV takes its default, !relative the config folder."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    value = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
    for name in value[:-1]:
        if name in os.environ:
            return os.environ[name]
    return value[-1] if len(value) > 1 else None


_TagsAsValues.add_constructor("!ENV", _env_tag)
_TagsAsValues.add_constructor("!relative", lambda loader, node: ".")
_TagsAsValues.add_multi_constructor("tag:yaml.org,2002:python/name:", lambda loader, suffix, node: suffix)


def bare_config(config_file: Path) -> dict:
    """Our theme, palette, features and Markdown extensions, and the same Content Security Policy (which a bare
    page needs as much as ours); none of our plugins, other hooks, CSS, JS or templates."""
    ours = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TagsAsValues)
    theme = {k: v for k, v in ours["theme"].items() if k != "custom_dir"}
    return {
        "site_name": ours.get("site_name", "Bare"),
        "site_description": ours.get("site_description", ""),
        "site_url": ours.get("site_url") or SITE_URL,
        "theme": theme,
        "extra": {k: v for k, v in (ours.get("extra") or {}).items() if k == "generator"},
        "plugins": ["search"],
        "hooks": [str(ROOT / "macros" / "csp.py")],  # Zensical builds get it from bench/builders.py
        "markdown_extensions": ours.get("markdown_extensions", []),
    }


def bare_project(config_file: Path, dest: Path) -> Path:
    """A one-page Material project with the same theme settings as ours."""
    (dest / "docs").mkdir(parents=True, exist_ok=True)
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(bare_config(config_file), sort_keys=False), encoding="utf-8")
    (dest / "docs" / "index.md").write_text(
        "# A bare page\n\nOne paragraph of text, so the page has content like any other.\n", encoding="utf-8"
    )
    return dest


# --- What a page loads --------------------------------------------------------------------------

class _Refs(HTMLParser):
    """Collects the URLs a browser fetches when it loads the page (not links it might follow)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self._config = False
        self.config_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        rel = set(a.get("rel", "").lower().split())
        if tag == "script" and a.get("src"):
            self.urls.append(a["src"])
        elif tag == "link" and rel & {"stylesheet", "icon", "preload", "modulepreload"} and a.get("href"):
            self.urls.append(a["href"])
        elif tag in {"img", "source", "input"} and a.get("src"):
            self.urls.append(a["src"])
        self._config = tag == "script" and a.get("id") == "__config"

    def handle_data(self, data: str) -> None:
        if self._config:
            self.config_text += data

    def handle_endtag(self, tag: str) -> None:
        self._config = False


CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


def _local(site: Path, page_url: str, ref: str) -> Path | None:
    """The built file a reference points to, or None when it is external, inline or missing."""
    target = urlsplit(urljoin(page_url, ref))
    base = urlsplit(SITE_URL)
    local = target.netloc in {"", base.netloc} or target.hostname in {"127.0.0.1", "localhost"}
    if target.scheme in {"data", "blob", "javascript"} or not local:
        return None
    path = site / target.path.lstrip("/")
    if target.path.endswith("/"):
        path = path / "index.html"
    return path if path.is_file() else None


def page_url(site: Path, page: Path) -> str:
    return urljoin(SITE_URL, page.relative_to(site).as_posix())


def page_assets(site: Path, page: Path) -> list[Path]:
    """Every file the page makes the browser load, each once: scripts, styles, icons, images, search worker."""
    url = page_url(site, page)
    parser = _Refs()
    html_text = page.read_text(encoding="utf-8")
    parser.feed(html_text)
    refs = [(url, r) for r in parser.urls]
    if parser.config_text:  # Material starts its search worker from the URL in __config
        worker = json.loads(parser.config_text).get("search")  # relative to the page
        if worker:
            refs.append((url, worker))
    found: list[Path] = []
    while refs:
        base, ref = refs.pop(0)
        path = _local(site, base, ref)
        if path is None or path in found:
            continue
        found.append(path)
        asset_url = urljoin(SITE_URL, path.relative_to(site).as_posix())
        if path.suffix == ".css":  # images and fonts a stylesheet pulls in
            refs += [(asset_url, u) for u in CSS_URL.findall(path.read_text(encoding="utf-8", errors="replace"))]
        if path.suffix == ".js":  # scripts this one loads when the page has what they need
            refs += [(asset_url, file) for file, needs in lazy_scripts(path) if needs_met(needs, html_text)]
    return found


# A script may load another on demand: an entry like { file: "x.js", needs: "[data-a], [data-b]" } in
# its source (see dwg-core.js) means "load x.js (relative to me) when the page has any of these".
LAZY = re.compile(r"""file:\s*["']([^"']+)["']\s*,\s*needs:\s*["']([^"']+)["']""")
ATTR_SELECTOR = re.compile(r"\[([a-zA-Z0-9_-]+)\]")


def lazy_scripts(script: Path) -> list[tuple[str, str]]:
    return LAZY.findall(script.read_text(encoding="utf-8", errors="replace"))


def needs_met(selector: str, page_html: str) -> bool:
    """Whether the page has an element with any attribute the selector list names."""
    return any(re.search(rf"<[a-zA-Z][^>]*\s{re.escape(a)}(?=[\s=/>])", page_html) for a in ATTR_SELECTOR.findall(selector))


def is_own(site: Path, asset: Path, docs: Path) -> bool:
    """JS or CSS the project wrote itself: the built file comes straight from docs/."""
    rel = asset.relative_to(site)
    return asset.suffix in {".js", ".css"} and (docs / rel).is_file()


# --- Measuring ----------------------------------------------------------------------------------

@dataclass
class PageWeight:
    page: str
    html: int
    material: int  # everything else the page loads: Material's bundle, styles, icons, search worker
    own: int  # the project's own JS + CSS
    own_files: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.html + self.material + self.own


def inlined_own(site: Path, html_text: str, docs: Path) -> list[Path]:
    """Our stylesheets that the page carries as <style> elements (macros/inline_css.py), found by their text."""
    inline = set(style_elements(html_text))
    own_css = (p for p in sorted(site.rglob("*.css")) if is_own(site, p, docs))
    return [p for p in own_css if p.read_text(encoding="utf-8") in inline]


def measure_page(site: Path, page: Path, docs: Path) -> PageWeight:
    assets = page_assets(site, page)
    html_text = page.read_text(encoding="utf-8")
    inlined = inlined_own(site, html_text, docs)
    for css in inlined:  # counted as our own file, as if linked, so that inlining neither hides nor adds bytes
        html_text = html_text.replace(f"<style>{css.read_text(encoding='utf-8')}</style>", "", 1)
    own = [a for a in assets if is_own(site, a, docs)] + inlined
    return PageWeight(
        page=page.relative_to(site).as_posix(),
        html=gz(html_text.encode("utf-8")),
        material=sum(gz(a.read_bytes()) for a in assets if a not in own),
        own=sum(gz(a.read_bytes()) for a in own),
        own_files=[a.relative_to(site).as_posix() for a in own],
    )


def measure_site(site: Path, docs: Path) -> list[PageWeight]:
    return [measure_page(site, p, docs) for p in sorted(site.rglob("*.html"))]


def own_total(site: Path, docs: Path) -> tuple[int, list[str]]:
    """All of the project's own JS and CSS in the built site, each file gzipped on its own."""
    files = sorted(p for p in site.rglob("*") if p.is_file() and is_own(site, p, docs))
    return sum(gz(p.read_bytes()) for p in files), [p.relative_to(site).as_posix() for p in files]


def search_index(site: Path) -> Path:
    """MkDocs writes search/search_index.json, Zensical search.json."""
    mkdocs = site / "search" / "search_index.json"
    return mkdocs if mkdocs.is_file() else site / "search.json"


def search_index_bytes(site: Path) -> int:
    return gz(search_index(site).read_bytes())


# --- What search keeps and leaves out -----------------------------------------------------------

def search_docs(site: Path) -> list[dict]:
    """The search entries (location, title, text): MkDocs lists them as "docs", Zensical as "items"."""
    index = json.loads(search_index(site).read_text(encoding="utf-8"))
    return index["docs"] if "docs" in index else index["items"]


def _plain(text: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def body_phrases(body: str, min_length: int = 25) -> list[str]:
    """Stretches of a letter body between placeholders, long enough to be unmistakably the body's."""
    parts = re.split(r"\[\[[a-z0-9_-]+\]\]|\n", body)
    return [" ".join(p.split()) for p in parts if len(" ".join(p.split())) >= min_length]


def search_leaks(site: Path, letters: dict) -> list[str]:
    """Letter body phrases found in the search index entries of letter pages (should be none)."""
    text = " ".join(_plain(d["text"]) for d in search_docs(site) if d["location"].startswith("letters/"))
    return [f"{lid}: {phrase!r}" for lid, body in letters.items() for phrase in body_phrases(body) if phrase in text]


def search_missing(site: Path, letters: dict) -> list[str]:
    """Letter titles and summaries that search cannot find (should be none). letters: id -> (title, summary)."""
    docs = search_docs(site)
    missing = []
    for lid, (title, summary) in letters.items():
        own = [d for d in docs if d["location"].rstrip("/") == f"letters/{lid}"]
        if not own or _plain(own[0]["title"]) != title:
            missing.append(f"{lid}: title {title!r}")
        if not any(summary in _plain(d["text"]) for d in docs if d["location"].startswith(f"letters/{lid}/")):
            missing.append(f"{lid}: summary {summary!r}")
    return missing


def library_letters(root: Path = ROOT) -> dict:
    """The letters' bodies, titles and summaries, read with the project's own loader."""
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    from macros.loading import checked_library

    library = checked_library(root / "snippets")
    return {lid: letter for lid, letter in library.letters.items()}


# --- Report -------------------------------------------------------------------------------------

def machine() -> dict:
    import datetime
    import platform

    return {
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


def load_average() -> str:
    """The 1, 5 and 15 minute load averages, as the results record them: timings depend on how busy the machine is."""
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def kb(n: int) -> str:
    return f"{n / KB:.1f} KB"


def report(pages: list[PageWeight], bare: PageWeight, own_sum: int, own_files: list[str], index: int) -> dict:
    worst = max(pages, key=lambda p: p.total)
    worst_own = max(pages, key=lambda p: p.own)
    return {
        "machine": machine(),
        "gzip_level": GZIP_LEVEL,
        "budgets": {
            "own_per_page": OWN_PER_PAGE_BUDGET, "own_total": OWN_TOTAL_BUDGET,
            "over_bare": OVER_BARE_BUDGET, "search_index": SEARCH_INDEX_BUDGET,
        },
        "bare": asdict(bare) | {"total": bare.total},
        "own_total": own_sum,
        "own_files": own_files,
        "search_index": index,
        "largest_page": worst.page,
        "largest_over_bare": worst.total - bare.total,
        "largest_own_page": worst_own.page,
        "largest_own": worst_own.own,
        "pages": [asdict(p) | {"total": p.total, "over_bare": p.total - bare.total} for p in pages],
    }


def verdict(ok: bool) -> str:
    return "within budget" if ok else "**over budget**"


def markdown(data: dict) -> str:
    b, m = data["budgets"], data["machine"]
    summary = [
        "| Budget | Measured | Limit | Result |",
        "| --- | --- | --- | --- |",
        f"| Own JS + CSS on one page (largest: `{data['largest_own_page']}`) | {kb(data['largest_own'])} | {kb(b['own_per_page'])} | {verdict(data['largest_own'] <= b['own_per_page'])} |",
        f"| All own JS + CSS together | {kb(data['own_total'])} | {kb(b['own_total'])} | {verdict(data['own_total'] <= b['own_total'])} |",
        f"| Heaviest page over the bare Material page (`{data['largest_page']}`) | {kb(data['largest_over_bare'])} | {kb(b['over_bare'])} | {verdict(data['largest_over_bare'] <= b['over_bare'])} |",
        f"| Search index | {kb(data['search_index'])} | {kb(b['search_index'])} | {verdict(data['search_index'] <= b['search_index'])} |",
    ]
    rows = [
        "| Page | HTML | Material's files | Own JS + CSS | Total | Over bare |",
        "| --- | --- | --- | --- | --- | --- |",
        f"| *bare Material page* | {kb(data['bare']['html'])} | {kb(data['bare']['material'])} | {kb(data['bare']['own'])} | {kb(data['bare']['total'])} | – |",
    ]
    rows += [
        f"| `{p['page']}` | {kb(p['html'])} | {kb(p['material'])} | {kb(p['own'])} | {kb(p['total'])} | {kb(p['over_bare'])} |"
        for p in data["pages"]
    ]
    return "\n".join([
        "<!-- Generated by bench/page_weight.py; do not edit by hand. -->",
        "",
        f"Measured {m['date']} on {m['platform']}, {m['cpus']} CPUs, Python {m['python']}. "
        f"Sizes are gzip level {data['gzip_level']}; 1 KB = 1,024 bytes.",
        "",
        *summary,
        "",
        "??? info \"Every page\"",
        "",
        *("    " + r for r in rows),
        "",
    ])


def measure(site: Path, bare_site: Path, docs: Path) -> dict:
    pages = measure_site(site, docs)
    bare = measure_page(bare_site, bare_site / "index.html", bare_site / "no-docs")
    own_sum, own_files = own_total(site, docs)
    return report(pages, bare, own_sum, own_files, search_index_bytes(site))


def measure_build(builder: str, tmp: Path) -> dict:
    """Build the site and a bare page with one builder, measure both, and check what search keeps."""
    site, bare_site = tmp / f"{builder}-site", tmp / f"{builder}-bare-site"
    build(ROOT, site, builder=builder)
    build(bare_project(ROOT / "mkdocs.yml", tmp / f"{builder}-bare"), bare_site, builder=builder)
    data = measure(site, bare_site, ROOT / "docs")
    letters = library_letters()
    leaks = search_leaks(site, {lid: l.body for lid, l in letters.items()})
    missing = search_missing(site, {lid: (l.title, l.description) for lid, l in letters.items()})
    data["builder"] = builder
    data["search_check"] = {"letters": len(letters), "body_phrases_found": leaks, "titles_or_summaries_missing": missing}
    return data


def within_budgets(data: dict) -> bool:
    return (data["largest_own"] <= OWN_PER_PAGE_BUDGET and data["own_total"] <= OWN_TOTAL_BUDGET
            and data["largest_over_bare"] <= OVER_BARE_BUDGET and data["search_index"] <= SEARCH_INDEX_BUDGET
            and not data["search_check"]["body_phrases_found"] and not data["search_check"]["titles_or_summaries_missing"])


def side_by_side(mkdocs: dict, zensical: dict) -> str:
    """The two builds' weights in one table: the summary figures, then every page's total and own bytes."""
    def row(label: str, key: str) -> str:
        return f"| {label} | {kb(mkdocs[key])} | {kb(zensical[key])} | {kb(zensical[key] - mkdocs[key])} |"

    pages_z = {p["page"]: p for p in zensical["pages"]}
    lines = [
        "<!-- Generated by bench/page_weight.py; do not edit by hand. -->",
        "",
        f"Measured {zensical['machine']['date']}, both builds in the same run, each against a bare page built by "
        f"the same builder. Sizes are gzip level {zensical['gzip_level']}; 1 KB = 1,024 bytes.",
        "",
        "| Figure | MkDocs | Zensical | Difference |",
        "| --- | --- | --- | --- |",
        f"| Bare page (HTML and everything it loads) | {kb(mkdocs['bare']['total'])} | {kb(zensical['bare']['total'])} | "
        f"{kb(zensical['bare']['total'] - mkdocs['bare']['total'])} |",
        row("Own JS + CSS on one page (largest)", "largest_own"),
        row("All own JS + CSS together", "own_total"),
        row("Heaviest page over its bare page", "largest_over_bare"),
        row("Search index", "search_index"),
        "",
        f"Zensical against our budgets: {verdict(within_budgets(zensical))}. Letter bodies found in its search index: "
        f"{len(zensical['search_check']['body_phrases_found'])}; letter titles or summaries missing from it: "
        f"{len(zensical['search_check']['titles_or_summaries_missing'])}.",
        "",
        "??? info \"Every page, both builds\"",
        "",
        "    | Page | Total, MkDocs | Total, Zensical | Own JS + CSS, MkDocs | Own JS + CSS, Zensical |",
        "    | --- | --- | --- | --- | --- |",
    ]
    for p in mkdocs["pages"]:
        z = pages_z.get(p["page"])
        lines.append(f"    | `{p['page']}` | {kb(p['total'])} | {kb(z['total']) if z else 'missing'} | {kb(p['own'])} | "
                     f"{kb(z['own']) if z else 'missing'} |")
    return "\n".join(lines) + "\n"


def print_table(data: dict) -> None:
    print(f"{data['builder']}:")
    print(f"{'page':45} {'html':>8} {'material':>9} {'own':>7} {'total':>8} {'over bare':>9}")
    print(f"{'(bare Material page)':45} {kb(data['bare']['html']):>8} {kb(data['bare']['material']):>9} "
          f"{kb(data['bare']['own']):>7} {kb(data['bare']['total']):>8}")
    for p in data["pages"]:
        print(f"{p['page']:45} {kb(p['html']):>8} {kb(p['material']):>9} {kb(p['own']):>7} {kb(p['total']):>8} {kb(p['over_bare']):>9}")
    print(f"\nown JS+CSS total {kb(data['own_total'])} (budget {kb(OWN_TOTAL_BUDGET)}); "
          f"largest per page {kb(data['largest_own'])} (budget {kb(OWN_PER_PAGE_BUDGET)}); "
          f"largest over bare {kb(data['largest_over_bare'])} (budget {kb(OVER_BARE_BUDGET)}); "
          f"search index {kb(data['search_index'])} (budget {kb(SEARCH_INDEX_BUDGET)})")
    check = data["search_check"]
    print(f"search check: {len(check['body_phrases_found'])} body phrases found, "
          f"{len(check['titles_or_summaries_missing'])} titles/summaries missing\n")


def main() -> int:
    chosen = builders.chosen_builders(__doc__.splitlines()[0])
    with tempfile.TemporaryDirectory(prefix="dwg-weight-") as tmp:
        results = {b: measure_build(b, Path(tmp)) for b in chosen}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    TABLE.parent.mkdir(parents=True, exist_ok=True)
    written = []
    for builder, data in results.items():
        print_table(data)
        path = RESULTS if builder == "mkdocs" else RESULTS.with_name(f"page_weight-{builder}.json")
        path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    if "mkdocs" in results:
        TABLE.write_text(markdown(results["mkdocs"]), encoding="utf-8")
        written.append(TABLE)
    if {"mkdocs", "zensical"} <= set(results):
        SIDE_BY_SIDE.write_text(side_by_side(results["mkdocs"], results["zensical"]), encoding="utf-8")
        written.append(SIDE_BY_SIDE)
    print("wrote " + ", ".join(str(p.relative_to(ROOT)) for p in written))
    return 0 if "mkdocs" not in results or within_budgets(results["mkdocs"]) else 1


if __name__ == "__main__":
    sys.exit(main())
