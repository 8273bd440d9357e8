"""The feature IDs cited in code, tests and readmes (F1…, T1…, P1…) are described in the
repository itself (docs/FEATURES.md), never in a file a clone does not have (issue 19)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("*.py", "*.js", "*.xml", "*.md", "*.scss")
CITED = re.compile(r"\b([FTP])([1-9]\d?)\b")


def _files():
    yield ROOT / "README.md"
    for folder in ("addons", "tests", "tools", "bench", "docs"):
        for pattern in SOURCES:
            yield from (path for path in (ROOT / folder).rglob(pattern) if "/i18n" not in str(path))


def test_every_cited_feature_id_is_described_in_the_repository():
    described = set(re.findall(r"^\| ([FTP]\d+) \|", (ROOT / "docs" / "FEATURES.md").read_text(), re.M))
    cited = {}
    for path in _files():
        for match in CITED.finditer(path.read_text(encoding="utf-8")):
            cited.setdefault(match.group(0), path.relative_to(ROOT))
    assert cited, "the code cites feature IDs"
    assert {feature: path for feature, path in cited.items() if feature not in described} == {}


def test_no_pointer_to_files_outside_the_repository():
    outside = [str(path.relative_to(ROOT)) for path in _files()
               if re.search(r"shared/(SPEC|ARCHITECTURE|REFERENCE)", path.read_text(encoding="utf-8"))]
    assert outside == []
