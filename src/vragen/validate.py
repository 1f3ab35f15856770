"""Validate published packages: Frictionless (structure, types, keys) plus our domain checks."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from .checks import acknowledge, check_answer
from .model import ERROR, INFO, WARNING, Finding
from .package import read_package


@dataclass
class ValidationReport:
    packages: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == ERROR]

    @property
    def valid(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return {
            "valid": self.valid,
            "packages": self.packages,
            "counts": {level: sum(f.level == level for f in self.findings) for level in (ERROR, WARNING, INFO)},
            "findings": [f.as_dict() for f in self.findings],
        }

    def markdown(self) -> str:
        counts = self.as_dict()["counts"]
        verdict = "✅ valid" if self.valid else "❌ INVALID"
        out = ["## Validation", "",
               f"{verdict}: {len(self.packages)} packages, {counts[ERROR]} errors, {counts[WARNING]} warnings, "
               f"{counts[INFO]} notes.", ""]
        for level in (ERROR, WARNING, INFO):
            found = [f for f in self.findings if f.level == level]
            if found:
                out += [f"### {level.capitalize()}s", "", "| where | check | message |", "|---|---|---|"]
                out += [f"| {f.location() or '-'} | `{f.code}` | {f.message.replace('|', '/')}"
                        f"{' — ' + f.hint if f.hint else ''} |" for f in found]
                out.append("")
        return "\n".join(out)

    def summary(self, verbose: bool = False) -> str:
        lines = []
        for f in self.findings:
            if f.level != INFO or verbose:
                lines.append(f.render())
        counts = self.as_dict()["counts"]
        verdict = "valid" if self.valid else "INVALID"
        lines.append(f"{len(self.packages)} packages: {verdict} ({counts[ERROR]} errors, {counts[WARNING]} warnings, "
                     f"{counts[INFO]} notes)")
        return "\n".join(lines)


def frictionless_findings(descriptor_path: Path, answer_id: str) -> list[Finding]:
    from frictionless import Package

    findings = []
    package = Package(str(descriptor_path))
    report = package.validate()
    for error in report.errors:
        findings.append(Finding(ERROR, f"frictionless.{error.type}", error.message, file=str(descriptor_path),
                                answer=answer_id))
    for task in report.tasks:
        for error in task.errors:
            findings.append(Finding(
                ERROR, f"frictionless.{error.type}", error.message, file=str(descriptor_path.parent / (task.name + ".csv")),
                answer=answer_id, table=f"{answer_id}/{task.name}",
                row=getattr(error, "row_number", None), column=getattr(error, "field_name", None)))
    return findings


def validate_package(directory: Path) -> list[Finding]:
    published = read_package(directory)
    findings = frictionless_findings(directory / "datapackage.json", published.id)
    return once(acknowledge(findings, published.tables) + check_answer(published.tables, published.figures))


_POSITION_RE = re.compile(r'row at position "(\d+)"')


def once(findings: list[Finding]) -> list[Finding]:
    """Each problem reported once, in one row numbering. Frictionless counts the header line as row
    1, our checks count data rows: its rows become data rows. A cell that a domain check reports (a
    percentage above 100, a negative count) is not reported again as Frictionless's constraint error."""
    domain = {(f.table, f.row, f.column) for f in findings if f.code.startswith("check.")}
    out = []
    for finding in findings:
        if finding.code.startswith("frictionless.") and finding.row is not None:
            row = finding.row - 1
            finding = replace(finding, row=row, message=_POSITION_RE.sub(f"data row {row}", finding.message))
            if finding.code == "frictionless.constraint-error" and (finding.table, row, finding.column) in domain:
                continue
        out.append(finding)
    return out


def validate_output(out: Path) -> ValidationReport:
    """Validate every package under OUT/packages."""
    report = ValidationReport()
    packages = out / "packages"
    if not packages.is_dir():
        report.findings.append(Finding(ERROR, "validate.no-output", f"no packages under {packages}",
                                       hint="run `vragen build` first"))
        return report
    # The build's own findings (sources not read, numbers not extracted) belong in the same report.
    build_report = out / "report.json"
    if build_report.exists():
        for entry in json.loads(build_report.read_text(encoding="utf-8")).get("findings", []):
            report.findings.append(Finding(**entry))
    for directory in sorted(p for p in packages.iterdir() if (p / "datapackage.json").exists()):
        report.packages.append(directory.name)
        try:
            report.findings += validate_package(directory)
        except Exception as exc:  # a broken package is a finding, not a crash of the whole run
            report.findings.append(Finding(ERROR, "validate.unreadable", f"cannot read the package: {exc}",
                                           file=str(directory / "datapackage.json")))
    return report
