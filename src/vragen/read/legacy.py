"""Read an answer delivered as an old binary Word file (.doc): LibreOffice converts it to .docx in a
scratch folder, under a time limit, and the .docx reader does the rest. Without LibreOffice the
file is reported (it stays in sources/ and is read once LibreOffice is there), never dropped.

Provenance names the .doc itself (its own sha256); the conversion is recorded in the method.
"""

from __future__ import annotations

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


def read_doc(path: Path, display_name: str | None = None, header: Header | None = None) -> Document:
    from .word import read_word

    label = display_name or str(path)
    program = soffice()
    if program is None:
        raise SourceError(Finding(ERROR, "doc.needs-libreoffice", "an old Word (.doc) answer is read through "
                                  "LibreOffice, which is not installed here; not published", file=label,
                                  hint="install LibreOffice (Debian: apt-get install libreoffice-writer-nogui) and "
                                       "build again; the file stays in sources/"))
    data = path.read_bytes()
    with tempfile.TemporaryDirectory(prefix="vragen-doc-") as scratch:
        work = Path(scratch)
        source = work / "answer.doc"
        source.write_bytes(data)
        command = [program, "--headless", "--norestore", "--nolockcheck",
                   f"-env:UserInstallation={(work / 'profile').as_uri()}",
                   "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(work), str(source)]
        try:
            done = subprocess.run(command, capture_output=True, timeout=SECONDS, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise SourceError(Finding(ERROR, "doc.unconvertible", f"LibreOffice did not convert it within "
                                      f"{SECONDS} s; not published", file=label, hint="check the file; download it "
                                      "again"))
        converted = work / "answer.docx"
        if done.returncode != 0 or not converted.is_file():
            said = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
            raise SourceError(Finding(ERROR, "doc.unconvertible", "LibreOffice could not convert it"
                                      + (f" ({said[-1][:200]})" if said else "") + "; not published", file=label,
                                      hint="check that it is a Word document; download it again"))
        document = read_word(converted, label, header=header)
    document.source = dataclasses.replace(document.source, path=path, sha256=sha256_of(data), method=METHOD)
    for table in document.tables:  # the provenance says how the grid was read: from a .doc, converted
        table.method = TABLE_METHOD
    return document
