"""Checks at the boundary: what comes from records, dumps or the network before it reaches HTML or
the file system.

Records (`<pfile>.record.json`) come from the network or from pull requests, and a dump's header
lines from whoever made the dump: both are attacker-controlled. A link must be http(s) on the
parliament's hosts, or it is dropped; a session, question number or pfile id must have its format,
or the record is refused, since they become folder names and URLs.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

DOCUMENT_HOSTS = frozenset({"docs.vlaamsparlement.be", "www.vlaamsparlement.be", "vlaamsparlement.be",
                            "ws.vlpar.be"})
SESSION_RE = re.compile(r"^(19|20)\d\d-(19|20)\d\d$")
NUMBER_RE = re.compile(r"^[1-9]\d{0,5}$")
PFILE_RE = re.compile(r"^\d{1,12}$")


def safe_url(url: object) -> str | None:
    """The URL if it is http(s) on one of the parliament's hosts, else None."""
    if not isinstance(url, str) or len(url) > 2000 or any(c in url for c in "\x00\r\n\t <>\"'`"):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("https", "http") or (parts.hostname or "").lower() not in DOCUMENT_HOSTS:
        return None
    if parts.username or parts.password or parts.port not in (None, 80, 443):
        return None
    return url


def valid_session(value: object) -> bool:
    if not isinstance(value, str) or not SESSION_RE.match(value):
        return False
    first, second = value.split("-")
    return int(second) == int(first) + 1


def valid_number(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 10 ** 6 or \
        isinstance(value, str) and bool(NUMBER_RE.match(value))
