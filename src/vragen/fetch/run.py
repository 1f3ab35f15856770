"""Find written questions, read their records, download the answer PDFs into `sources/`.

Each answered question becomes two files the build reads: `<pfile>.pdf` (the answer, named after
its pfile id) and `<pfile>.record.json` (the record's metadata: number, session year, dates,
asker, minister, title, theme, links). Questions not answered yet are listed, not stored. The
search API returns at most 10,000 results per query, so a date range with more is split in two.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

from ..model import WARNING, Finding
from .client import Client, FetchError, NotFound, Unreachable
from .records import Record, parse_record

API_BASE = "https://ws.vlpar.be"
SEARCH_CAP = 10_000
PAGE_SIZE = 100


@dataclass
class FetchReport:
    found: list[str] = field(default_factory=list)  # record ids discovered or given
    stored: list[str] = field(default_factory=list)  # pfile ids written into sources/
    unchanged: list[str] = field(default_factory=list)  # already in sources/ with the same content
    unanswered: list[dict] = field(default_factory=list)  # id, number, title, status
    findings: list[Finding] = field(default_factory=list)
    requests: int = 0
    # The newest date the search lists for each record (publication, status): a cached answered
    # record older than that has changed since, and is asked again.
    listed: dict[str, str] = field(default_factory=dict, repr=False)

    def as_dict(self) -> dict:
        return {"found": self.found, "stored": self.stored, "unchanged": self.unchanged,
                "unanswered": self.unanswered, "requests": self.requests,
                "findings": [f.as_dict() for f in self.findings]}

    def summary(self) -> str:
        return (f"{len(self.found)} questions found; {len(self.stored)} answers stored, {len(self.unchanged)} "
                f"unchanged, {len(self.unanswered)} not answered yet; {len(self.findings)} warnings; "
                f"{self.requests} requests to the network")


def session_range(session: str) -> tuple[dt.date, dt.date]:
    """A parliamentary year runs from the fourth Monday of September to the day before the next."""
    start_year = int(session.split("-")[0])

    def fourth_monday(year: int) -> dt.date:
        first = dt.date(year, 9, 1)
        return first + dt.timedelta(days=(7 - first.weekday()) % 7 + 21)

    return fourth_monday(start_year), fourth_monday(start_year + 1) - dt.timedelta(days=1)


def _search_url(api_base: str, since: dt.date, until: dt.date, page: int) -> str:
    query = f"inmeta:publicatiedatum:daterange:{since.isoformat()}..{until.isoformat()}"
    return (f"{api_base}/api/search/query/{quote(query)}?collection=vp_collection&sort=date&max={PAGE_SIZE}"
            f"&page={page}&requiredfields=aggregaattype:Schriftelijke%20vraag")


_DATED_TAGS = ("publicatiedatum", "statusdatumSchvBeantwoord", "themadatum")


def _hit_date(result: dict) -> str | None:
    """The newest ISO date a search hit carries (its own date, publication and status dates)."""
    dates = [str(result.get("date") or "")[:10]] + [
        str(t.get("value") or "")[:10] for t in (result.get("metatags") or {}).get("metatag", [])
        if isinstance(t, dict) and t.get("name") in _DATED_TAGS]
    dates = [d for d in dates if re.fullmatch(r"\d{4}-\d{2}-\d{2}", d)]
    return max(dates) if dates else None


def _hit_id(result: dict) -> str | None:
    tags = {t.get("name"): t.get("value") for t in (result.get("metatags") or {}).get("metatag", [])
            if isinstance(t, dict)}
    for candidate in (tags.get("opendata"), result.get("id")):
        match = re.search(r"/schv/(\d+)|be\.vlp\.feed/(\d+)/", candidate or "")
        if match:
            return match.group(1) or match.group(2)
    return None


def discover(client: Client, api_base: str, since: dt.date, until: dt.date, report: FetchReport) -> list[str]:
    """Record ids of written questions published in [since, until], newest first. Stops at a page
    that brings no new id, and after the API's cap of pages."""
    client.allowed_hosts.add((urlsplit(api_base).hostname or "").lower())  # the API the run was given
    cacheable = until < dt.date.today()  # a past range does not change; today's may
    first = json.loads(client.get(_search_url(api_base, since, until, 1), use_cache=cacheable).text())
    count = int(first.get("count") or 0)
    if count > SEARCH_CAP and since < until:
        middle = since + (until - since) // 2
        return discover(client, api_base, middle + dt.timedelta(days=1), until, report) + \
            discover(client, api_base, since, middle, report)
    if count > SEARCH_CAP:
        report.findings.append(Finding(WARNING, "fetch.cap", f"{count} results on {since}: only {SEARCH_CAP} can be "
                                       "read", hint="the search API caps one query at 10,000 results"))
    ids: list[str] = []
    seen: set[str] = set()
    page, results = 1, first.get("result") or []
    while results and page <= SEARCH_CAP // PAGE_SIZE + 1:
        for result in results:
            hit, when = _hit_id(result), _hit_date(result)
            if hit and when and when > report.listed.get(hit, ""):
                report.listed[hit] = when
        new = [i for i in (_hit_id(r) for r in results) if i and i not in seen]
        if not new:
            break  # a page with no new ids: the service repeats itself, and would forever
        ids += new
        seen.update(new)
        if len(ids) >= min(count, SEARCH_CAP) or len(results) < PAGE_SIZE:
            break
        page += 1
        results = json.loads(client.get(_search_url(api_base, since, until, page), use_cache=cacheable).text()
                             ).get("result") or []
    return ids


def _pfile(url: str) -> str | None:
    match = re.search(r"[?&]id=(\d+)", url)
    return match.group(1) if match else None


def _write(path: Path, data: bytes) -> bool:
    """Write atomically; False when the file already holds exactly these bytes."""
    if path.exists() and path.read_bytes() == data:
        return False
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(path)
    return True


DOCUMENT_URL = "https://docs.vlaamsparlement.be/pfile?id={pfile}"


def record_sidecar(record: Record, pdf_url: str) -> bytes:
    # The portal links the parliament's own address of the document, whatever mirror it came from.
    canonical = DOCUMENT_URL.format(pfile=_pfile(pdf_url)) if _pfile(pdf_url) else None
    data = {"id": record.id, "number": record.number, "session": record.session, "title": record.title,
            "theme": record.theme, "asker": record.asker, "minister": record.minister, "asked": record.asked,
            "answered": record.answered, "status": record.status, "pdf_url": canonical, "fetched_from": pdf_url,
            "page_url": record.page_url,
            "answer_kind": record.answer_kind, "in_time": record.in_time,
            "attachments": [DOCUMENT_URL.format(pfile=_pfile(u)) for u in record.pdf_urls[1:] if _pfile(u)],
            "source": "Vlaams Parlement open data, /e/opendata/schv/" + record.id}
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def fetch(sources: Path, client: Client, api_base: str = API_BASE, since: dt.date | None = None,
          until: dt.date | None = None, ids: list[str] | None = None, accept_json: bool = False,
          progress=None) -> FetchReport:
    report = FetchReport()
    client.allowed_hosts.add((urlsplit(api_base).hostname or "").lower())  # the API the run was given
    if ids:
        report.found = list(dict.fromkeys(ids))
    else:
        report.found = discover(client, api_base, since, until or dt.date.today(), report)
    claimed: dict[str, str] = {}  # pfile -> the record that stored it in this run
    for done, record_id in enumerate(report.found, start=1):
        if progress:
            progress(done, len(report.found), record_id)
        try:
            _fetch_one(sources, client, api_base, record_id, accept_json, report, claimed)
        except Unreachable:
            raise
        except FetchError as error:  # one bad response never stops the run
            report.findings.append(Finding(WARNING, "fetch.failed", f"record {record_id}: {error}",
                                           hint="nothing was stored for it; run the fetch again later"))
    report.requests = client.requests
    return report


def _fetch_one(sources: Path, client: Client, api_base: str, record_id: str, accept_json: bool,
               report: FetchReport, claimed: dict[str, str]) -> None:
    url = f"{api_base}/e/opendata/schv/{record_id}"
    accept = "application/json" if accept_json else None
    try:
        response = client.get(url, accept=accept)
        record, findings = parse_record(record_id, response.text(), response.content_type)
        listed = report.listed.get(record_id)
        if response.cached and (not record.is_answered or (listed and listed > (record.answered or "")[:10])):
            # Unanswered when it was cached: the answer may have come since (a daily update must
            # see it). Answered, but the search lists a newer date than its answer: it changed
            # (a corrected answer, a new attachment). Otherwise it stays cached.
            response = client.get(url, accept=accept, use_cache=False)
            record, findings = parse_record(record_id, response.text(), response.content_type)
    except NotFound:
        report.findings.append(Finding(WARNING, "fetch.no-record", f"record {record_id} does not exist",
                                       hint="check the id"))
        return
    except ValueError as error:
        report.findings.append(Finding(WARNING, "fetch.bad-record", str(error),
                                       hint=f"the raw response is cached under {client.cache}"))
        return
    report.findings += findings
    pdfs = [u for u in record.pdf_urls if _pfile(u)]
    if not record.is_answered or not pdfs:
        report.unanswered.append({"id": record_id, "number": record.number, "title": record.title,
                                  "status": record.status})
        return
    pdf_url = pdfs[0]  # bestand-ordered: the answer document first, attachments (Excel ...) after it
    try:
        pdf = client.get(pdf_url)
    except NotFound:
        report.findings.append(Finding(WARNING, "fetch.no-pdf", f"record {record_id}: {pdf_url} is not there",
                                       hint="try again later"))
        return
    kind = sniff(pdf.body)
    if kind not in (".pdf", ".docx", ".doc"):
        report.findings.append(Finding(WARNING, "fetch.not-a-document", f"record {record_id}: {pdf_url} returned "
                                       f"{'a ' + kind + ' file' if kind else 'no PDF or Word file'}, which is not "
                                       "an answer document", hint="nothing was stored; check the record on the "
                                       "parliament's site"))
        return
    # Written as soon as both are in: an interrupted run keeps what it finished, and the cache
    # spares a re-run every request it already made.
    pfile = _pfile(pdf_url)
    if pfile in claimed:
        report.findings.append(Finding(WARNING, "fetch.same-pfile", f"records {claimed[pfile]} and {record_id} "
                                       f"name the same document {pfile}; only the first is stored",
                                       hint="check both records on the parliament's site"))
        return
    claimed[pfile] = record_id
    sources.mkdir(parents=True, exist_ok=True)
    changed = _write(sources / f"{pfile}{kind}", pdf.body)
    for number, url in enumerate((u for u in record.pdf_urls[1:] if _pfile(u)), start=1):
        changed |= _attachment(sources, client, record_id, pfile, number, url, report)
    changed |= _write(sources / f"{pfile}.record.json", record_sidecar(record, pdf_url))
    (report.stored if changed else report.unchanged).append(pfile)


def sniff(body: bytes) -> str | None:
    """What a document is, by its bytes (a URL says nothing): .pdf, .docx, .xlsx, .doc, or None."""
    if body.lstrip()[:5] == b"%PDF-":
        return ".pdf"
    if body[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":  # the old binary Office format
        # Its directory names the streams in UTF-16: a Word file has "WordDocument", Excel "Workbook".
        if "WordDocument".encode("utf-16-le") in body:
            return ".doc"
        return ".xls" if "Workbook".encode("utf-16-le") in body or "Book".encode("utf-16-le") in body else None
    if body[:2] == b"PK":
        import io
        import zipfile

        try:
            names = set(zipfile.ZipFile(io.BytesIO(body)).namelist())
        except zipfile.BadZipFile:
            return None
        return ".docx" if "word/document.xml" in names else ".xlsx" if "xl/workbook.xml" in names else None
    return None


def _attachment(sources: Path, client: Client, record_id: str, pfile: str, number: int, url: str,
                report: FetchReport) -> bool:
    """An attachment after the answer in `bestand-ordered`: stored as <pfile>-bijlage-<N>.xlsx (or .xls,
    an old workbook) when it is one (the build reads those); anything else is listed in the record only."""
    try:
        body = client.get(url).body
    except (NotFound, FetchError) as error:  # the answer is stored without it
        if isinstance(error, Unreachable):
            raise
        report.findings.append(Finding(WARNING, "fetch.no-attachment", f"record {record_id}: attachment {url} could "
                                       f"not be fetched ({type(error).__name__})", hint="try again later"))
        return False
    kind = sniff(body)
    if kind not in (".xlsx", ".xls"):
        return False
    return _write(sources / f"{pfile}-bijlage-{number}{kind}", body)
