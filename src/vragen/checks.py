"""Domain checks that Frictionless does not do: totals, prose totals, ranges, whole counts.

Each check reads a published table (as read back from its package) and returns findings that name
the answer, the table, the row and the column.
"""

from __future__ import annotations

from decimal import Decimal

from .curate import COUNT, propose_reconcile
from .model import ERROR, INFO, Finding, ProseFigure, TidyTable
from .numbers import PERCENT
from .read.texttables import TOTAL_RE


def _unit_of(table: TidyTable, row: list, measure_index: int) -> str | None:
    unit_fields = [i for i, f in enumerate(table.fields) if f.role == "unit"]
    if unit_fields and row[unit_fields[0]]:
        return row[unit_fields[0]]
    return table.fields[measure_index].unit


def _measure_cells(table: TidyTable):
    """(row number, row, measure index, value, unit) for every filled measure cell."""
    for r, row in enumerate(table.rows, start=1):
        for i, f in enumerate(table.fields):
            if f.role == "measure" and row[i] is not None and not isinstance(row[i], str):
                yield r, row, i, row[i], _unit_of(table, row, i)


def check_ranges(table: TidyTable) -> list[Finding]:
    findings = []
    for r, row, i, value, unit in _measure_cells(table):
        name = table.fields[i].name
        if unit == COUNT and (value < 0 or value != int(value)):
            findings.append(Finding(ERROR, "check.count", f"a count must be a whole number ≥ 0, found {value}",
                                    answer=table.answer_id, table=table.id, row=r, column=name))
        if unit == PERCENT and not 0 <= value <= 100:
            findings.append(Finding(ERROR, "check.percent", f"a percentage must lie in 0-100, found {value}",
                                    answer=table.answer_id, table=table.id, row=r, column=name))
    return findings


def _tolerance(values: list) -> Decimal:
    decimals = [v for v in values if isinstance(v, Decimal) and v != v.to_integral_value()]
    return Decimal("0.01") * len(values) if decimals else Decimal(0)


def check_totals(table: TidyTable) -> list[Finding]:
    """A totals row (or column) equals the sum of the rows it totals, other labels held fixed."""
    findings = []
    checked = 0
    dims = [i for i, f in enumerate(table.fields) if f.role == "dimension"]
    measures = [i for i, f in enumerate(table.fields) if f.role == "measure"]
    for total_row_number in table.totals:
        total = table.rows[total_row_number - 1]
        for d in dims:
            label = total[d]
            if not isinstance(label, str) or not TOTAL_RE.match(label):
                continue
            others = [o for o in dims if o != d]
            parts = [row for row in table.rows
                     if all(row[o] == total[o] for o in others)
                     and not (isinstance(row[d], str) and TOTAL_RE.match(row[d]))]
            if not parts:
                continue
            for m in measures:
                unit = _unit_of(table, total, m)
                if unit == PERCENT or total[m] is None or isinstance(total[m], str):
                    continue
                values = [row[m] for row in parts if row[m] is not None and not isinstance(row[m], str)]
                expected = sum(values, Decimal(0) if isinstance(total[m], Decimal) else 0)
                checked += 1
                if abs(Decimal(expected) - Decimal(total[m])) > _tolerance(values):
                    findings.append(Finding(
                        ERROR, "check.total",
                        f"the total {total[m]} ('{label}' in {table.fields[d].name}) differs from the sum of "
                        f"its {len(values)} parts, {expected}",
                        answer=table.answer_id, table=table.id, row=total_row_number, column=table.fields[m].name,
                        hint="if the source itself is wrong, acknowledge it in the curation file with a reason"))
    if checked and not findings:
        findings.append(Finding(INFO, "check.total", f"{checked} totals equal the sum of their parts",
                                answer=table.answer_id, table=table.id))
    return findings


def check_reconcile(table: TidyTable, figures: list[ProseFigure]) -> list[Finding]:
    """Declared (curated) totals stated in prose; undeclared matches are reported as info."""
    findings = []
    measures = [i for i, f in enumerate(table.fields) if f.role == "measure"]
    for declared in table.reconcile:
        value = Decimal(str(declared["value"]))
        section = str(declared.get("section", ""))
        stated = [f for f in figures if f.quantity.value == value and (not section or f.section == section)]
        if not stated:
            findings.append(Finding(ERROR, "check.prose-total",
                                    f"the curation says section {section} states the total {value}, but the "
                                    "answer's text does not state it (any more)", answer=table.answer_id,
                                    table=table.id, hint="correct 'reconcile' in the curation file"))
            continue
        if len(measures) != 1:
            continue
        m = measures[0]
        total = sum((row[m] or 0) for r, row in enumerate(table.rows, start=1)
                    if r not in table.totals and not isinstance(row[m], str))
        if total != value:
            findings.append(Finding(ERROR, "check.prose-total",
                                    f"the rows sum to {total}, the text (section {section}) states {value}: "
                                    f"{stated[0].sentence!r}", answer=table.answer_id, table=table.id,
                                    column=table.fields[m].name,
                                    hint="check the table against the PDF; a source error is acknowledged in curation"))
        else:
            findings.append(Finding(INFO, "check.prose-total",
                                    f"the rows sum to {total}, as section {section} states",
                                    answer=table.answer_id, table=table.id, column=table.fields[m].name))
    if not table.reconcile:
        for candidate in propose_reconcile(table, figures):
            findings.append(Finding(INFO, "check.prose-total",
                                    f"the rows sum to {candidate['value']}, as section {candidate['section']} "
                                    "states (not declared in curation)", answer=table.answer_id, table=table.id))
    return findings


def check_table(table: TidyTable, figures: list[ProseFigure]) -> list[Finding]:
    return check_ranges(table) + check_totals(table) + check_reconcile(table, figures)
