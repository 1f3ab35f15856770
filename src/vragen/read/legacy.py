"""Read an answer delivered as an old binary Word file (.doc), or an old Excel attachment (.xls):
LibreOffice converts it to .docx (.xlsx) in a scratch folder, under a time limit, and the .docx
(.xlsx) reader does the rest. Without LibreOffice the
file is reported (it stays in sources/ and is read once LibreOffice is there), never dropped.

Provenance names the .doc itself (its own sha256); the conversion is recorded in the method.
"""

from __future__ import annotations

import contextlib
import dataclasses
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..model import ERROR, Document, Finding, Header, SourceError
from .dump import sha256_of

SECONDS = 120  # a conversion that takes longer is given up (a damaged or hostile file)
METHOD = "doc via LibreOffice"
TABLE_METHOD = "doc-table"  # a .doc's table grid, as LibreOffice converted it to .docx


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@contextlib.contextmanager
def converted(path: Path, label: str, target: str, what: str):
    """`path` converted by LibreOffice to `target` (docx, xlsx) in a scratch folder, for the body of
    the `with`; SourceError (naming `label`) when LibreOffice is missing, fails or takes too long."""
    program = soffice()
    if program is None:
        raise SourceError(Finding(ERROR, "doc.needs-libreoffice", f"an old {what} is read through LibreOffice, which "
                                  "is not installed here; not published", file=label,
                                  hint="install LibreOffice (Debian: apt-get install libreoffice-writer-nogui "
                                       "libreoffice-calc-nogui) and build again; the file stays in sources/"))
    with tempfile.TemporaryDirectory(prefix="vragen-doc-") as scratch:
        work = Path(scratch)
        source = work / f"original{path.suffix.lower()}"
        source.write_bytes(path.read_bytes())
        command = [program, "--headless", "--norestore", "--nolockcheck",
                   f"-env:UserInstallation={(work / 'profile').as_uri()}",
                   "--convert-to", target, "--outdir", str(work), str(source)]
        try:
            done = subprocess.run(command, capture_output=True, timeout=SECONDS, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise SourceError(Finding(ERROR, "doc.unconvertible", f"LibreOffice did not convert it within "
                                      f"{SECONDS} s; not published", file=label, hint="check the file; download it "
                                      "again"))
        result = work / f"original.{target.split(':')[0]}"
        if done.returncode != 0 or not result.is_file():
            said = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
            raise SourceError(Finding(ERROR, "doc.unconvertible", "LibreOffice could not convert it"
                                      + (f" ({said[-1][:200]})" if said else "") + "; not published", file=label,
                                      hint=f"check that it is an old {what}; download it again"))
        yield result


def read_doc(path: Path, display_name: str | None = None, header: Header | None = None) -> Document:
    from .word import read_word

    label = display_name or str(path)
    with converted(path, label, "docx:MS Word 2007 XML", "Word (.doc) answer") as docx:
        document = read_word(docx, label, header=header)
    document.source = dataclasses.replace(document.source, path=path, sha256=sha256_of(path.read_bytes()),
                                          method=METHOD)
    for table in document.tables:  # the provenance says how the grid was read: from a .doc, converted
        table.method = TABLE_METHOD
    return document
