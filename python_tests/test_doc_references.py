"""Every pointer into the documentation resolves (issue 13): code comments, error messages,
YAML descriptions and Markdown send readers to README sections and docs/ pages, and a pointer
to a section that was renamed or moved is a dead end nobody notices. Checked:

- references written in prose, anywhere in the repository's code, SQL, YAML and Markdown:
  a file (the top-level README, any path/README.md, or docs/<page>.md), optionally followed by
  #anchor, or by one or more quoted section names (`README, "Verdicts"`,
  `README "Settings and their defaults" and "Checks"`, `docs/statistics.md "Calibration as a
  change"`): the file exists, each anchor is a heading's GitHub anchor and each quoted section
  a heading (or a heading's part before its colon, so "Gates" names "Gates: `dbt build ...`");
- relative links in Markdown files, `[text](path#anchor)`: the file exists, the anchor too.
Fast: reads files, runs nothing."""

from __future__ import annotations

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCANNED_SUFFIXES = {".py", ".sql", ".yml", ".yaml", ".md", ".toml", ".cfg", ".sh"}
SCANNED_NAMES = {"Makefile", "run"}  # run: .ci/run
# generated, installed or third-party trees: not the repository's own text
SKIPPED_DIRS = {
    ".git",
    ".venv",
    "target",
    "dbt_packages",
    "logs",
    "build",
    "out",
    "artifacts",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    ".mypy_cache",
}

# A file reference: not preceded by a path character, so the `README.md` of `../README.md` is
# left to the Markdown link check, which resolves it relative to its file.
FILE = r"(?<![\w./-])(?P<file>(?:[\w-][\w.-]*/)*README(?:\.md)?|docs/[\w-]+\.md)\b"
# a space, or a line break with the comment marker that may start the next line
GAP = r"(?:[ ]|[ ]*\n[ ]*(?:#+|--|//|\*)?[ ]*)"
# a quoted section name, which a line may wrap once; several may follow one file:
# `README "A" and "B"`, `README, "A", "B"`
NAME = r"""[^"'\n]+?(?:\n[^"'\n]+?)?"""
QUOTED = rf"""["']{NAME}["']"""
REFERENCE = re.compile(
    FILE
    + r"(?:#(?P<anchor>[\w-]+)"
    + rf"|(?P<sections>,?{GAP}{QUOTED}(?:(?:,|,? and){GAP}{QUOTED})*))?"
)
SECTION = re.compile(rf"""["']({NAME})["']""")
# the line break of a wrapped section name, comment marker included
WRAP = re.compile(r"\s*\n\s*(?:#+|--|//|\*)?\s*")
LINK = re.compile(r"!?\[[^\]\n]*\]\((?P<target>[^)\s]+)\)")
FENCE = re.compile(r"^\s*(```|~~~)")


def scanned_files() -> list[Path]:
    files = []
    for directory, subdirectories, names in os.walk(ROOT):
        subdirectories[:] = [
            d
            for d in subdirectories
            if d not in SKIPPED_DIRS and not d.endswith(".egg-info") and d != ".peers-venv"
        ]
        for name in names:
            path = Path(directory) / name
            if path.suffix in SCANNED_SUFFIXES or name in SCANNED_NAMES:
                files.append(path)
    return sorted(files)


def headings(markdown: str) -> list[str]:
    """The headings of a Markdown text, outside fenced code (where `#` starts a comment)."""
    found, fenced = [], False
    for line in markdown.splitlines():
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced and (match := re.match(r"^#{1,6}\s+(.+?)\s*#*\s*$", line)):
            found.append(match.group(1))
    return found


def anchors(markdown: str) -> set[str]:
    """GitHub's anchors: lower case, punctuation but - and _ dropped, spaces to hyphens, a
    repeated heading suffixed -1, -2..."""
    seen: dict[str, int] = {}
    result = set()
    for heading in headings(markdown):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        result.add(f"{slug}-{seen[slug]}" if slug in seen else slug)
        seen[slug] = seen.get(slug, 0) + 1
    return result


def section_names(markdown: str) -> set[str]:
    names = set()
    for heading in headings(markdown):
        plain = heading.replace("`", "").strip()
        names.add(plain)
        names.add(plain.split(": ")[0])
    return names


def broken_references(text: str, source: Path, root: Path = ROOT) -> list[str]:
    """What is wrong with the references in `text` (from `source`), one line each."""
    problems = []
    where = source.relative_to(root) if source.is_relative_to(root) else source
    for match in REFERENCE.finditer(text):
        name = match.group("file")
        if name == "README":
            name = "README.md"
        elif name.endswith("/README"):
            name += ".md"
        line = text.count("\n", 0, match.start()) + 1
        target = root / name
        if not target.is_file():
            problems.append(f"{where}:{line}: {match.group(0)!r}: no file {name}")
            continue
        if target.suffix != ".md":
            continue
        markdown = target.read_text()
        anchor = match.group("anchor")
        if anchor and anchor not in anchors(markdown):
            problems.append(f"{where}:{line}: {match.group(0)!r}: no heading #{anchor} in {name}")
        for quoted in SECTION.findall(match.group("sections") or ""):
            section = WRAP.sub(" ", quoted)
            if section not in section_names(markdown):
                problems.append(
                    f"{where}:{line}: {match.group(0)!r}: no section {section!r} in {name}"
                )
    if source.suffix == ".md":
        problems += broken_links(text, source, where)
    return problems


def broken_links(markdown: str, source: Path, where: Path) -> list[str]:
    """Relative Markdown links (not in fenced code) to files that do not exist, or to anchors
    that are not headings of their file."""
    problems, fenced = [], False
    for line_number, line in enumerate(markdown.splitlines(), start=1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        for match in LINK.finditer(line):
            link = match.group("target")
            if re.match(r"^[a-z][a-z0-9+.-]*:", link):  # https:, mailto:
                continue
            path, _, anchor = link.partition("#")
            target = (source.parent / path).resolve() if path else source
            if not target.exists():
                problems.append(f"{where}:{line_number}: link {link!r}: no file {path}")
            elif anchor and target.suffix == ".md" and anchor not in anchors(target.read_text()):
                problems.append(f"{where}:{line_number}: link {link!r}: no heading #{anchor}")
    return problems


def test_every_documentation_reference_resolves() -> None:
    this_file = Path(__file__).resolve()
    problems = []
    for path in scanned_files():
        if path.resolve() == this_file:  # its examples below are broken on purpose
            continue
        try:
            text = path.read_text()
        except UnicodeDecodeError:
            continue
        problems += broken_references(text, path)
    assert not problems, "broken documentation references:\n" + "\n".join(problems)


def test_the_scan_reaches_code_sql_yaml_and_markdown() -> None:
    scanned = {path.relative_to(ROOT).as_posix() for path in scanned_files()}
    for expected in [
        "README.md",
        "retrain_gate/cli.py",
        "macros/config/defaults.sql",
        "models/marts/_marts.yml",
        "docs/statistics.md",
        "Makefile",
    ]:
        assert expected in scanned, expected


def test_a_broken_reference_is_caught() -> None:
    """The checker itself: each form of reference, broken, is reported; intact, it is not."""
    source = ROOT / "retrain_gate" / "example.py"
    intact = [
        'see README, "Command line".',
        "(README, 'Command line')",
        'README "Command line" and "Schedule it nightly"',
        "README.md#command-line",
        "docs/statistics.md",
        'docs/statistics.md, "Calibration as a change"',
        "docs/statistics.md#calibration-as-a-change",
        'docs/statistics.md, "Calibration\n  # as a change"',
        'README,\n  -- "Command line"',
    ]
    for text in intact:
        assert broken_references(text, source) == [], text
    broken = [
        'see README, "No such section".',
        "(README, 'No such section')",
        'README "Command line" and "No such section"',
        "README.md#no-such-anchor",
        "docs/no_such_page.md",
        'docs/statistics.md, "No such section"',
        "docs/statistics.md#no-such-anchor",
        "bench/NO_SUCH/README.md",
        'README,\n  -- "No such section"',
    ]
    for text in broken:
        assert len(broken_references(text, source)) == 1, text


def test_a_broken_markdown_link_is_caught() -> None:
    source = ROOT / "docs" / "example.md"
    assert broken_references("[ok](statistics.md#calibration-as-a-change)", source) == []
    assert broken_references("[ok](../README.md#command-line)", source) == []
    assert len(broken_references("[no](no_such_page.md)", source)) == 1
    assert len(broken_references("[no](statistics.md#no-such-anchor)", source)) == 1
    assert broken_references("```\n[in code](no_such_page.md)\n```", source) == []
