"""A polite HTTP client for the parliament's open data: a delay between requests, a clear
User-Agent, retries with back-off on time-outs, 5xx and truncated bodies, and a disk cache of the
raw responses, so that a re-run fetches nothing twice and a parsing problem can be replayed offline.

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
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

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

    def _read(self, response, url: str) -> bytes:
        chunks, size, started = [], 0, time.monotonic()
        while True:
            chunk = response.read1(65536)  # what has arrived: a trickle cannot hide from the deadline
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(f"{url}: the response is larger than {self.max_bytes:,} bytes")
            if time.monotonic() - started > self.deadline:
                raise FetchError(f"{url}: the response took longer than {self.deadline:.0f} s")
            chunks.append(chunk)

    def _fetch(self, url: str, accept: str | None) -> Response:
        self.check(url)
        opener = urllib.request.build_opener(_Redirects(self))
        headers = {"User-Agent": USER_AGENT}
        if accept:
            headers["Accept"] = accept
        last_error = ""
        for attempt in range(self.retries + 1):
            wait = self._last + self.delay - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self._last = time.monotonic()
            self.requests += 1
            try:
                with opener.open(urllib.request.Request(url, headers=headers), timeout=self.timeout) as r:
                    body = self._read(r, url)
                    expected = r.headers.get("Content-Length")
                    if expected is not None and int(expected) != len(body):
                        raise http.client.IncompleteRead(body, int(expected) - len(body))
                    return Response(url, body, r.headers.get("Content-Type", ""), cached=False)
            except urllib.error.HTTPError as error:
                if error.code == 404:
                    raise NotFound(url)
                if 300 <= error.code < 400:  # urllib refuses a redirect to file:, ftp: and the like
                    raise FetchError(f"{url}: HTTP {error.code}, a redirect to an address that is not an http(s) "
                                     "address on an allowed host")
                if error.code < 500 and error.code != 429:
                    raise FetchError(f"{url}: HTTP {error.code}")
                last_error = f"HTTP {error.code}"
            except (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError,
                    http.client.IncompleteRead, http.client.RemoteDisconnected) as error:
                reason = getattr(error, "reason", error)
                last_error = f"{type(error).__name__}: {reason}"
                if attempt == 0 and self.requests == 1 and isinstance(reason, (ConnectionRefusedError, socket.gaierror)):
                    raise Unreachable(f"cannot reach {url.split('/')[2]}: {reason}")
            self.log.append(f"retry {attempt + 1} of {url}: {last_error}")
            if attempt < self.retries:
                time.sleep(self.backoff * 2 ** attempt)
        raise FetchError(f"{url}: gave up after {self.retries + 1} tries ({last_error})")



class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to http(s) on an allowed host."""

    def __init__(self, client: Client):
        self.client = client

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        self.client.check(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)
