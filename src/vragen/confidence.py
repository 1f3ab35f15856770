"""How sure we are of a published table: which checks its numbers passed, and who named it.

A table read automatically from an answer can be right or quietly wrong; a visitor should be able
to tell a checked table from a guess. Each table gets, in its package (`vragen:checks`), in the
database (`tables.confidence`, `tables.checks`) and on its page:

- `level`: `checked` when at least one total printed in the table, or stated in the answer's
  text, equals the sum of its parts and nothing failed; `read` when nothing failed but nothing could be checked either (no totals);
  `doubtful` when a total does not add up, a value is out of range, a column mixes units, or the
  reader had to leave cells empty (ragged rows, text where a number belongs);
- the counts behind it: totals checked and failed, range errors, mixed-unit columns, ragged rows,
  cells with text where a number belongs;
- `reader`: how the table was read (ruled PDF table, PDF text, dump layout, dump cell stream,
  dump rows), and `order_checked` when the order of its cells was decided by its totals and units;
- `curated`: whether a person named and described it (a curation file).

It is computed once, at build time, from the same checks `vragen validate` runs.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .model import ERROR, INFO, Finding, ProseFigure, TidyTable

CHECKED, READ, DOUBTFUL = "checked", "read", "doubtful"
LEVEL_TEXT = {  # as the portal says it
    CHECKED: "gecontroleerd: de totalen kloppen",
    READ: "automatisch gelezen: geen totalen om te controleren",
    DOUBTFUL: "twijfel: een controle faalt, kijk de tabel na in de PDF",
}


@dataclass
class Assessment:
    level: str
    curated: bool
    reader: str
    order_checked: bool
    totals_checked: int
    totals_failed: int
    prose_totals_checked: int  # sums of the table that the answer's text states
    prose_totals_failed: int
    range_errors: int
    mixed_units: int
    ragged_rows: int
    text_in_numbers: int

    def as_dict(self) -> dict:
        return asdict(self)


def _belongs(finding: Finding, table: TidyTable) -> bool:
    if finding.table is not None:
        return finding.table == table.id
    raw = table.raw
    return raw is not None and finding.line is not None and raw.lines[0] <= finding.line <= raw.lines[1]


def assess(table: TidyTable, findings: list[Finding], figures: list[ProseFigure] = ()) -> Assessment:
    """`findings`: what reading and curation reported for the answer; the checks run here.
    `figures`: the answer's prose figures, for totals the text states ("in totaal 314 trajecten")."""
    from .checks import acknowledge, check_ranges, check_reconcile, total_results

    own = [f for f in findings if _belongs(f, table)]
    totals = list(total_results(table))
    failed = acknowledge([f for f in check_ranges(table)], [table])
    # A total that does not add up in the source itself, acknowledged in curation, is no doubt
    # about the reading.
    acknowledged = {(e.get("row"), e.get("column")) for e in table.acknowledged if e.get("check") == "check.total"}
    totals_failed = sum(1 for row, _, _, m, *_, ok in totals if not ok and (row, table.fields[m].name)
                        not in acknowledged and (None, None) not in acknowledged)
    ranges = sum(1 for f in failed if f.level == ERROR)
    stated = acknowledge(check_reconcile(table, list(figures)), [table])
    prose_checked = sum(1 for f in stated if f.code == "check.prose-total" and f.level in (ERROR, INFO))
    prose_failed = sum(1 for f in stated if f.code == "check.prose-total" and f.level == ERROR)
    mixed = sum(1 for f in own if f.code == "table.mixed-units")
    ragged = sum(1 for f in own if f.code == "table.ragged-row")
    text = sum(1 for f in own if f.code in ("table.text-in-numeric", "table.number-in-label"))
    if totals_failed or prose_failed or ranges or mixed or ragged or text:
        level = DOUBTFUL
    elif totals or prose_checked:
        level = CHECKED
    else:
        level = READ
    raw = table.raw
    return Assessment(level=level, curated=table.curated, reader=raw.method if raw is not None else "unknown",
                      order_checked=bool(raw is not None and raw.order_checked),
                      totals_checked=len(totals), totals_failed=totals_failed,
                      prose_totals_checked=prose_checked, prose_totals_failed=prose_failed,
                      range_errors=ranges, mixed_units=mixed, ragged_rows=ragged, text_in_numbers=text)
