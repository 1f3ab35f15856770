"""Load benchmark of the portal on a SYNTHETIC legislature (never published): by default answers in the
development corpus's shapes (scripts/realistic.py: row groups, two-level headers, wide tables,
dumped by four extractors), or scripts/synthetic.py's three simple shapes (`--shapes simple`).

Generates 10,000 answers, builds them, serves them with `vragen serve` (immutable, inspect file,
the public settings) on loopback, and runs a bounded load: 8 concurrent clients on each page kind,
the portal's (home, search, answer, table) and the Datasette JSON pages and exports a program uses
(every table filtered by its table or answer id, `answers` search, the canned queries). Prints
median and 99th-percentile latency, requests per second and errors per kind, and each median as a
ratio to the server's floor (`/-/versions.json`, measured in the same run). Targets: median < 150
ms, p99 < 500 ms, >= 50 requests/s, 0 errors; the DCAT-AP catalogue, a bulk download, > 20 MB/s.

    python benchmarks/site_benchmark.py [--answers 10000] [--shapes realistic|simple] [--clients 8]
                                        [--seconds 10] [--keep DIR]
"""

from __future__ import annotations

import argparse
import http.client
import random
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import realistic  # noqa: E402
import synthetic  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load(port: int, paths: list[str], clients: int, seconds: float) -> dict:
    """`clients` threads, each on its own keep-alive connection, until `seconds` have passed."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(seed: int):
        rng = random.Random(seed)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine, failed = [], 0
        while time.monotonic() < stop:
            path = rng.choice(paths)
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    failed += 1
            except (OSError, http.client.HTTPException):
                failed += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    return {"requests": len(latencies), "rps": len(latencies) / elapsed, "errors": errors[0],
            "median_ms": statistics.median(latencies) * 1000 if latencies else float("nan"),
            "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000 if latencies else float("nan")}


def _answering(port: int, paths: list[str]) -> list[str]:
    """The paths that answer 200 (not every table has a chart)."""
    connection, found = http.client.HTTPConnection("127.0.0.1", port, timeout=30), []
    for path in paths:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        if response.status == 200:
            found.append(path)
    return found or ["/"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--answers", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--keep", type=Path, help="work (and keep the corpus and build) in this folder")
    parser.add_argument("--shapes", choices=["realistic", "simple"], default="realistic")
    parser.add_argument("--distinct", type=int, default=200, help="distinct realistic answers to cycle through")
    parser.add_argument("--kinds", help="only the page kinds whose name holds this text (e.g. xlsx)")
    parser.add_argument("--reuse", action="store_true",
                        help="serve the kept build as it is (no rebuild; a quick re-measure of one kind)")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="vragen-site-bench-"))
    sources, out = work / "sources", work / "build"
    if not sources.exists():
        (work / "metadata").mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "metadata" / "codelists.yaml", work / "metadata")
        shutil.copytree(ROOT / "metadata" / "codelists", work / "metadata" / "codelists", dirs_exist_ok=True)
        if args.shapes == "realistic":
            dumps = realistic.render_corpus(args.distinct, work / "rendered", seed=11)
            realistic.replicate(dumps, args.answers, sources)
        else:
            synthetic.corpus(args.answers, sources, seed=5)  # 0-4 tables an answer, about 2.5 on average
    # Built unless --reuse (an unchanged kept corpus rebuilds in seconds): the site must be this code's.
    if not args.reuse:
        started = time.perf_counter()
        with (work / "build.log").open("w") as log:  # the synthetic corpus's findings, thousands of lines
            subprocess.run([sys.executable, "-m", "vragen.cli", "build", "-q", "--sources", str(sources), "--out",
                            str(out), "--metadata", str(work / "metadata")], check=False, stderr=log)
        print(f"build: {time.perf_counter() - started:.0f} s (findings in {work / 'build.log'})")
    with sqlite3.connect(out / "vragen.db") as db:
        answers = [r[0] for r in db.execute("select id from answers")]
        tables = [r[0] for r in db.execute("select id from tables")]
        cells = db.execute("select count(*) from cells").fetchone()[0]
        # Search words and labels the corpus holds, whatever its shapes: the commonest long words of
        # the titles, the commonest labels of a dimension.
        words: dict[str, int] = {}
        for (title,) in db.execute("select title from answers"):
            for word in title.lower().split():
                if len(word) > 7 and word.isalpha():
                    words[word] = words.get(word, 0) + 1
        ranked = sorted(words, key=lambda w: (-words[w], w))
        common = ranked[:5] or ["trajecten"]
        themes = [r[0] for r in db.execute("select distinct theme from answers where theme is not null")] or ["Werk"]
        labels = db.execute("select dimension, label, count(*) as n from cell_labels where label is not null "
                            "group by dimension, label order by n desc limit 3").fetchall()
        places = [r[0] for r in db.execute("select distinct label from cell_labels where codelist = 'provincies' "
                                           "limit 3")]
    print(f"corpus: {len(answers)} answers, {len(tables)} tables, {cells} values ({args.shapes} shapes, synthetic)")
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "vragen.cli", "serve", str(out), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        rng = random.Random(1)
        some_answers = rng.sample(answers, min(2000, len(answers)))
        some_tables = rng.sample(tables, min(2000, len(tables)))
        floor = load(port, ["/-/versions.json"], args.clients, min(args.seconds, 5))
        print(f"{'floor':22s} median {floor['median_ms']:6.1f} ms  ({floor['rps']:.0f} req/s: /-/versions.json, "
              "the server doing nothing)")
        kinds = {
            "home": ["/"],
            "search": [f"/zoek?q={quote(w)}" for w in common] + ["/zoek?theme=Werk", f"/zoek?q={quote(common[0])}*"],
            # every request a different search (a word and a theme), so that few are remembered
            "search, all different": [f"/zoek?q={quote(w)}&theme={quote(t)}" for w in ranked[:400] for t in themes],
            "answer page": [f"/antwoord/{a}" for a in rng.sample(answers, min(2000, len(answers)))],
            "table page": [f"/tabel/{t}" for t in rng.sample(tables, min(2000, len(tables)))],
            "table csv": [f"/tabel/{t}.csv" for t in some_tables],
            "cells by table": [f"/vragen/cells.json?table_id={quote(t)}" for t in some_tables],
            "labels by table": [f"/vragen/cell_labels.json?table_id={quote(t)}" for t in some_tables],
            "cells by answer": [f"/vragen/cells.json?answer_id={a}" for a in some_answers],
            "tables by answer": [f"/vragen/tables.json?answer_id={a}" for a in some_answers],
            "answers search": [f"/vragen/answers.json?_search={quote(w)}" for w in common[:3]],
            "canned: codelist": ["/vragen/waarden_per_codelijst.json?codelijst=provincies"],
            "canned: label": [f"/vragen/waarden_per_label.json?dimensie={quote(d)}&label={quote(l)}"
                              for d, l, _ in labels],
            "canned: table": [f"/vragen/tabel.json?tabel={quote(t)}" for t in some_tables],
            "export: table": [f"/export/tabel.csv?tabel={quote(t)}" for t in some_tables],
            "table xlsx": [f"/tabel/{t}.xlsx" for t in some_tables],
            "chart svg": _answering(port, [f"/tabel/{t}/grafiek-1.svg" for t in some_tables[:300]]),
            "citation": [f"/citeer/{a}.bib" for a in some_answers],
            "place page": [f"/label/provincies/{quote(p)}" for p in places] or ["/"],
            "feed, sitemap": ["/nieuw.atom", "/sitemap.xml", "/sitemap-1.xml", "/robots.txt"],
        }
        ok = True
        for kind, paths in kinds.items():
            if args.kinds and args.kinds not in kind:
                continue
            load(port, paths[:3], 2, 1)  # warm up
            result = load(port, paths, args.clients, args.seconds)
            good = result["median_ms"] < 150 and result["p99_ms"] < 500 and result["rps"] >= 50 \
                and result["errors"] == 0
            ok &= good
            print(f"{kind:22s} median {result['median_ms']:6.1f} ms ({result['median_ms'] / floor['median_ms']:4.1f}x "
                  f"floor)  p99 {result['p99_ms']:7.1f} ms  {result['rps']:6.1f} req/s  {result['errors']} errors: "
                  f"{'OK' if good else 'MISSED'}")
        # The DCAT-AP catalogue is a bulk download (tens of MB at 10,000 answers): measured as throughput.
        for name in ("catalogus.ttl", "catalogus.jsonld") if not args.kinds or args.kinds in "bulk catalogue" else ():
            size = (out / name).stat().st_size
            result = load(port, [f"/{name}"], 2, min(args.seconds, 5))
            rate = size / 1e6 / (result["median_ms"] / 1000)
            print(f"{'bulk: ' + name:22s} {size / 1e6:5.1f} MB, median {result['median_ms']:6.0f} ms, {rate:5.0f} MB/s "
                  f"(2 clients), {result['errors']} errors: {'OK' if rate > 20 and not result['errors'] else 'MISSED'}")
            ok &= rate > 20 and not result["errors"]
        print("all targets met" if ok else "some targets MISSED")
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        if not args.keep:
            shutil.rmtree(work)


if __name__ == "__main__":
    main()
