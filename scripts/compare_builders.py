"""Build the site with MkDocs and with Zensical, and compare them page by page.

Run: .venv/bin/python scripts/compare_builders.py [--write]
For every page either build makes, it reports whether the page exists in both, whether its article text (the
headings, guide prose, letter bodies and form labels inside <article>) is the same after normalising whitespace,
and whether the article's links lead to the same addresses. Then it lists the features Zensical lacks, each with
the reason and what the site does without it. --write also writes the table to
docs/performance/builders.md (included on the Performance page). Exits 1 when a page differs.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import builders  # noqa: E402

TABLE = ROOT / "docs" / "performance" / "builders.md"
# Parts of the article that are theme chrome, not text: the permalink marks after headings and the edit button.
CHROME_CLASSES = {"headerlink", "md-content__button"}

# What Zensical cannot do as MkDocs does here, why, and what the site does without it. The comparison
# ignores these differences (they are chrome, not article text), so each must be stated here.
GAPS = [
    ("\"Edit this page\" button",
     "Zensical makes an edit link only when `repo_url` is set, and `repo_url` makes the theme call GitHub's API "
     "from every page (a third-party request we do not make).",
     "No edit button; contributors change the page's file in `docs/` by pull request, as CONTRIBUTING.md describes."),
    ("Material's look",
     "Zensical's `classic` variant reproduces Material's templates; its stylesheets and search are its own.",
     "The same pages, navigation and colours; search runs on Zensical's own index, with the same pages left out."),
]


class _Article(HTMLParser):
    """The text and link targets inside a page's <article>, without theme chrome."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # open elements inside <article>
        self.skip = 0  # open elements inside chrome
        self.text: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if self.depth == 0:
            if tag == "article":
                self.depth = 1
            return
        if tag in {"br", "hr", "img", "input", "meta", "link", "source", "wbr", "col", "area", "embed", "track"}:
            return  # void elements never close
        self.depth += 1
        if self.skip or CHROME_CLASSES & set(a.get("class", "").split()) or tag in {"script", "style"}:
            self.skip += 1
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if self.depth == 0:
            return
        self.depth -= 1
        if self.skip:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.text.append(data)


@dataclass
class Article:
    text: str
    links: list[str]


# Links are resolved as if the site were served from a sub-folder (as on GitHub Pages), so a link that climbs
# above the site root shows as broken instead of being clamped to the server's root.
BASE = "http://dwg.invalid/served/from/here/"


def site_path(page: str, href: str) -> str:
    """Where a link on `page` leads, as a path inside the site ('guide/decide/#x'), or marked as outside it."""
    target = urlsplit(urljoin(BASE + page.removesuffix("index.html"), href))
    if target.netloc != urlsplit(BASE).netloc:
        return href  # another site: compared as written
    if not target.path.startswith(urlsplit(BASE).path):
        return f"OUTSIDE THE SITE ({target.path})"
    path = target.path.removeprefix(urlsplit(BASE).path).removesuffix("index.html")
    return path + (f"?{target.query}" if target.query else "") + (f"#{target.fragment}" if target.fragment else "")


def article(site: Path, page: str) -> Article:
    """A page's article text (whitespace normalised) and where its links lead."""
    parser = _Article()
    parser.feed((site / page).read_text(encoding="utf-8"))
    return Article(" ".join(" ".join(parser.text).split()), [site_path(page, href) for href in parser.links])


@dataclass
class PageResult:
    page: str
    in_mkdocs: bool
    in_zensical: bool
    same_text: bool = False
    same_links: bool = False
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.in_mkdocs and self.in_zensical and self.same_text and self.same_links


def first_difference(a: str, b: str, width: int = 60) -> str:
    at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return f"MkDocs …{a[max(0, at - 20):at + width]!r}… / Zensical …{b[max(0, at - 20):at + width]!r}…"


def compare_sites(mkdocs_site: Path, zensical_site: Path) -> list[PageResult]:
    pages = sorted({p.relative_to(s).as_posix() for s in (mkdocs_site, zensical_site) for p in s.rglob("*.html")})
    results = []
    for page in pages:
        r = PageResult(page, (mkdocs_site / page).is_file(), (zensical_site / page).is_file())
        if r.in_mkdocs and r.in_zensical:
            m, z = article(mkdocs_site, page), article(zensical_site, page)
            r.same_text, r.same_links = m.text == z.text, m.links == z.links
            if not r.same_text:
                r.detail = first_difference(m.text, z.text)
            elif not r.same_links:
                r.detail = "links differ: " + "; ".join(
                    f"{x} / {y}" for x, y in zip(m.links + ["–"] * len(z.links), z.links + ["–"] * len(m.links))
                    if x != y
                )[:300]
        results.append(r)
    return results


def yes(flag: bool) -> str:
    return "yes" if flag else "**no**"


def markdown(results: list[PageResult], versions: dict) -> str:
    same = sum(r.ok for r in results)
    lines = [
        "<!-- Generated by scripts/compare_builders.py; do not edit by hand. -->",
        "",
        f"MkDocs {versions['mkdocs']} with Material {versions['material']}, against Zensical {versions['zensical']}. "
        f"{same} of {len(results)} pages exist in both builds with the same article text and links.",
        "",
        "| Page | MkDocs | Zensical | Same article text | Same links | Difference |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        both = r.in_mkdocs and r.in_zensical
        lines.append(
            f"| `{r.page}` | {yes(r.in_mkdocs)} | {yes(r.in_zensical)} | {yes(r.same_text) if both else '–'} | "
            f"{yes(r.same_links) if both else '–'} | {r.detail.replace('|', '&#124;') or '–'} |"
        )
    lines += ["", "What Zensical does not do here, and what the site does instead:", "",
              "| Feature | Why not in Zensical | Without it |", "| --- | --- | --- |"]
    lines += [f"| {feature} | {why} | {instead} |" for feature, why, instead in GAPS]
    return "\n".join(lines) + "\n"


def versions() -> dict:
    from importlib.metadata import version

    import subprocess

    zensical = subprocess.run([str(builders.ZENSICAL), "--version"], capture_output=True, text=True).stdout.strip()
    return {"mkdocs": version("mkdocs"), "material": version("mkdocs-material"), "zensical": zensical}


def build_both(tmp: Path, project: Path = ROOT, site_url: str = builders.SITE_URL) -> tuple[Path, Path]:
    sites = tmp / "mkdocs-site", tmp / "zensical-site"
    for builder, out in zip(builders.BUILDERS, sites):
        builders.build(builder, project, out, site_url)
    return sites


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"also write {TABLE.relative_to(ROOT)}")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dwg-compare-") as tmp:
        results = compare_sites(*build_both(Path(tmp)))
    table = markdown(results, versions())
    print(table)
    if args.write:
        TABLE.write_text(table, encoding="utf-8")
        print(f"wrote {TABLE.relative_to(ROOT)}")
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
