"""Shared fixtures: the real seed, the synthetic fixture dumps, and one real build of both."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "sources" / "000_3c331c23e3cc1b3f.txt"
FIXTURES = ROOT / "tests" / "fixtures" / "dumps"
CORPUS = ROOT.parent / "shared" / "corpus"  # the development corpus, beside the repository (optional)
METADATA = ROOT / "metadata"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_document():
    from vragen.read.dump import read_dump

    return read_dump(SEED, display_name="sources/" + SEED.name)


@pytest.fixture(scope="session")
def fixture_documents():
    from vragen.read.dump import read_dump

    return {p.stem: read_dump(p) for p in sorted(FIXTURES.glob("*.txt"))}


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """One real build of the seed plus a second (synthetic) answer: sources -> packages -> db."""
    from vragen.build import build

    base = tmp_path_factory.mktemp("built")
    sources = base / "sources"
    sources.mkdir()
    shutil.copy(SEED, sources / SEED.name)
    shutil.copy(FIXTURES / "matrix_totals.txt", sources / "matrix_totals.txt")
    out = base / "build"
    report = build(sources=sources, out=out, metadata=METADATA, collection=base / "datapackage.json")
    assert report.ok, [f.render() for f in report.findings]
    return out


def digests(out: Path) -> dict[str, str]:
    """sha256 of every file under `out`, by relative path: to compare two builds byte for byte."""
    import hashlib

    return {str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file()}


def copy_seed(tmp_path: Path, edit=None, name: str | None = None) -> Path:
    """A copy of the seed in a fresh sources folder, optionally edited (a different input)."""
    sources = tmp_path / "sources"
    sources.mkdir(exist_ok=True)
    text = SEED.read_text(encoding="utf-8")
    if edit:
        text = edit(text)
    target = sources / (name or SEED.name)
    target.write_text(text, encoding="utf-8")
    return sources


sys.path.insert(0, str(ROOT / "scripts"))  # the one synthetic generator tests and benchmarks share


@pytest.fixture(scope="session")
def fixture_pdfs(tmp_path_factory) -> dict[str, Path]:
    """The synthetic fixture PDFs, drawn once per test session by scripts/fixture_pdfs.py."""
    import fixture_pdfs as generator

    return generator.write_all(tmp_path_factory.mktemp("pdfs"))
