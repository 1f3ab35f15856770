"""Load benchmark of the portal on a SYNTHETIC legislature (scripts/synthetic.py; never published).

Generates 10,000 answers, builds them, serves them with `vragen serve` (immutable, inspect file,
the public settings) on loopback, and runs a bounded load: 8 concurrent clients on each page kind,
the portal's (home, search, answer, table) and the Datasette JSON pages and exports a program uses
(every table filtered by its table or answer id, `answers` search, the canned queries). Prints
median and 99th-percentile latency, requests per second and errors per kind, and each median as a
ratio to the server's floor (`/-/versions.json`, measured in the same run). Targets: median < 150
ms, p99 < 500 ms, >= 50 requests/s, 0 errors.

    python benchmarks/site_benchmark.py [--answers 10000] [--clients 8] [--seconds 10] [--keep DIR]
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--answers", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--keep", type=Path, help="work (and keep the corpus and build) in this folder")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="vragen-site-bench-"))
    sources, out = work / "sources", work / "build"
    if not (out / "vragen.db").exists():
        (work / "metadata").mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "metadata" / "codelists.yaml", work / "metadata")
        shutil.copytree(ROOT / "metadata" / "codelists", work / "metadata" / "codelists", dirs_exist_ok=True)
        synthetic.corpus(args.answers, sources, seed=5)  # 0-4 tables an answer, about 2.5 on average
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "vragen.cli", "build", "-q", "--sources", str(sources), "--out",
                        str(out), "--metadata", str(work / "metadata")], check=False)
        print(f"build: {time.perf_counter() - started:.0f} s")
    with sqlite3.connect(out / "vragen.db") as db:
        answers = [r[0] for r in db.execute("select id from answers")]
        tables = [r[0] for r in db.execute("select id from tables")]
        cells = db.execute("select count(*) from cells").fetchone()[0]
    print(f"corpus: {len(answers)} answers, {len(tables)} tables, {cells} values (synthetic)")
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
            "search": [f"/zoek?q={w}" for w in ["trajecten", "dossiers", "premies", "overzicht", "subsidies"]]
                      + ["/zoek?theme=Werk", "/zoek?q=aanvragen&minister=Jo+Brouns"],
            "answer page": [f"/antwoord/{a}" for a in rng.sample(answers, min(2000, len(answers)))],
            "table page": [f"/tabel/{t}" for t in rng.sample(tables, min(2000, len(tables)))],
            "table csv": [f"/tabel/{t}.csv" for t in some_tables],
            "cells by table": [f"/vragen/cells.json?table_id={quote(t)}" for t in some_tables],
            "labels by table": [f"/vragen/cell_labels.json?table_id={quote(t)}" for t in some_tables],
            "cells by answer": [f"/vragen/cells.json?answer_id={a}" for a in some_answers],
            "tables by answer": [f"/vragen/tables.json?answer_id={a}" for a in some_answers],
            "answers search": [f"/vragen/answers.json?_search={w}" for w in ["trajecten", "dossiers", "premies"]],
            "canned: codelist": ["/vragen/waarden_per_codelijst.json?codelijst=provincies"],
            "canned: label": [f"/vragen/waarden_per_label.json?dimensie=provincie&label={p}"
                              for p in ["Antwerpen", "Limburg", "Oost-Vlaanderen"]],
            "canned: table": [f"/vragen/tabel.json?tabel={quote(t)}" for t in some_tables],
            "export: table": [f"/export/tabel.csv?tabel={quote(t)}" for t in some_tables],
        }
        ok = True
        for kind, paths in kinds.items():
            load(port, paths[:3], 2, 1)  # warm up
            result = load(port, paths, args.clients, args.seconds)
            good = result["median_ms"] < 150 and result["p99_ms"] < 500 and result["rps"] >= 50 \
                and result["errors"] == 0
            ok &= good
            print(f"{kind:22s} median {result['median_ms']:6.1f} ms ({result['median_ms'] / floor['median_ms']:4.1f}x "
                  f"floor)  p99 {result['p99_ms']:7.1f} ms  {result['rps']:6.1f} req/s  {result['errors']} errors: "
                  f"{'OK' if good else 'MISSED'}")
        print("all targets met" if ok else "some targets MISSED")
    finally:
        server.terminate()
        server.wait(timeout=10)
        if not args.keep:
            shutil.rmtree(work)


if __name__ == "__main__":
    main()
