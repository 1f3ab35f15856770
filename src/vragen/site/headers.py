"""Headers on every response: a Content-Security-Policy, no sniffing, no framing; gzip where the
client takes it; a cache lifetime for pages of the immutable database.

Every page is Jinja-escaped, so text from the data cannot open an element; what it could still do
is sit in an attribute, a link to `javascript:` or to another site's script. The policy allows
scripts from this site and the inline scripts Datasette's own templates write, each by its hash
(computed on the page as served, since some carry the page's data), and nothing else: a
`javascript:` link does not run, a foreign script does not load, the page cannot be framed.
URLs from records are checked where they enter (`vragen/boundary.py`); this is the second line.

Datasette compresses nothing: HTML, JSON and CSV up to 8 MB are gzipped here when the client
accepts it; a longer stream (a whole table as CSV) flows through as it comes. The database never
changes under a running server, so a page may be kept for five minutes unless it says otherwise,
and carries an ETag made from the database's hash (and vragen's code): a client that asks again
with `If-None-Match` gets a 304 without the page being made, until a new build is served. Static
files are kept a day, or a year when their URL carries a version (`app.css?<hash>`).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import re
from dataclasses import dataclass

_INLINE_SCRIPT_RE = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)
COMPRESSIBLE = (b"text/html", b"application/json", b"text/csv", b"text/plain", b"application/javascript", b"text/css")
MAX_BUFFERED = 8 * 1024 * 1024
PAGE_CACHE = b"public, max-age=300"
STATIC_CACHE = b"public, max-age=86400"
VERSIONED_STATIC_CACHE = b"public, max-age=31536000, immutable"
BASE_POLICY = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; "
               "base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


def policy_for(body: bytes) -> str:
    hashes = sorted({"'sha256-" + base64.b64encode(hashlib.sha256(script).digest()).decode() + "'"
                     for script in _INLINE_SCRIPT_RE.findall(body)})
    return f"{BASE_POLICY}; script-src 'self'{''.join(' ' + h for h in hashes)}"


def secure(app, etag: bytes | None = None):
    """ASGI middleware. HTML responses are held until complete (pages are small) to hash their
    inline scripts; other compressible responses of a known size are held to gzip them; the rest
    streams through with the fixed headers."""

    async def wrapped(scope, receive, send):
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        request = _Request.of(scope, etag)
        if request.tagged and etag in request.if_none_match:
            await send({"type": "http.response.start", "status": 304,
                        "headers": [(b"etag", etag), (b"cache-control", PAGE_CACHE)]})
            await send({"type": "http.response.body", "body": b""})
            return
        await app(scope, receive, _Response(send, request, etag).send)

    return wrapped


@dataclass
class _Request:
    accepts_gzip: bool
    static: bool  # Datasette's or a plugin's static file
    tagged: bool  # answered with the database's ETag
    versioned: bool  # a static URL that carries a version (?hash)
    if_none_match: list[bytes]

    @classmethod
    def of(cls, scope: dict, etag: bytes | None) -> "_Request":
        headers = dict((k.lower(), v) for k, v in scope.get("headers", []))
        path = scope.get("path", "")
        static = path.startswith(("/-/static/", "/-/static-plugins/")) or "/-/static" in path
        return cls(accepts_gzip=b"gzip" in headers.get(b"accept-encoding", b""), static=static,
                   tagged=etag is not None and scope.get("method") in ("GET", "HEAD") and not static,
                   versioned=bool(scope.get("query_string")),
                   if_none_match=[t.strip() for t in headers.get(b"if-none-match", b"").split(b",")])


class _Response:
    """One response on its way out: its start held while its body is gathered, when it is HTML
    (to hash its scripts) or small and compressible (to gzip it)."""

    def __init__(self, send, request: _Request, etag: bytes | None):
        self._send, self.request, self.etag = send, request, etag
        self.start: dict | None = None
        self.html = False
        self.chunks: list[bytes] = []

    async def send(self, message: dict) -> None:
        if message["type"] == "http.response.start":
            await self._begin(message)
        elif self.start is not None and message["type"] == "http.response.body":
            await self._gather(message)
        else:
            await self._send(message)

    def _start_headers(self, message: dict) -> list[tuple[bytes, bytes]]:
        headers = list(message.get("headers", [])) + [(b"x-content-type-options", b"nosniff"),
                                                      (b"referrer-policy", b"same-origin")]
        named = dict((k.lower(), v) for k, v in headers)
        if message.get("status", 200) == 200:
            if self.request.static and b"cache-control" not in named:
                headers.append((b"cache-control", VERSIONED_STATIC_CACHE if self.request.versioned else STATIC_CACHE))
            elif self.request.tagged and b"etag" not in named:
                headers.append((b"etag", self.etag))
        return headers

    async def _begin(self, message: dict) -> None:
        headers = self._start_headers(message)
        named = dict((k.lower(), v) for k, v in headers)
        kind, length = named.get(b"content-type", b""), named.get(b"content-length")
        self.html = kind.startswith(b"text/html")
        held = self.html or (self.request.accepts_gzip and kind.startswith(COMPRESSIBLE)
                             and b"content-encoding" not in named and (length is None or int(length) <= MAX_BUFFERED))
        if not self.html:
            headers.append((b"content-security-policy", f"{BASE_POLICY}; script-src 'self'".encode()))
        if held:
            self.start = dict(message, headers=[(k, v) for k, v in headers if k.lower() != b"content-length"])
        else:
            await self._send(dict(message, headers=headers))

    async def _gather(self, message: dict) -> None:
        self.chunks.append(message.get("body", b""))
        if message.get("more_body") and not self.html and sum(map(len, self.chunks)) > MAX_BUFFERED:
            # A long stream (a whole table as CSV): let it flow as it comes, uncompressed.
            await self._send(self.start)
            await self._send({"type": "http.response.body", "body": b"".join(self.chunks), "more_body": True})
            self.start = None
            self.chunks.clear()
        elif not message.get("more_body"):
            await self._finish(b"".join(self.chunks))

    async def _finish(self, body: bytes) -> None:
        headers = list(self.start["headers"])
        named = dict((k.lower(), v) for k, v in headers)
        if self.html:
            headers.append((b"content-security-policy", policy_for(body).encode()))
            if self.start.get("status", 200) == 200 and b"cache-control" not in named:
                headers.append((b"cache-control", PAGE_CACHE))
        if self.request.accepts_gzip and len(body) >= 1024 and b"content-encoding" not in named:
            body = gzip.compress(body, compresslevel=6, mtime=0)
            headers += [(b"content-encoding", b"gzip"), (b"vary", b"Accept-Encoding")]
        headers.append((b"content-length", str(len(body)).encode()))
        await self._send(dict(self.start, headers=headers))
        await self._send({"type": "http.response.body", "body": body})
