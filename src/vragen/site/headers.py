"""Security headers on every response: a Content-Security-Policy, no sniffing, no framing.

Every page is Jinja-escaped, so text from the data cannot open an element; what it could still do
is sit in an attribute, a link to `javascript:` or to another site's script. The policy allows
scripts from this site and the inline scripts Datasette's own templates write, each by its hash
(computed on the page as served, since some carry the page's data), and nothing else: a
`javascript:` link does not run, a foreign script does not load, the page cannot be framed.
URLs from records are checked where they enter (`vragen/boundary.py`); this is the second line.
"""

from __future__ import annotations

import base64
import hashlib
import re

_INLINE_SCRIPT_RE = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)
BASE_POLICY = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; "
               "base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


def policy_for(body: bytes) -> str:
    hashes = sorted({"'sha256-" + base64.b64encode(hashlib.sha256(script).digest()).decode() + "'"
                     for script in _INLINE_SCRIPT_RE.findall(body)})
    return f"{BASE_POLICY}; script-src 'self'{''.join(' ' + h for h in hashes)}"


def secure(app):
    """ASGI middleware: HTML responses are held until complete (pages are small) to hash their
    inline scripts; every other response streams through with the fixed headers."""

    async def wrapped(scope, receive, send):
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        start: dict | None = None
        chunks: list[bytes] = []

        async def guarded_send(message):
            nonlocal start
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", [])) + [(b"x-content-type-options", b"nosniff"),
                                                              (b"referrer-policy", b"same-origin")]
                kind = dict((k.lower(), v) for k, v in headers).get(b"content-type", b"")
                if kind.startswith(b"text/html"):
                    start = dict(message, headers=[(k, v) for k, v in headers if k.lower() != b"content-length"])
                    return
                headers.append((b"content-security-policy", f"{BASE_POLICY}; script-src 'self'".encode()))
                await send(dict(message, headers=headers))
                return
            if start is not None and message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                body = b"".join(chunks)
                headers = start["headers"] + [(b"content-security-policy", policy_for(body).encode()),
                                              (b"content-length", str(len(body)).encode())]
                await send(dict(start, headers=headers))
                await send({"type": "http.response.body", "body": body})
                return
            await send(message)

        await app(scope, receive, guarded_send)

    return wrapped

