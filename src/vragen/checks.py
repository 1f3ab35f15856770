"""Domain checks that Frictionless does not do: totals, prose totals, ranges, whole counts.

Each check reads a published table (as read back from its package) and returns findings that name
the answer, the table, the row and the column.
"""

from __future__ import annotations

import re
from decimal import Decimal

from .curate import COUNT, propose_reconcile
from .model import ERROR, INFO, WARNING, Finding, ProseFigure, Role, TidyTable
from .numbers import PERCENT
from .read.texttables import TOTAL_RE


def _unit_of(table: TidyTable, row: list, measure_index: int) -> str | None:
    unit_fields = [i for i, f in enumerate(table.fields) if f.role == Role.UNIT]
    if unit_fields and row[unit_fields[0]]:
        return row[unit_fields[0]]
    return table.fields[measure_index].unit


def _measure_cells(table: TidyTable):
    """(row number, row, measure index, value, unit) for every filled measure cell."""
    for r, row in enumerate(table.rows, start=1):
        for i, f in enumerate(table.fields):
            if f.role == Role.MEASURE and row[i] is not None and not isinstance(row[i], str):
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


_SUBTOTAL_RE = re.compile(r"^sub\s*-?\s*tota", re.IGNORECASE)


def _is_total_label(value) -> bool:
    return isinstance(value, str) and bool(TOTAL_RE.match(value))


def _parts(table: TidyTable, total_index: int, d: int, others: list[int]) -> list[list]:
    """The rows a total adds up. A subtotal adds the rows since the previous (sub)total; a total
    adds every row that is not itself a (sub)total."""
    total = table.rows[total_index]
    same = [(i, row) for i, row in enumerate(table.rows) if all(row[o] == total[o] for o in others)]
    if _SUBTOTAL_RE.match(total[d]):
        parts = []
        for i, row in reversed([(i, r) for i, r in same if i < total_index]):
            if _is_total_label(row[d]):
                break
            parts.insert(0, row)
        return parts
    return [row for _, row in same if not _is_total_label(row[d])]


def total_results(table: TidyTable):
    """(row number, total label, dimension index, measure index, total, sum of parts, parts, ok) for
    every total printed in the table: a totals row (or column, or subtotal) equals the sum of what
    it totals, other labels fixed."""
    dims = [i for i, f in enumerate(table.fields) if f.role == Role.DIMENSION]
    measures = [i for i, f in enumerate(table.fields) if f.role == Role.MEASURE]
    for total_row_number in table.totals:
        total = table.rows[total_row_number - 1]
        for d in dims:
            label = total[d]
            if not _is_total_label(label):
                continue
            parts = _parts(table, total_row_number - 1, d, [o for o in dims if o != d])
            if not parts:
                continue
            for m in measures:
                unit = _unit_of(table, total, m)
                if unit == PERCENT or total[m] is None or isinstance(total[m], str):
                    continue
                values = [row[m] for row in parts if row[m] is not None and not isinstance(row[m], str)]
                expected = sum(values, Decimal(0) if isinstance(total[m], Decimal) else 0)
                ok = abs(Decimal(expected) - Decimal(total[m])) <= _tolerance(values)
                yield total_row_number, label, d, m, total[m], expected, values, ok


def check_totals(table: TidyTable) -> list[Finding]:
    findings = []
    checked = 0
    for row_number, label, d, m, total, expected, values, ok in total_results(table):
        checked += 1
        if not ok:
            findings.append(Finding(
                ERROR, "check.total",
                f"the total {total} ('{label}' in {table.fields[d].name}) differs from the sum of "
                f"its {len(values)} parts, {expected}",
                answer=table.answer_id, table=table.id, row=row_number, column=table.fields[m].name,
                hint="if the source itself is wrong, acknowledge it in the curation file with a reason"))
    if checked and not findings:
        findings.append(Finding(INFO, "check.total", f"{checked} totals equal the sum of their parts",
                                answer=table.answer_id, table=table.id))
    return findings


_SHARE_RE = re.compile(r"\b(aandeel|waarvan|procent|percentage)\b", re.IGNORECASE)


def check_shares(table: TidyTable) -> list[Finding]:
    """Shares of one whole do not add up to more than 100%.

    A share is a percentage whose row label says it is part of a whole ("Waarvan aan het werk
    als ...") or whose column is a share ("Aandeel"). Shares that differ in one label and agree in
    all others are parts of the same whole.
    """
    findings = []
    dims = [i for i, f in enumerate(table.fields) if f.role == Role.DIMENSION]
    groups: dict[tuple, list] = {}
    for r, row, m, value, unit in _measure_cells(table):
        if unit != PERCENT:
            continue
        share_dims = [d for d in dims if isinstance(row[d], str) and _SHARE_RE.search(row[d])]
        field = table.fields[m]
        if not share_dims and not _SHARE_RE.search(f"{field.title} {field.source or ''} {field.name}"):
            continue
        if any(_is_total_label(row[d]) for d in dims):
            continue
        varying = share_dims[0] if share_dims else (dims[0] if dims else None)
        key = (m,) + tuple(row[d] for d in dims if d != varying)
        groups.setdefault(key, []).append((r, value))
    for key, members in groups.items():
        total = sum(v for _, v in members)
        if len(members) > 1 and total > Decimal("100.5"):
            r = members[-1][0]
            findings.append(Finding(ERROR, "check.shares",
                                    f"shares of one whole add up to {total}%, more than 100%",
                                    answer=table.answer_id, table=table.id, row=r, column=table.fields[key[0]].name))
    return findings


def check_same_totals(tables: list[TidyTable]) -> list[Finding]:
    """Tables of one answer that count the same thing (same printed measure header, counts) must
    add up to the same total: the seed's tables per province, lot, duration and subgroup."""
    findings = []
    sums: dict[str, list[tuple[TidyTable, object]]] = {}
    for table in tables:
        measures = table.measures
        if len(measures) != 1 or measures[0].unit != COUNT or not measures[0].source:
            continue
        m = table.fields.index(measures[0])
        total = sum(row[m] or 0 for r, row in enumerate(table.rows, start=1)
                    if r not in table.totals and not isinstance(row[m], str))
        sums.setdefault(measures[0].source.lower(), []).append((table, total))
    for header, entries in sums.items():
        if len(entries) < 2:
            continue
        first_table, first_total = entries[0]
        for table, total in entries[1:]:
            if total != first_total:
                findings.append(Finding(ERROR, "check.same-total",
                                        f"'{header}' adds up to {total} here but to {first_total} in "
                                        f"{first_table.id}", answer=table.answer_id, table=table.id,
                                        column=table.measures[0].name,
                                        hint="acknowledge it in curation if the tables count different things"))
        if all(total == first_total for _, total in entries):
            findings.append(Finding(INFO, "check.same-total",
                                    f"{len(entries)} tables of '{header}' agree on the total {first_total}",
                                    answer=first_table.answer_id, table=first_table.id))
    return findings


def check_reconcile(table: TidyTable, figures: list[ProseFigure]) -> list[Finding]:
    """Declared (curated) totals stated in prose; undeclared matches are reported as info."""
    findings = []
    measures = [i for i, f in enumerate(table.fields) if f.role == Role.MEASURE]
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
    return check_ranges(table) + check_totals(table) + check_shares(table) + check_reconcile(table, figures)


def acknowledge(findings: list[Finding], tables: list[TidyTable]) -> list[Finding]:
    """Errors that curation acknowledges as errors in the source itself become warnings."""
    by_id = {t.id: t for t in tables}
    out = []
    for finding in findings:
        table = by_id.get(finding.table or "")
        match = None
        if table and finding.level == ERROR:
            for entry in table.acknowledged:
                if entry.get("check") == finding.code and entry.get("row") in (None, finding.row) \
                        and entry.get("column") in (None, finding.column):
                    match = entry
                    break
        if match:
            finding = Finding(WARNING, finding.code, f"{finding.message} (acknowledged: {match.get('reason')})",
                              file=finding.file, line=finding.line, answer=finding.answer, table=finding.table,
                              row=finding.row, column=finding.column)
        out.append(finding)
    return out


def check_answer(tables: list[TidyTable], figures: list[ProseFigure]) -> list[Finding]:
    findings = []
    for table in tables:
        findings += check_table(table, figures)
    findings += check_same_totals(tables)
    return acknowledge(findings, tables)
