"""The repository stands alone: every link, cited path and citation resolves.

One test per tracked ``*.md``, ``*.py`` and ``*.toml`` file (``git ls-files``;
a walk that skips ``.git``, ``.venv`` and build output where git is missing)
checks that the file

(a) has no relative Markdown link (or image) whose target does not exist, nor a
    link to a Markdown file whose ``#anchor`` is not defined there (explicit
    ``id``/``name`` attributes and GitHub's heading slugs count);
(b) cites no repository path (``docs/...``, ``src/...``, ``configs/...``,
    ``experiments/...``, ``benchmarks/...``, ``tests/...``; ``models/...``,
    ``solvers/...``, ``runs/...``, ``plotting/...`` and ``deterrence/...``
    are read inside the package, ``src/deterrence/``) that does not exist;
    ``{a,b}`` is expanded, ``*`` is globbed, ``{name}`` templates are skipped;
(c) names none of the briefing files the project was specified from, which the
    repository does not contain;
(d) in ``docs/*.md`` and ``README.md``: makes no author-year citation
    (``Fearon 1995``, ``Leeds et al. 2000``, ``Gilboa & Schmeidler 1989``,
    ``Selten (1975)``) without an entry in ``docs/references.md``, matched on
    the first author's surname and the year.

Each failure names the file, the line and the target.
"""

from __future__ import annotations

import functools
import glob
import itertools
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REFERENCES = "docs/references.md"
SUFFIXES = (".md", ".py", ".toml")
SKIP_DIRS = {
    ".git",
    ".venv",
    "venv",
    "build",
    "dist",
    "__pycache__",
    ".pytest_cache",
    ".hypothesis",
    ".ruff_cache",
    "results",
}

# (c) The briefing files the project was specified from.  Spelled in pieces so
# that this file does not mention them itself.
BRIEFING_FILES = ("MODEL" + ".md", "REFERENCES" + ".md", "source-article" + ".md", "STYLE" + ".md")
BRIEFING = re.compile("|".join(r"(?<![\w-])" + re.escape(name) + r"\b" for name in BRIEFING_FILES))

# (b) Cited repository paths.
TOP_DIRS = ("docs", "src", "configs", "experiments", "benchmarks", "tests")
PACKAGE_DIRS = ("models", "solvers", "runs", "plotting", "deterrence")
_SEGMENT = r"(?:(?:\{[\w.\-,]+\}|[\w.\-*])+)"
PATH = re.compile(
    r"(?<![\w/.\-])(?:\.\./|\./)*"
    rf"(?P<path>(?:{'|'.join(TOP_DIRS + PACKAGE_DIRS)})/(?:{_SEGMENT}/)*{_SEGMENT}?/?)"
)

# (a) Markdown links and images, inline and reference-style.
INLINE_LINK = re.compile(
    r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?(?P<target>[^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)"
)
REFERENCE_LINK = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(?P<target>\S+?)>?(?:\s|$)", re.M)
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.\-]*:|//)", re.I)
EXPLICIT_ANCHOR = re.compile(r"""<a\s[^>]*?(?:id|name)\s*=\s*["']([^"']+)["']""", re.I)
HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$", re.M)

# (d) Author-year citations.  A name is a capitalised word (Sobol', Sjöström,
# Bueno de Mesquita, von Stengel); the authors are one name, "Name et al.",
# "Name & Name", "Name, Name & Name" or "Name–Name"; the year may sit in
# parentheses or after a comma.
_NAME = r"(?:(?:von|van|de|der|du|Bueno de)\s)?[A-Z][\w'’]*(?:[\-–][A-Z][\w'’]*)?"
CITATION = re.compile(
    rf"(?<![\w.])(?P<authors>{_NAME}(?:(?:,\s*{_NAME})*,?\s+(?:&|and)\s+{_NAME}|\s+et\s+al\.)?)"
    r"(?:'s|’s)?,?\s+\(?(?P<year>1[5-9]\d\d|20[0-4]\d)(?:[a-z])?(?![\d\-–/])"
)
# Capitalised words that come before a year but are not authors: months,
# sentence openers, and the places, events and documents the docs date.
_NOT_AUTHORS = """
    January February March April May June July August September October November December
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
    In On At By For From Since Until Till Before After During Through Between To Of And Or
    The A An Its Their This That Each Every Both Until Circa About Around Year Years
    Art Article Articles Treaty Treaties Declaration Pact Alliance Charter Statement Protocol
    Mission Sea Exercise Exercises Vostok Tsentr Zapad Kavkaz Patrol Roadmap Cooperation
    NATO US USA UK USSR PRC ROC PLA SCO EU UN
    Russia China Taiwan Korea Japan India Goa Portugal Sweden Britain France Germany Ukraine
    Russia–China China–North Russia-China China-North Sino Soviet Warsaw Windsor Moscow Beijing
    Qingdao Okhotsk Baltic Mediterranean Vladivostok Shandong Chelyabinsk Khabarovsk Taonan
    Python Numba NumPy SciPy Gambit pygambit Version
"""
NOT_AUTHORS = frozenset(_NOT_AUTHORS.split())


# ----------------------------------------------------------------------------- files
def repository_files() -> list[str]:
    """Tracked (and new, not ignored) files of the three kinds, repository-relative."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        names = [n for n in out.splitlines() if n.endswith(SUFFIXES) and (ROOT / n).is_file()]
    except (OSError, subprocess.CalledProcessError):
        names = [
            str(p.relative_to(ROOT))
            for p in ROOT.rglob("*")
            if p.suffix in SUFFIXES
            and p.is_file()
            and not (set(p.relative_to(ROOT).parts[:-1]) & SKIP_DIRS)
            and not any(part.endswith(".egg-info") for part in p.parts)
        ]
    return sorted(set(names))


FILES = repository_files()


def line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _blank(m: re.Match) -> str:
    return re.sub(r"[^\n]", " ", m.group(0))


def without_fences(text: str) -> str:
    """Markdown text with fenced code blocks blanked (offsets kept)."""
    return re.sub(r"^(\s*)(```|~~~).*?^\1\2[^\n]*$", _blank, text, flags=re.M | re.S)


def without_code(text: str) -> str:
    """Markdown text with fenced code blocks and inline code blanked (offsets kept)."""
    return re.sub(r"(`+)[^`\n]*?\1", _blank, without_fences(text))


# --------------------------------------------------------------------------- anchors
def github_slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"<[^>]+>", "", heading)  # inline HTML (e.g. <a id=...></a>)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links keep their text
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


@functools.cache
def anchors(rel: str) -> frozenset[str]:
    text = (ROOT / rel).read_text(encoding="utf-8")
    found = set(EXPLICIT_ANCHOR.findall(text))
    seen: dict[str, int] = {}
    for m in HEADING.finditer(without_fences(text)):
        slug = github_slug(m.group(2))
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        found.add(slug if n == 0 else f"{slug}-{n}")
    return frozenset(found)


# ----------------------------------------------------------------------------- (a)
def broken_links(rel: str, text: str) -> list[str]:
    problems = []
    here = (ROOT / rel).parent
    scan = without_code(text)
    for pattern in (INLINE_LINK, REFERENCE_LINK):
        for m in pattern.finditer(scan):
            target = m.group("target")
            if EXTERNAL.match(target):
                continue
            where = f"{rel}:{line_of(text, m.start())}"
            path, _, fragment = target.partition("#")
            dest = (here / path).resolve() if path else (ROOT / rel).resolve()
            try:
                dest_rel = dest.relative_to(ROOT).as_posix()
            except ValueError:
                problems.append(f"{where}: link leaves the repository: {target}")
                continue
            if not dest.exists():
                problems.append(f"{where}: link target does not exist: {target}")
            elif fragment and dest.suffix == ".md" and fragment not in anchors(dest_rel):
                problems.append(f"{where}: no anchor #{fragment} in {dest_rel}: {target}")
    return problems


# ----------------------------------------------------------------------------- (b)
def expand(path: str) -> list[str]:
    """Brace alternatives expanded; [] for a template such as ``{name}``."""
    parts = re.split(r"(\{[^}]*\})", path)
    choices = []
    for part in parts:
        if part.startswith("{"):
            if "," not in part:
                return []
            choices.append(part[1:-1].split(","))
        else:
            choices.append([part])
    return ["".join(p) for p in itertools.product(*choices)]


def resolve(path: str) -> Path:
    top = path.split("/", 1)[0]
    if top == "deterrence":
        return ROOT / "src" / path
    if top in PACKAGE_DIRS:
        return ROOT / "src" / "deterrence" / path
    return ROOT / path


def cited_path_exists(path: str) -> bool:
    target = resolve(path)
    if "*" in path:
        return bool(glob.glob(str(target)))
    return target.exists()


def missing_paths(rel: str, text: str) -> list[str]:
    problems = []
    for m in PATH.finditer(text):
        raw = m.group("path").rstrip(".")
        if raw.endswith("/") and raw.count("/") == 1:
            continue  # a bare "models/" or "docs/" names a layer, checked elsewhere if at all
        for path in expand(raw):
            if not cited_path_exists(path):
                where = f"{rel}:{line_of(text, m.start())}"
                problems.append(f"{where}: cited path does not exist: {path}")
    return problems


# ----------------------------------------------------------------------------- (c)
def briefing_mentions(rel: str, text: str) -> list[str]:
    return [
        f"{rel}:{line_of(text, m.start())}: names a file the repository does not contain: "
        f"{m.group(0)}"
        for m in BRIEFING.finditer(text)
    ]


# ----------------------------------------------------------------------------- (d)
def first_author(authors: str) -> str:
    name = re.split(r",|\s+&\s+|\s+and\s+|\s+et\s+al\.", authors)[0].strip()
    if not name.startswith(("von ", "van ", "de ", "der ", "du ", "Bueno de ")):
        name = re.split(r"[\-–]", name)[0]  # "Lemke–Howson" is a pair of authors
    return re.sub(r"'s$", "", name.replace("’", "'"))


def entry_keys(heading: str) -> set[tuple[str, str]]:
    """(first author, year) pairs an entry heading answers to ("Harsanyi 1967–68": both)."""
    m = re.search(r"(1[5-9]\d\d|20[0-4]\d)(?:[a-z])?(?:[–\-](\d{2,4}))?", heading)
    if not m:
        return set()
    author = first_author(heading[: m.start()].strip().rstrip(","))
    years = {m.group(1)}
    if m.group(2):
        end = m.group(2)
        years.add(m.group(1)[: 4 - len(end)] + end)
    return {(author, y) for y in years}


@functools.cache
def bibliography() -> frozenset[tuple[str, str]]:
    """Every (first author, year) with an entry in docs/references.md, aliases included."""
    path = ROOT / REFERENCES
    if not path.exists():
        return frozenset()
    text = path.read_text(encoding="utf-8")
    keys: set[tuple[str, str]] = set()
    for m in re.finditer(r"^#{2,4}\s+(.*)$", text, re.M):
        keys |= entry_keys(re.sub(r"<[^>]+>", "", m.group(1)))
    for m in re.finditer(r"^Cited as:\s*(.+)$", text, re.M):
        for alias in m.group(1).split(";"):
            keys |= entry_keys(alias.strip().rstrip("."))
    return frozenset(keys)


def unresolved_citations(rel: str, text: str) -> list[str]:
    problems = []
    scan = without_code(text)
    for m in CITATION.finditer(scan):
        author = first_author(m.group("authors"))
        if author in NOT_AUTHORS or m.group("authors").split()[0] in NOT_AUTHORS:
            continue
        if (author, m.group("year")) not in bibliography():
            where = f"{rel}:{line_of(text, m.start())}"
            problems.append(
                f"{where}: citation without an entry in {REFERENCES}: "
                f"{m.group('authors')} {m.group('year')}"
            )
    return problems


def cites_literature(rel: str) -> bool:
    return rel == "README.md" or (
        rel.startswith("docs/") and rel.endswith(".md") and rel != REFERENCES
    )


# ---------------------------------------------------------------------------- tests
@pytest.mark.parametrize("rel", FILES)
def test_file_stands_alone(rel: str) -> None:
    text = (ROOT / rel).read_text(encoding="utf-8")
    problems = []
    if rel.endswith(".md"):
        problems += broken_links(rel, text)
    problems += missing_paths(rel, text)
    problems += briefing_mentions(rel, text)
    if cites_literature(rel):
        problems += unresolved_citations(rel, text)
    assert not problems, f"{len(problems)} problem(s) in {rel}:\n" + "\n".join(problems)


def test_files_were_found() -> None:
    assert REFERENCES in FILES and "README.md" in FILES
    assert any(f.endswith(".py") for f in FILES) and any(f.endswith(".toml") for f in FILES)


def test_bibliography_entries_have_unique_anchors_and_a_year() -> None:
    """Every entry (a ### heading before the known values) has its own anchor and a year."""
    text = (ROOT / REFERENCES).read_text(encoding="utf-8")
    ids = EXPLICIT_ANCHOR.findall(text)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    bibliography_part = text.split("\n## Known values", 1)[0]
    entries = re.findall(r"^((?:<a [^>]*></a>\s*)*)###\s+(.*)$", bibliography_part, re.M)
    assert len(entries) >= 100
    without_anchor = [title for anchor, title in entries if not anchor]
    assert not without_anchor, f"entries without an anchor: {without_anchor}"
    no_year = [title for _, title in entries if not entry_keys(title) and "n.d." not in title]
    assert not no_year, f"entries without a year: {no_year}"


@pytest.mark.parametrize(
    "citation, key",
    [
        ("Fearon 1995", ("Fearon", "1995")),
        ("as Leeds et al. 2000 find", ("Leeds", "2000")),
        ("(Gilboa & Schmeidler 1989)", ("Gilboa", "1989")),
        ("Klibanoff, Marinacci & Mukerji 2005", ("Klibanoff", "2005")),
        ("Lemke–Howson (1964)", ("Lemke", "1964")),
        ("Selten's (1975) game", ("Selten", "1975")),
        ("von Stengel 2007, Alg. 3.4", ("von Stengel", "2007")),
        ("Sobol' 2001", ("Sobol'", "2001")),
        ("Bueno de Mesquita 1979", ("Bueno de Mesquita", "1979")),
    ],
)
def test_citation_pattern(citation: str, key: tuple[str, str]) -> None:
    m = CITATION.search(citation)
    assert m and (first_author(m.group("authors")), m.group("year")) == key


@pytest.mark.parametrize(
    "text",
    [
        "Joint Sea 2012",
        "in July 2019",
        "Vostok 2018",
        "Russia–China 2019",
        "Goa 1961",
        "Python 3.11",
    ],
)
def test_dates_are_not_citations(text: str) -> None:
    for m in CITATION.finditer(text):
        author = first_author(m.group("authors"))
        assert author in NOT_AUTHORS or m.group("authors").split()[0] in NOT_AUTHORS


def test_every_bibliography_key_resolves() -> None:
    """Each entry answers to its own heading (so docs can cite it as written there)."""
    assert ("Fearon", "1995") in bibliography()
    assert ("Harsanyi", "1968") in bibliography()
    assert ("Kashin", "2019") in bibliography()


def test_citation_cff_is_valid() -> None:
    yaml = pytest.importorskip("yaml")
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert cff["title"] == "deterrence" and cff["version"] == "0.1.0"
    assert cff["license"] == "MIT" and cff["type"] == "software"
    assert cff["message"] and cff["abstract"] and cff["keywords"]
    assert cff["authors"] == [{"name": "The deterrence authors"}]
    (source,) = [r for r in cff["references"] if r["authors"][0].get("family-names") == "Kashin"]
    assert source["year"] == 2019 and "Russian International Affairs Council" in str(source)


def test_license_is_mit() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "Copyright (c) 2026 the deterrence authors" in text
