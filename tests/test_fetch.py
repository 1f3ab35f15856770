"""`vragen fetch` against a local fixture server on 127.0.0.1: XML and JSON records, a record
without PDF, a 5xx, a time-out, a truncated body; caching, resuming, no network; then a build of
what was fetched, with the parliament's metadata taking precedence."""

import datetime as dt
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

import pytest
from click.testing import CliRunner

from vragen.build import build
from vragen.cli import cli
from vragen.fetch.client import Client, FetchError
from vragen.fetch.records import parse_record
from vragen.fetch.run import fetch, session_range

from conftest import METADATA

FIXTURES = Path(__file__).parent / "fixtures" / "opendata"


class Server:
    """Serves the fixture responses; `faults[path]` lists misbehaviours to play before answering."""

    def __init__(self, pdfs: dict[str, bytes]):
        self.pdfs = pdfs
        self.faults: dict[str, list[str]] = {}
        self.records: dict[str, str] = {}  # record id -> XML that replaces the fixture file
        self.hits: list[str] = []
        self.search_handler = None
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                owner.hits.append(self.path)
                path = self.path.split("?")[0]
                faults = owner.faults.get(path) or owner.faults.get(self.path)
                if faults:
                    fault = faults.pop(0)
                    if fault == "503":
                        return self._send(503, b"busy", "text/plain")
                    if fault.startswith(("429 after ", "503 after ")):  # busy: come back in N seconds
                        self.send_response(int(fault[:3]))
                        self.send_header("Retry-After", fault.split()[-1])
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                    if fault == "timeout":
                        time.sleep(1.0)
                        return self._send(200, b"late", "text/plain")
                    if fault == "endless":  # a body that never ends
                        self.send_response(200)
                        self.send_header("Content-Type", "application/pdf")
                        self.end_headers()
                        try:
                            while True:
                                self.wfile.write(b"%PDF-" + b"x" * 65536)
                        except OSError:
                            return
                    if fault == "trickle":  # one byte at a time, each well within the socket time-out
                        self.send_response(200)
                        self.send_header("Content-Type", "application/pdf")
                        self.end_headers()
                        try:
                            for _ in range(200):
                                self.wfile.write(b"x")
                                self.wfile.flush()
                                time.sleep(0.05)
                        except OSError:
                            pass
                        return
                    if fault.startswith("redirect "):
                        self.send_response(302)
                        self.send_header("Location", fault.split(" ", 1)[1])
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                    if fault == "deep":
                        return self._send(200, b"[" * 100000 + b"]" * 100000, "application/json")
                    if fault == "truncate":
                        self.send_response(200)
                        self.send_header("Content-Type", "application/json")
                        self.send_header("Content-Length", "5000")
                        self.end_headers()
                        self.wfile.write(b'{"id": 90')
                        return
                base = f"http://127.0.0.1:{owner.port}"
                if path.startswith("/api/search/query/"):
                    if owner.search_handler:
                        return self._send(200, json.dumps(owner.search_handler(unquote(self.path))).encode(),
                                          "application/json")
                    body = (FIXTURES / "search.json").read_text().replace("{base}", base)
                    return self._send(200, body.encode(), "application/json")
                match = re.match(r"^/e/opendata/schv/(\d+)$", path)
                if match and match.group(1) in owner.records:  # a record as it reads today
                    return self._send(200, owner.records[match.group(1)].replace("{base}", base).encode(),
                                      "application/xml")
                if match:
                    wants_json = "json" in (self.headers.get("Accept") or "")
                    for suffix, kind in ([(".json", "application/json"), (".xml", "application/xml")] if wants_json
                                         else [(".xml", "application/xml"), (".json", "application/json")]):
                        file = FIXTURES / f"{match.group(1)}{suffix}"
                        if file.exists():
                            return self._send(200, file.read_text().replace("{base}", base).encode(), kind)
                    return self._send(404, b"not found", "text/plain")
                if path == "/pfile":
                    pfile = self.path.split("id=")[-1]
                    if pfile in owner.pdfs:
                        return self._send(200, owner.pdfs[pfile], "application/pdf")
                return self._send(404, b"not found", "text/plain")

            def _send(self, status, body, content_type):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server(fixture_pdfs):
    s = Server({"9100101": fixture_pdfs["ruled.pdf"].read_bytes(), "9100102": fixture_pdfs["long.pdf"].read_bytes(),
                "9100111": fixture_pdfs["bijlage.xlsx"].read_bytes()})  # 9000101's attachment
    yield s
    s.close()


def client(tmp_path) -> Client:
    return Client(cache=tmp_path / "cache", delay=0, timeout=0.5, backoff=0.01)


FEBRUARY = dict(since=dt.date(2024, 2, 1), until=dt.date(2024, 2, 28))


def test_fetch_writes_the_expected_sources_despite_faults(server, tmp_path):
    server.faults = {"/e/opendata/schv/9000101": ["503"], "/pfile?id=9100101": ["timeout"],
                     "/e/opendata/schv/9000102": ["truncate"]}
    c = client(tmp_path)
    report = fetch(tmp_path / "sources", c, api_base=server.url, **FEBRUARY)
    assert report.found == ["9000101", "9000102", "9000103"]
    assert sorted(report.stored) == ["9100101", "9100102"]
    assert [q["id"] for q in report.unanswered] == ["9000103"]
    assert sorted(p.name for p in (tmp_path / "sources").iterdir()) == [
        "9100101-bijlage-1.xlsx", "9100101.pdf", "9100101.record.json", "9100102.pdf", "9100102.record.json"]
    record = json.loads((tmp_path / "sources" / "9100101.record.json").read_text())
    assert (record["number"], record["session"], record["asker"], record["minister"], record["theme"]) == (
        501, "2023-2024", "Tom Peeters", "Matthias Diependaele", "Wonen")
    assert record["asked"] == "2024-01-12" and record["answered"] == "2024-02-09"
    assert record["page_url"].endswith("/schriftelijke-vragen/9000101")
    assert len(c.log) == 3 and all("retry 1" in line for line in c.log)  # 5xx, time-out, truncated body


def test_a_second_run_downloads_only_what_may_have_changed(server, tmp_path):
    fetch(tmp_path / "sources", client(tmp_path), api_base=server.url, **FEBRUARY)
    hits = len(server.hits)
    again = client(tmp_path)
    report = fetch(tmp_path / "sources", again, api_base=server.url, **FEBRUARY)
    # Only the record that was not answered yet is asked again; answered ones and PDFs are cached.
    assert again.requests == 1 and server.hits[hits:] == ["/e/opendata/schv/9000103"]
    assert report.stored == [] and sorted(report.unchanged) == ["9100101", "9100102"]


def test_a_failing_document_is_reported_and_the_next_run_fetches_only_it(server, tmp_path):
    server.faults = {"/pfile?id=9100102": ["503"] * 10}
    report = fetch(tmp_path / "sources", client(tmp_path), api_base=server.url, **FEBRUARY)
    (failed,) = [f for f in report.findings if f.code == "fetch.failed"]
    assert "9000102" in failed.message and "gave up" in failed.message
    assert [q["id"] for q in report.unanswered] == ["9000103"]  # the run went on after the failure
    assert (tmp_path / "sources" / "9100101.pdf").exists() and not (tmp_path / "sources" / "9100102.pdf").exists()
    server.faults = {}
    server.hits.clear()
    resumed = client(tmp_path)
    report = fetch(tmp_path / "sources", resumed, api_base=server.url, **FEBRUARY)
    assert report.stored == ["9100102"] and report.unchanged == ["9100101"]
    # Only what the first run did not finish (the PDF that failed), and the unanswered record.
    assert sorted(server.hits) == ["/e/opendata/schv/9000103", "/pfile?id=9100102"] and resumed.requests == 2


def test_json_records_and_explicit_ids(server, tmp_path):
    c = client(tmp_path)
    report = fetch(tmp_path / "sources", c, api_base=server.url, ids=["9000102"], accept_json=True)
    assert report.stored == ["9100102"]
    assert any("schv/9000102" in hit for hit in server.hits) and not any("/api/search" in h for h in server.hits)


def test_no_network_is_one_line_exit_2_and_nothing_written(tmp_path):
    result = CliRunner().invoke(cli, ["fetch", "--since", "2024-02-01", "--until", "2024-02-28", "--api-base",
                                      "http://127.0.0.1:9", "--sources", str(tmp_path / "sources"), "--cache",
                                      str(tmp_path / "cache"), "--delay", "0"])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and result.output.startswith("error: cannot reach 127.0.0.1:9")
    assert not (tmp_path / "sources").exists()


def test_the_search_cap_is_handled_by_splitting_the_date_range(server, tmp_path):
    def search(path):
        since, until = re.search(r"daterange:(\S+)\.\.(\S+?)\?", path).groups()
        days = (dt.date.fromisoformat(until) - dt.date.fromisoformat(since)).days + 1
        count = days * 400  # 400 questions a day: a range over 25 days exceeds 10,000
        return {"count": count, "result": [{"id": f"http://be.vlp.feed/{since.replace('-', '')}/pfls/1"}]}

    server.search_handler = search
    from vragen.fetch.run import FetchReport, discover
    ids = discover(client(tmp_path), server.url, dt.date(2024, 1, 1), dt.date(2024, 3, 31), FetchReport())
    ranges = [tuple(dt.date.fromisoformat(d) for d in re.search(r"daterange:(\S+)\.\.(\S+?)\?", unquote(h)).groups())
              for h in server.hits]
    leaves = sorted(r for r in ranges if (r[1] - r[0]).days + 1 <= 25)  # answered in one query
    assert len(ids) == len(set(ids)) == len(leaves) >= 4
    # the leaves cover the three months exactly, without gaps or overlaps
    assert leaves[0][0] == dt.date(2024, 1, 1) and leaves[-1][1] == dt.date(2024, 3, 31)
    assert all(b[0] == a[1] + dt.timedelta(days=1) for a, b in zip(leaves, leaves[1:]))


def test_fetch_cli_then_build_publishes_with_the_parliaments_metadata(server, tmp_path):
    sources = tmp_path / "sources"
    result = CliRunner().invoke(cli, ["fetch", "--session", "2023-2024", "--api-base", server.url, "--sources",
                                      str(sources), "--cache", str(tmp_path / "cache"), "--delay", "0", "--json"])
    assert result.exit_code == 0, result.output
    assert "not answered yet: record 9000103" in result.output
    report = build(sources=sources, out=tmp_path / "build", metadata=METADATA)
    assert report.answers == ["2023-2024-501", "2023-2024-502"]
    descriptor = json.loads((tmp_path / "build" / "packages" / "2023-2024-502" / "datapackage.json").read_text())
    answer = descriptor["vragen:answer"]
    # The PDF says 3 februari 2024, the record 2 February: the record wins, the difference is reported.
    assert answer["date"] == "2024-02-02" and answer["theme"] == "Wonen"
    assert answer["page_url"].endswith("/9000102") and answer["pdf_url"].endswith("pfile?id=9100102")
    differs = [f for f in report.findings if f.code == "record.differs"]
    assert len(differs) == 1 and "question date" in differs[0].message


def test_session_range():
    assert session_range("2023-2024") == (dt.date(2023, 9, 25), dt.date(2024, 9, 22))


def test_record_parser_is_tolerant():
    xml = (FIXTURES / "9000101.xml").read_text()
    record, findings = parse_record("9000101", xml.replace("<vraagnummer>501</vraagnummer>", ""), "application/xml")
    assert record.number is None and [f.code for f in findings] == ["record.field"] and "9000101" in findings[0].message
    assert record.asker == "Tom Peeters" and record.is_answered
    record, findings = parse_record("9000102", (FIXTURES / "9000102.json").read_text(), "application/json")
    assert (record.number, record.theme, record.asked, record.in_time) == (502, "Wonen", "2024-02-02", True)
    # the search API's metatag name, in older shapes, is read too
    record, _ = parse_record("9000101", xml.replace("vraagnummer>", "nummer>"), "application/xml")
    assert record.number == 501
    with pytest.raises(ValueError, match="truncated"):
        parse_record("9000102", '{"id": 90', "application/json")
    record, findings = parse_record("1", "<schriftelijke-vraag><raar>x</raar></schriftelijke-vraag>")
    assert not record.is_answered and len(findings) >= 4



# --- bounded: no response, redirect or repetition can hold or stop a run ------------------------


@pytest.mark.parametrize("fault, words", [("endless", "larger than"), ("trickle", "longer than"),
                                          ("redirect file:///etc/passwd", "allowed host"),
                                          ("redirect https://evil.example/x.pdf", "allowed host")])
def test_a_hostile_document_response_fails_that_record_only(server, tmp_path, fault, words):
    server.faults = {"/pfile?id=9100101": [fault] * 4}
    c = Client(cache=tmp_path / "cache", delay=0, timeout=2, backoff=0.01, retries=0, max_bytes=1024 * 1024,
               deadline=2.0)
    started = time.monotonic()
    report = fetch(tmp_path / "sources", c, api_base=server.url, **FEBRUARY)
    assert time.monotonic() - started < 30
    assert report.stored == ["9100102"]  # the other answer is fetched
    (failed,) = [f for f in report.findings if f.code == "fetch.failed"]
    assert "9000101" in failed.message and words in failed.message


def test_a_record_nested_too_deep_is_a_bad_record_not_a_crash(server, tmp_path):
    server.faults = {"/e/opendata/schv/9000101": ["deep"]}
    report = fetch(tmp_path / "sources", client(tmp_path), api_base=server.url, **FEBRUARY)
    assert report.stored == ["9100102"]
    assert any(f.code == "fetch.bad-record" and "9000101" in f.message for f in report.findings)


def test_a_search_that_repeats_its_page_ends(server, tmp_path):
    server.search_handler = lambda path: {"count": 5000, "result": [
        {"id": f"http://be.vlp.feed/{9000101 + i}/pfls/1"} for i in range(100)]}
    from vragen.fetch.run import FetchReport, discover
    ids = discover(client(tmp_path), server.url, dt.date(2024, 2, 1), dt.date(2024, 2, 28), FetchReport())
    assert len(ids) == 100 and sum("/api/search" in h for h in server.hits) == 2


def test_two_records_naming_the_same_document_store_it_once_and_say_so(server, tmp_path):
    report = fetch(tmp_path / "sources", client(tmp_path), api_base=server.url, ids=["9000101", "9000101"])
    report = fetch(tmp_path / "other", client(tmp_path / "b"), api_base=server.url, ids=["9000101", "9000102"])
    assert sorted(report.stored) == ["9100101", "9100102"]  # different documents: both
    from vragen.fetch.run import FetchReport, _fetch_one
    claimed = {"9100101": "9000999"}
    again, c = FetchReport(), client(tmp_path / "c")
    c.allowed_hosts.add("127.0.0.1")
    _fetch_one(tmp_path / "third", c, server.url, "9000101", False, again, claimed)
    assert [f.code for f in again.findings] == ["fetch.same-pfile"] and not (tmp_path / "third").exists()



def test_the_answer_document_is_the_first_file_of_the_record(server, tmp_path):
    report = fetch(tmp_path / "sources", client(tmp_path), api_base=server.url, ids=["9000101"])
    assert report.stored == ["9100101"]  # not the attachment listed after it
    record = json.loads((tmp_path / "sources" / "9100101.record.json").read_text())
    assert record["number"] == 501  # from `vraagnummer`
    assert record["attachments"] == ["https://docs.vlaamsparlement.be/pfile?id=9100111"]


def test_a_daily_update_sees_an_answer_published_since_the_last_run(server, tmp_path, fixture_pdfs):
    first = fetch(tmp_path / "sources", client(tmp_path), api_base=server.url, **FEBRUARY)
    assert [q["id"] for q in first.unanswered] == ["9000103"]
    # Day 2: the parliament publishes the answer.
    answered = (FIXTURES / "9000103.xml").read_text().replace(
        "</procedureverloop>", "<stap><status>Tijdig beantwoord</status><datum>2024-03-01</datum></stap>"
        "</procedureverloop><bestand-ordered><bestand><URL>{base}/pfile?id=9100103</URL></bestand></bestand-ordered>")
    server.records["9000103"] = answered
    server.pdfs["9100103"] = fixture_pdfs["quarters.pdf"].read_bytes()
    second = fetch(tmp_path / "sources", client(tmp_path), api_base=server.url, **FEBRUARY)
    assert second.stored == ["9100103"] and second.unanswered == []
    assert sorted(second.unchanged) == ["9100101", "9100102"]  # answered records come from the cache
    report = build(sources=tmp_path / "sources", out=tmp_path / "build", metadata=METADATA)
    assert "2023-2024-503" in report.answers



def test_word_answers_and_excel_attachments_are_stored_by_what_they_are_and_built(server, tmp_path, fixture_pdfs):
    server.pdfs["9100102"] = fixture_pdfs["word.docx"].read_bytes()  # 9000102 answered in Word
    report = fetch(tmp_path / "sources", client(tmp_path), api_base=server.url, **FEBRUARY)
    assert sorted(report.stored) == ["9100101", "9100102"]
    assert sorted(p.name for p in (tmp_path / "sources").iterdir()) == [
        "9100101-bijlage-1.xlsx", "9100101.pdf", "9100101.record.json", "9100102.docx", "9100102.record.json"]
    built = build(sources=tmp_path / "sources", out=tmp_path / "build", metadata=METADATA)
    assert built.answers == ["2023-2024-501", "2023-2024-502"]
    methods = {}
    for answer in built.answers:
        descriptor = json.loads((tmp_path / "build" / "packages" / answer / "datapackage.json").read_text())
        methods[answer] = sorted({r["vragen:provenance"]["method"] for r in descriptor["resources"]
                                  if r["name"].startswith("tabel")})
    assert "xlsx" in methods["2023-2024-501"] and methods["2023-2024-502"] == ["docx-table"]


def test_an_old_word_answer_is_stored_as_doc_and_anything_else_is_reported(server, tmp_path):
    old_word = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64 + "WordDocument".encode("utf-16-le") + b"\x00" * 600
    server.pdfs["9100101"] = old_word
    report = fetch(tmp_path / "sources", client(tmp_path), api_base=server.url, **FEBRUARY)
    assert sorted(report.stored) == ["9100101", "9100102"]
    assert (tmp_path / "sources" / "9100101.doc").read_bytes() == old_word
    server.pdfs["9100101"] = b"GIF89a" + b"\x00" * 600
    report = fetch(tmp_path / "other", client(tmp_path / "again"), api_base=server.url, **FEBRUARY)
    assert report.stored == ["9100102"]
    (finding,) = [f for f in report.findings if f.code == "fetch.not-a-document"]
    assert "9000101" in finding.message and "nothing was stored" in finding.hint


@pytest.mark.parametrize("status", ["429", "503"])
def test_a_busy_server_is_asked_again_when_it_says(server, tmp_path, status):
    """`Retry-After: 1` is honoured (the back-off alone would wait 0.01 s), and the run goes on."""
    server.faults = {"/pfile?id=9100101": [f"{status} after 1"]}
    c = client(tmp_path)
    c.allowed_hosts.add("127.0.0.1")
    started = time.monotonic()
    response = c.get(f"{server.url}/pfile?id=9100101")
    assert time.monotonic() - started >= 1.0
    assert response.body.startswith(b"%PDF") and server.hits.count("/pfile?id=9100101") == 2
    assert any(f"HTTP {status}" in line for line in c.log)


async def test_fetch_build_serve_walkthrough_offline(server, tmp_path, monkeypatch):
    """The README's walkthrough, command for command, against the fixture server."""
    from vragen.serve import make_app

    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(cli, ["fetch", "--since", "2024-02-01", "--until", "2024-02-28", "--api-base", server.url,
                                 "--sources", "sources", "--cache", ".cache/fetch", "--delay", "0"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["build", "--sources", "sources", "--out", "build", "--metadata", "metadata"])
    assert result.exit_code == 0, result.output
    app = make_app(tmp_path / "build")  # what `vragen serve build` runs
    for answer in ("2023-2024-501", "2023-2024-502"):
        page = await app.client.get(f"/antwoord/{answer}")
        assert page.status_code == 200
        tables = re.findall(rf'href="(/tabel/{answer}/[^"]+)"', page.text)
        assert tables, answer
        assert (await app.client.get(tables[0])).status_code == 200
        assert (await app.client.get(tables[0] + ".csv")).status_code == 200


def test_an_answered_record_the_search_lists_as_newer_is_fetched_again(server, tmp_path):
    """Answered records stay cached, unless the search gives them a date after their answer: then
    the record changed (here, a corrected title) and the next run asks for it again."""
    until_today = dict(since=dt.date(2024, 2, 1), until=dt.date.today())  # a daily update's range: not cached
    fetch(tmp_path / "sources", client(tmp_path), api_base=server.url, **until_today)
    base = json.loads((FIXTURES / "search.json").read_text())
    later = json.loads(json.dumps(base))
    for result in later["result"]:
        if "9000101" in result["id"]:
            result["metatags"]["metatag"].append({"name": "statusdatumSchvBeantwoord", "value": "2024-02-20"})
    server.search_handler = lambda path: json.loads(json.dumps(later).replace("{base}", server.url))
    server.records["9000101"] = (FIXTURES / "9000101.xml").read_text().replace(
        "Aanvragen per provincie en type", "Aanvragen per provincie en type (verbeterd)")
    server.hits.clear()
    second = fetch(tmp_path / "sources", client(tmp_path), api_base=server.url, **until_today)
    assert "/e/opendata/schv/9000101" in server.hits and "/e/opendata/schv/9000102" not in server.hits
    assert second.stored == ["9100101"] and second.unchanged == ["9100102"]
    assert "(verbeterd)" in (tmp_path / "sources" / "9100101.record.json").read_text()


def test_a_word_97_answer_is_fetched_stored_and_built_through_libreoffice(server, tmp_path, fixture_pdfs):
    from vragen.read.legacy import TABLE_METHOD, soffice

    if soffice() is None or "word.doc" not in fixture_pdfs:
        pytest.skip("LibreOffice is not installed (.ci/run installs it)")
    server.pdfs["9100102"] = fixture_pdfs["word.doc"].read_bytes()  # 9000102 answered in Word 97
    report = fetch(tmp_path / "sources", client(tmp_path), api_base=server.url, **FEBRUARY)
    assert (tmp_path / "sources" / "9100102.doc").exists() and "9100102" in report.stored
    built = build(sources=tmp_path / "sources", out=tmp_path / "build", metadata=METADATA)
    assert "2023-2024-502" in built.answers
    descriptor = json.loads((tmp_path / "build" / "packages" / "2023-2024-502" / "datapackage.json").read_text())
    tables = [r for r in descriptor["resources"] if r["name"].startswith("tabel")]
    assert tables and all(r["vragen:provenance"]["method"] == TABLE_METHOD for r in tables)
    assert all(r["vragen:provenance"]["file"].endswith("9100102.doc") for r in tables)


def test_an_old_excel_attachment_is_stored_as_xls(server, tmp_path, fixture_pdfs):
    if "bijlage.xls" not in fixture_pdfs:
        pytest.skip("LibreOffice (with Calc) is not installed (.ci/run installs it)")
    server.pdfs["9100111"] = fixture_pdfs["bijlage.xls"].read_bytes()  # 9000101's attachment, in Excel 97
    fetch(tmp_path / "sources", client(tmp_path), api_base=server.url, **FEBRUARY)
    assert (tmp_path / "sources" / "9100101-bijlage-1.xls").read_bytes() == fixture_pdfs["bijlage.xls"].read_bytes()
    assert not (tmp_path / "sources" / "9100101-bijlage-1.xlsx").exists()
