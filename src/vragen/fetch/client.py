"""A polite HTTP client for the parliament's open data: a delay between requests, a clear
User-Agent, retries with back-off on time-outs, 429/5xx (honouring `Retry-After`) and truncated
bodies, and a disk cache of the raw responses, so that a re-run fetches nothing twice and a parsing
problem can be replayed offline.

The transport is `requests` with urllib3's `Retry` (connection errors, time-outs before the
response, and 429/5xx with their `Retry-After`); a body that breaks off is retried here. Redirects
are followed here, one hop at a time, so that each target is checked before it is asked.

Bounded: a response body larger than `max_bytes` or slower than `deadline` seconds in all (a
socket time-out alone lets a server that sends one byte a second hold a run forever) fails that
request; requests and redirects go only to http(s) on the allowed hosts (the parliament's, and the
API base the run was given).
"""

from __future__ import annotations

import hashlib
import http.client
import json
import socket
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

USER_AGENT = ("vragen/0.1 (open data from the Flemish Parliament's written questions; "
              "https://github.com/vragen/vragen)")


class FetchError(Exception):
    """The service cannot be reached, or keeps failing: the run stops, nothing half-written."""


class Unreachable(FetchError):
    """The service itself cannot be reached: no use trying the next record."""


class NotFound(Exception):
    pass


DOCUMENT_HOSTS = frozenset({"ws.vlpar.be", "docs.vlaamsparlement.be", "www.vlaamsparlement.be"})


@dataclass
class Response:
    url: str
    body: bytes
    content_type: str
    cached: bool

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


@dataclass
class Client:
    cache: Path
    delay: float = 1.0  # seconds between two requests to the service
    timeout: float = 30.0
    retries: int = 3
    backoff: float = 2.0  # first wait after a failure; doubles each retry
    max_bytes: int = 200 * 1024 * 1024  # an answer's PDF is a few MB
    deadline: float = 300.0  # seconds for one response, however slowly it trickles in
    allowed_hosts: set[str] = field(default_factory=lambda: set(DOCUMENT_HOSTS))
    requests: int = 0  # requests that went to the network
    log: list[str] = field(default_factory=list)
    _last: float = 0.0
    _http: requests.Session | None = field(default=None, repr=False)

    def _paths(self, url: str, accept: str | None) -> tuple[Path, Path]:
        digest = hashlib.sha256(f"{accept or ''} {url}".encode()).hexdigest()
        folder = self.cache / digest[:2]
        return folder / f"{digest}.body", folder / f"{digest}.json"

    def get(self, url: str, accept: str | None = None, use_cache: bool = True) -> Response:
        body_path, meta_path = self._paths(url, accept)
        if use_cache and body_path.exists() and meta_path.exists():
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            return Response(url, body_path.read_bytes(), meta.get("content_type", ""), cached=True)
        response = self._fetch(url, accept)
        body_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = body_path.with_suffix(".tmp")
        tmp.write_bytes(response.body)
        tmp.replace(body_path)
        meta_path.write_text(json.dumps({"url": url, "accept": accept, "content_type": response.content_type}),
                             encoding="utf-8")
        return response

    def check(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or (parts.hostname or "").lower() not in self.allowed_hosts:
            raise FetchError(f"{url[:200]}: not an http(s) address on an allowed host")

    def _read(self, response: requests.Response, url: str) -> bytes:
        chunks, size, started = [], 0, time.monotonic()
        raw = response.raw
        while True:
            chunk = raw.read1(65536)  # what has arrived: a trickle cannot hide from the deadline
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(f"{url}: the response is larger than {self.max_bytes:,} bytes")
            if time.monotonic() - started > self.deadline:
                raise FetchError(f"{url}: the response took longer than {self.deadline:.0f} s")
            chunks.append(chunk)

    def _session(self) -> requests.Session:
        if self._http is None:
            retry = _LoggedRetry(
                log=self.log, total=self.retries, connect=self.retries, read=self.retries, status=self.retries,
                other=0, redirect=0, backoff_factor=self.backoff, backoff_max=60,
                status_forcelist=(429, 500, 502, 503, 504), allowed_methods=frozenset({"GET"}),
                respect_retry_after_header=True, raise_on_status=False, raise_on_redirect=False)
            self._http = requests.Session()
            self._http.mount("http://", HTTPAdapter(max_retries=retry))
            self._http.mount("https://", HTTPAdapter(max_retries=retry))
            self._http.headers.update({"User-Agent": USER_AGENT})
        return self._http

    def _open(self, url: str, headers: dict) -> requests.Response:
        """The response to `url` after at most ten redirects, each checked before it is followed."""
        for _ in range(10):
            self.check(url)
            wait = self._last + self.delay - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self._last = time.monotonic()
            self.requests += 1
            response = self._session().get(url, headers=headers, timeout=self.timeout, stream=True,
                                           allow_redirects=False)
            if not response.is_redirect:
                return response
            target = urljoin(url, response.headers.get("Location", ""))
            response.close()
            try:
                self.check(target)
            except FetchError:
                raise FetchError(f"{url}: HTTP {response.status_code}, a redirect to an address that is not an "
                                 "http(s) address on an allowed host")
            url = target
        raise FetchError(f"{url}: more than ten redirects")

    def _fetch(self, url: str, accept: str | None) -> Response:
        self.check(url)
        headers = {"Accept": accept} if accept else {}
        last_error = ""
        for attempt in range(self.retries + 1):
            try:
                with self._open(url, headers) as r:
                    if r.status_code == 404:
                        raise NotFound(url)
                    if r.status_code >= 400:  # 429 and 5xx are retried by urllib3 first
                        if r.status_code < 500 and r.status_code != 429:
                            raise FetchError(f"{url}: HTTP {r.status_code}")
                        raise FetchError(f"{url}: gave up after {self.retries + 1} tries (HTTP {r.status_code})")
                    body = self._read(r, url)
                    return Response(url, body, r.headers.get("Content-Type", ""), cached=False)
            except requests.exceptions.ConnectionError as error:  # urllib3 has retried it already
                reason = _root(error)
                if self.requests == 1 and isinstance(reason, (ConnectionRefusedError, socket.gaierror)):
                    raise Unreachable(f"cannot reach {url.split('/')[2]}: {reason}")
                raise FetchError(f"{url}: gave up after {self.retries + 1} tries ({type(reason).__name__}: {reason})")
            except requests.exceptions.Timeout as error:  # likewise
                raise FetchError(f"{url}: gave up after {self.retries + 1} tries (time-out: {_root(error)})")
            except _BROKEN_BODY as error:  # the body broke off or stalled: try again here
                last_error = f"{type(error).__name__}: {_root(error)}"
            self.log.append(f"retry {attempt + 1} of {url}: {last_error}")
            if attempt < self.retries:
                time.sleep(self.backoff * 2 ** attempt)
        raise FetchError(f"{url}: gave up after {self.retries + 1} tries ({last_error})")


# A body that breaks off (fewer bytes than announced, a reset) or stalls past the socket time-out.
_BROKEN_BODY = (urllib3.exceptions.ProtocolError, urllib3.exceptions.ReadTimeoutError, http.client.IncompleteRead,
                requests.exceptions.ChunkedEncodingError, ConnectionError, TimeoutError)


def _root(error: BaseException) -> BaseException:
    """The innermost cause: what actually went wrong under requests' and urllib3's wrappers."""
    seen = error
    while True:
        inner = getattr(seen, "reason", None) or seen.__cause__ or seen.__context__
        if inner is None or inner is seen or not isinstance(inner, BaseException):
            return seen
        seen = inner


class _LoggedRetry(Retry):
    """urllib3's Retry, saying each retry in the client's log."""

    def __init__(self, *args, log: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._log = log if log is not None else []

    def new(self, **kwargs):
        retry = super().new(**kwargs)
        retry._log = self._log
        return retry

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):
        retry = super().increment(method, url, response, error, _pool, _stacktrace)
        what = f"HTTP {response.status}" if response is not None and error is None else \
            f"{type(error).__name__}: {error}" if error is not None else "?"
        self._log.append(f"retry {len(retry.history)} of {url}: {what}")
        return retry
