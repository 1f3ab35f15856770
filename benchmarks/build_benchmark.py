"""Benchmark of the text-dump path on a SYNTHETIC corpus (scripts/synthetic.py; never published).

Prints, in one run:
  - extraction: text-dump answers per second on one core (target >= 200);
  - a full build of N answers with both cores (target: 10,000 under 180 s) and its peak memory
    (target under 1 GB), a no-change rebuild (target under 5 s), a rebuild after one change;
  - the database load rate against plain sqlite3 executemany of the same rows (target ratio >= 0.5).

    python benchmarks/build_benchmark.py [--answers 10000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import synthetic  # noqa: E402

from vragen.build import Job, extract, metadata_version  # noqa: E402
from vragen.read.sources import Source  # noqa: E402
from vragen.publish import INSERTS, Published, create_indexes, create_schema, database_rows, load_rows  # noqa: E402


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result


def run_build(work: Path) -> tuple[float, dict]:
    """`vragen build` in a child process; returns wall time and the child's peak memory (MiB)."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "vragen.cli", "build", "-q", "--sources", str(work / "sources"),
                             "--out", str(work / "build"), "--metadata", str(work / "metadata"), "--json"],
                            capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode not in (0, 1):
        raise SystemExit(result.stderr)
    return seconds, json.loads(result.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--answers", type=int, default=10_000)
    parser.add_argument("--sample", type=int, default=1_000, help="answers for the one-core extraction rate")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="vragen-bench-"))
    if work.exists() and args.keep:
        shutil.rmtree(work)
    (work / "metadata").mkdir(parents=True)
    shutil.copy(ROOT / "metadata" / "codelists.yaml", work / "metadata")
    shutil.copytree(ROOT / "metadata" / "codelists", work / "metadata" / "codelists")
    seconds, paths = timed(synthetic.corpus, args.answers, work / "sources")
    print(f"corpus: {len(paths)} synthetic answers written in {seconds:.1f} s ({work / 'sources'})")

    # 1. Extraction on one core: read, curate, package, for a sample of the corpus.
    shared = metadata_version(work / "metadata")
    scratch = work / "scratch"
    jobs = [Job(Source(p, p.name), scratch / f"{i:06d}", work / "metadata", shared)
            for i, p in enumerate(paths[: args.sample])]
    seconds, _ = timed(lambda: [extract(job) for job in jobs])
    rate = len(jobs) / seconds
    print(f"extraction, one core: {rate:.0f} answers/s ({len(jobs)} answers in {seconds:.2f} s; "
          f"target >= 200): {'OK' if rate >= 200 else 'MISSED'}")
    shutil.rmtree(scratch)

    # 2. Full build with both cores, then a no-change rebuild, then one changed answer.
    seconds, report = run_build(work)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"full build: {report['answers'].__len__()} answers, {report['tables']} tables, {report['values']} values "
          f"in {seconds:.1f} s (target < 180 s): {'OK' if seconds < 180 else 'MISSED'}")
    print(f"peak memory of the largest process: {peak:.0f} MiB (target < 1024 MiB): {'OK' if peak < 1024 else 'MISSED'}")
    seconds, _ = run_build(work)
    print(f"no-change rebuild: {seconds:.2f} s (target < 5 s): {'OK' if seconds < 5 else 'MISSED'}")
    changed = paths[len(paths) // 2]
    changed.write_text(changed.read_text(encoding="utf-8").replace("Er zijn geen", "Er zijn echt geen"),
                       encoding="utf-8")
    seconds, report = run_build(work)
    print(f"rebuild after one changed answer: {seconds:.1f} s (that answer and the database)")

    # 3. Database load: our writer against plain executemany of the same rows, same schema.
    packages = sorted((work / "build" / "packages").iterdir())
    batches = list(database_rows(packages, Published()))
    rows = sum(len(b[name]) for b in batches for name in INSERTS)

    def ours(path: Path):
        connection = sqlite3.connect(path)
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        create_schema(connection)
        load_rows(connection, [dict(b) for b in batches], Published())  # it takes each batch apart
        create_indexes(connection)
        connection.close()

    def plain(path: Path):
        connection = sqlite3.connect(path)
        create_schema(connection)
        create_indexes(connection)
        with connection:
            for name, statement in INSERTS.items():
                connection.executemany(statement, [row for b in batches for row in b[name]])
        connection.close()

    baseline, _ = timed(plain, work / "plain.db")
    ours_seconds, _ = timed(ours, work / "ours.db")
    ratio = baseline / ours_seconds
    print(f"database load: ours {rows / ours_seconds:,.0f} rows/s, plain sqlite3 executemany {rows / baseline:,.0f} "
          f"rows/s ({rows:,} rows): ratio {ratio:.2f} (target >= 0.5): {'OK' if ratio >= 0.5 else 'MISSED'}")
    publish_seconds, _ = timed(lambda: list(database_rows(packages, Published())))
    print(f"reading the packages for the database: {publish_seconds:.1f} s")
    if not args.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
