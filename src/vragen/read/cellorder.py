"""The order of a table's cells in text that puts each cell on its own line, when that order is not
row by row: decided by the numbers' own checks.

pdfminer orders the boxes of a table by how close they lie, not by rows: a column can come whole
("38" / "71" / "9" ... then the next column), the labels can come ahead of all values, and one
table can mix both (rows 1-2 by row, then two columns of rows 3-6, then the totals row). What
stays true in every order seen is that a column's values come top to bottom. So a reading assigns
each value, in the order printed, to a column; its row is how many values that column already has.

Of the readings, the one the data supports wins:
- one kind per column: percentages, euro amounts and plain numbers do not share a column;
- a totals row ("Totaal", "Eindtotaal") is the sum of the rows above it, per column; a totals
  column is the sum of the row's other values;
- and, where the checks cannot tell, the simplest order: each value continues a row (the next
  column) or a column (the next row), or starts the next row or column of the same block.

The search is a beam over assignments (at most `BEAM` kept per printed value), so its cost is
linear in the number of values. Where readings cost the same, the beam keeps first those whose
rows begin where their block begins; and where the limit cannot pay for a totals row that fails,
a reading leaves it as soon as no values still to come can finish a column and be its total. It
is only asked about flat tables: one label column, a one-level header.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from math import comb

from ..model import WARNING, Finding
from .assemble import quantity

BEAM = 300
BEAM_FLOOR = 20
WORK = 20_000
CHOICES = 5_000  # ways of choosing a column's values above its total, tried one by one at most
JUMP = 1.0  # a value that neither continues a row or column nor starts the block's next one
TURN = 0.2  # a value that goes on by row after values that went on by column, or the other way
MIXED_KINDS = 5.0  # a value of another kind than its column's
TOTAL_FAILS = 3.0  # a totals row or column that does not add up
# "Vlaams Gewest" under the provinces is their total; where it is not (a region's towns), the check
# fails for every reading alike and decides nothing.
TOTAL_RE = re.compile(r"^(eind)?(sub)?tota(a)?l\b|^algemeen totaal\b|^total\b|^vlaams gewest\b", re.IGNORECASE)

_EURO_RE = re.compile(r"\beur(o)?\b", re.IGNORECASE)
_DECIMALS_RE = re.compile(r"[.,](\d+)\D*$")


def kind_of(text: str) -> str | None:
    """percent, euro, plain; None for a missing marker (it fits any column)."""
    found = quantity(text)
    if found is None or found.value is None:
        return None
    if "%" in text:
        return "percent"
    if "€" in text or _EURO_RE.search(text):
        return "euro"
    return "plain"


@dataclass(frozen=True)
class Reading:
    grid: tuple[tuple[int, ...], ...]  # per row, per column: the index of the printed value
    cost: float
    row_major: bool  # the plain row-by-row order
    totals_passed: int = 0  # totals rows and columns that add up in this reading


def _sums_up(parts: list[float], total: float, decimals: int) -> bool:
    return _close(sum(parts), total, decimals, len(parts))


def _close(found: float, total: float, decimals: int, parts: int) -> bool:
    # Whole numbers add up exactly; rounded decimals may be off by half a unit each.
    tolerance = (0.5 * 10 ** -decimals * max(1, parts) if decimals else 0) + 1e-6
    return abs(found - total) <= tolerance


def _widest_tolerance(decimals: int, parts: int) -> float:
    """The most `_close` can allow a total of `parts` values of which some have `decimals`: the
    tolerance grows with the decimals, so at its widest a whole-number column meets a value with
    one decimal. (For tests that rule readings out before the totals are checked.)"""
    return 0.5 * 10 ** -max(decimals, 1) * max(1, parts) + 1e-6


def _decimals(text: str) -> int:
    match = _DECIMALS_RE.search(text.strip())
    return len(match.group(1)) if match and len(match.group(1)) != 3 else 0


@dataclass(slots=True)  # hundreds of thousands are made in one search: no frozen-field setting
class _State:
    cost: float
    counts: tuple[int, ...]
    last: tuple[int, int] | None  # (row, column) of the value placed last
    direction: str | None  # "row" or "column": how the values went on so far
    kinds: tuple[str | None, ...]
    sums: tuple[float, ...]  # per column, the sum of its values so far (tells readings apart)
    # Per column, for the totals row's check: (exact sum, a missing value seen, most decimals)
    totals: tuple[tuple, ...]
    # Per column, its printed values as a linked list from the bottom, (i, rest) or None; kept only
    # for a totals column's check. A state shares all but one column with its parent, and the
    # assignment is read back through the parents: a step costs the same at the 500th value as
    # at the first (copying whole tuples made each step grow with the table).
    columns: tuple[tuple | None, ...]
    parent: "_State | None" = None
    # Rows and columns begun off their block (a row right of its block's first column, a column
    # below its top row or after a column shorter or longer than the one before): among readings
    # of the same cost, the beam keeps the rectangular blocks first. pdfminer's boxes are
    # rectangles; otherwise a wide table's equally cheap ragged readings crowd its reading out.
    ragged: int = 0

    def assignment(self) -> list[tuple[int, int]]:
        """(row, column) per printed value, in printed order."""
        cells, state = [], self
        while state is not None and state.last is not None:
            cells.append(state.last)
            state = state.parent
        return cells[::-1]


def _at_row(column: tuple, count: int, r: int) -> int:
    """The printed value in row r of a column that holds `count` values."""
    for _ in range(count - 1 - r):
        column = column[1]
    return column[0]


@lru_cache(maxsize=8192)
def _parsed(text: str) -> tuple:
    """(kind, number, decimals, float) of a printed value: every split of a table asks again."""
    number = q.value if (q := quantity(text)) is not None else None
    return kind_of(text), number, _decimals(text), float(number) if number is not None else None


class _Problem:
    def __init__(self, values: list[str], rows: int, columns: int, total_row: bool, total_column: bool):
        self.n, self.m = rows, columns
        self.total_row, self.total_column = total_row, total_column
        parsed = [_parsed(v) for v in values]
        self.kinds = [kind for kind, _, _, _ in parsed]
        self.numbers = [number for _, number, _, _ in parsed]
        self.decimals = [decimals for _, _, decimals, _ in parsed]
        self.floats = [value for _, _, _, value in parsed]
        # For the totals row's lookahead (`_total_ahead`): the values by size, and from which
        # printed value on a value is still to come that passes any column's check (missing, %).
        self.by_size = sorted((f, j) for j, f in enumerate(self.floats) if f is not None)
        self.sizes = [f for f, _ in self.by_size]
        self.any_pass_after = [False] * len(values)
        self.pairs_ahead: dict[tuple, bool] = {}
        self.whole = all(f is None or f == int(f) for f in self.floats)
        self.last_pair: dict[int, int] | None = None
        for j in range(len(values) - 2, -1, -1):  # from the end: linear in the values
            after = self.floats[j + 1] is None or self.kinds[j + 1] == "percent"
            self.any_pass_after[j] = after or self.any_pass_after[j + 1]

    def start(self) -> _State:
        return _State(0.0, (0,) * self.m, None, None, (None,) * self.m, (0.0,) * self.m, ((0, False, 0),) * self.m,
                      (None,) * self.m)

    def _adds_up(self, cells: list[int]) -> bool:
        """Does the last cell hold the sum of the others? (True where it cannot be told.)"""
        floats = self.floats
        if any(floats[i] is None for i in cells) or self.kinds[cells[-1]] == "percent":
            return True
        return _sums_up([floats[i] for i in cells[:-1]], floats[cells[-1]], max(self.decimals[i] for i in cells))

    def _plus(self, column: tuple, i: int) -> tuple:
        """A column's (sum, a missing value seen, most decimals) with printed value i below it."""
        total, missing, decimals = column
        value = self.floats[i]
        return (total if value is None else total + value, missing or value is None, max(decimals, self.decimals[i]))

    def _adds_up_to(self, column: tuple, i: int) -> bool:
        """`_adds_up` of a column whose values so far are summed up in `column`, with value i last:
        the same sum in the same order, without walking the column."""
        total, missing, decimals = column
        if missing or self.floats[i] is None or self.kinds[i] == "percent":
            return True
        return _close(total, self.floats[i], max(decimals, self.decimals[i]), self.n - 1)

    def _total_ahead(self, state: _State, i: int, c: int, r: int) -> bool:
        """Can values printed after value i complete column c, once i stands in its row r: the
        values still missing above the totals row, then their total? Looked at where one value
        (the total) or two (a value, then the total) are still to come; further ahead, or where a
        missing value or a percentage is still to come (either passes any check), it cannot be
        ruled out. (Where not, every reading through this state fails the totals row.)"""
        between = self.n - 2 - r  # values still to come above the total
        if not 0 <= between <= 1:
            return True
        total, missing, decimals = self._plus(state.totals[c], i)
        if missing or self.any_pass_after[i]:
            return True
        tolerance = _widest_tolerance(decimals, self.n - 1)
        if between == 0:
            return self._printed_after(total, tolerance, i)
        # Many states share a column's sum at the same value: each pair is looked for once.
        key = (round(total, 6), i, decimals)
        if key not in self.pairs_ahead:
            self.pairs_ahead[key] = self._pair_ahead(total, tolerance, i)
        return self.pairs_ahead[key]

    def _pair_ahead(self, total: float, tolerance: float, i: int) -> bool:
        """`_pair_after`, for whole numbers looked up: where the tolerance is under one, the
        pair's difference is the sum, exactly."""
        if self.whole and tolerance < 1:
            return self._differences().get(round(total), -1) > i
        return self._pair_after(total, tolerance, i)

    def _pair_after(self, total: float, tolerance: float, i: int) -> bool:
        """Are two values printed after value i, the second within `tolerance` of `total` plus
        the first?"""
        floats = self.floats
        return any(self._printed_after(total + floats[j], tolerance, j) for j in range(i + 1, len(floats) - 1))

    def _differences(self) -> dict[int, int]:
        """For a table of whole numbers: per difference of a value and one printed after it, the
        last position the first of such a pair is printed at (made once, when first asked)."""
        if self.last_pair is None:
            floats, self.last_pair = self.floats, {}
            for j, first in enumerate(floats):
                if first is not None:
                    for later in floats[j + 1:]:
                        if later is not None:
                            self.last_pair[round(later - first)] = j
        return self.last_pair

    def _printed_after(self, total: float, tolerance: float, i: int) -> bool:
        """Is a value within `tolerance` of `total` printed after value i?"""
        sizes, at = self.sizes, bisect_left(self.sizes, total - tolerance)
        while at < len(sizes) and sizes[at] <= total + tolerance:
            if self.by_size[at][1] > i:
                return True
            at += 1
        return False

    def last_can_be_a_total(self, limit: float) -> bool:
        """Can the value printed last be its column's total? It stands in the bottom row (it
        completes the grid), so where the limit cannot pay for a totals row that fails, some
        n - 1 values printed before it, of its kind, add up to it. True where that cannot be
        ruled out cheaply: a missing value (it passes any check), or too many ways to choose."""
        n, last = self.n, len(self.floats) - 1
        if not self.total_row or limit >= TOTAL_FAILS or n < 2:
            return True
        total, kind = self.floats[last], self.kinds[last]
        if total is None or kind == "percent" or any(f is None for f in self.floats[:last]):
            return True
        parts = sorted(f for f, k in zip(self.floats[:last], self.kinds[:last]) if k == kind)
        # Room too for summing in another order than the search does.
        tolerance = _widest_tolerance(self.decimals[last], n - 1) + 1e-9 * abs(total)
        return _some_add_up(parts, n - 1, total, tolerance)

    def advance(self, state: _State, i: int, c: int) -> _State | None:
        """The state after printed value i goes to column c."""
        found = self.candidate(state, i, c)
        return None if found is None else self.state(state, i, c, found)

    def candidate(self, state: _State, i: int, c: int, limit: float = float("inf")) -> tuple | None:
        """What decides whether printed value i in column c is kept: (cost, counts, last,
        direction, kinds, sums, ragged), or None where it does not fit or costs more than `limit`. The
        price comes first: the tuples are built only for what it keeps, and the state itself only
        for the few a step keeps."""
        counts = state.counts
        r = counts[c]
        if r >= self.n:
            return None
        step, direction, ragged = 0.0, None, state.ragged
        if state.last is not None:
            lr, lc = state.last
            if r == lr and c == lc + 1:
                direction = "row"  # the next column
            elif r == lr + 1 and c < lc:
                direction = "row"  # the next row's first column of the block
                ragged += not _block_start(counts, c, lc, r)
            elif c == lc and r == lr + 1:
                direction = "column"  # down the same column
            elif c == lc + 1 and r < lr:
                direction = "column"  # the next column, from the block's top row
                ragged += not _column_block(state, r)
            if direction is None:
                step += JUMP
            elif state.direction not in (None, direction):
                step += TURN
        elif c != 0:
            step += JUMP
        kind, kinds = self.kinds[i], state.kinds
        if kind is not None and kinds[c] is not None and kinds[c] != kind:
            step += MIXED_KINDS
        if self.total_row and r + 1 == self.n and not self._adds_up_to(state.totals[c], i):
            step += TOTAL_FAILS
        # Row r is complete when every other column has reached it: check its totals column
        # (value i is column c's cell in that row).
        if self.total_column and min(counts[:c] + counts[c + 1:], default=r + 1) > r and not self._adds_up(
                [i if y == c else _at_row(state.columns[y], counts[y], r) for y in range(self.m)]):
            step += TOTAL_FAILS
        cost = state.cost + step
        if cost > limit:
            return None
        if self.total_row and self.n - 3 <= r <= self.n - 2 and limit - cost < TOTAL_FAILS \
                and not self._total_ahead(state, i, c, r):
            return None  # no values to come can complete the column and be its total
        if kind is not None and kinds[c] is None:
            kinds = kinds[:c] + (kind,) + kinds[c + 1:]
        sums = state.sums
        if self.total_row:  # the sums tell readings apart only where a totals row checks them
            value = self.floats[i] if self.floats[i] is not None else 0.0
            sums = sums[:c] + (round(sums[c] + value, 6),) + sums[c + 1:]
        return cost, counts[:c] + (r + 1,) + counts[c + 1:], (r, c), direction or state.direction, kinds, sums, ragged

    def state(self, parent: _State, i: int, c: int, found: tuple) -> _State:
        cost, counts, last, direction, kinds, sums, ragged = found
        totals, columns = parent.totals, parent.columns
        if self.total_row and last[0] + 1 < self.n:
            totals = totals[:c] + (self._plus(totals[c], i),) + totals[c + 1:]
        if self.total_column:
            columns = columns[:c] + ((i, columns[c]),) + columns[c + 1:]
        return _State(cost, counts, last, direction, kinds, sums, totals, columns, parent, ragged)


def _some_add_up(parts: list[float], k: int, total: float, tolerance: float) -> bool:
    """Do some k of `parts` (sorted) add up to `total`, within `tolerance`? True also where the
    choices are too many to try (up to three parts are looked for in time linear or quadratic
    in the parts; more, by trying every choice where there are no more than CHOICES)."""
    low, high = total - tolerance, total + tolerance
    if k > len(parts):
        return False
    if k == 1:
        at = bisect_left(parts, low)
        return at < len(parts) and parts[at] <= high
    if k == 2:
        return _pair_in(parts, 0, len(parts) - 1, low, high)
    if k == 3 and len(parts) <= 200:
        return any(_pair_in(parts, a + 1, len(parts) - 1, low - parts[a], high - parts[a])
                   for a in range(len(parts) - 2))
    if comb(len(parts), k) <= CHOICES:
        return any(low <= sum(chosen) <= high for chosen in combinations(parts, k))
    return True


def _pair_in(parts: list[float], b: int, c: int, low: float, high: float) -> bool:
    """Two of parts[b..c] (sorted) whose sum lies in [low, high]."""
    while b < c:
        pair = parts[b] + parts[c]
        if pair < low:
            b += 1
        elif pair > high:
            c -= 1
        else:
            return True
    return False


def _block_start(counts: tuple[int, ...], c: int, lc: int, r: int) -> bool:
    """Does a row begun in column c begin where the row just ended (in column lc) began: the
    columns c..lc hold r values each, and the column left of c does not? (Column c and column lc
    hold r already: c is where row r goes, and lc has just had row r - 1.)"""
    return (c == 0 or counts[c - 1] != r) and all(counts[k] == r for k in range(c + 1, lc))


def _column_block(state: _State, r: int) -> bool:
    """Does a column begun at row r, after the values of `state` went down column lc to row lr,
    keep to their block: lc's run of values began at row r too, and where that run was itself the
    next column of a block, it ended where the column before it ended? (Only judged after a run
    down a column: after a row, a column from the top starts a new block.)"""
    lr, lc = state.last
    if state.parent is None or state.parent.last != (lr - 1, lc):
        return True
    row = lr
    while row > r and state.last == (row, lc):  # back up column lc's run to row r
        state, row = state.parent, row - 1
    if state.last != (r, lc):
        return False  # the run began below row r
    before = state.parent.last if state.parent is not None else None
    if before is not None and before[1] == lc - 1 and r < before[0]:
        return before[0] == lr  # the block's previous column ended at row before[0]
    return True


def _grid(assignment, n: int, m: int) -> tuple[tuple[int, ...], ...]:
    grid = [[0] * m for _ in range(n)]
    for j, (r, c) in enumerate(assignment):
        grid[r][c] = j
    return tuple(tuple(row) for row in grid)


def _steps(state: _State, m: int) -> list[int]:
    """The columns the next value can go to without a jump, in column order (the order `_step`
    tries them in): where a state has no jump left within the limit, the others cost too much."""
    if state.last is None:
        return [0]
    lr, lc = state.last
    counts = state.counts
    found = [c for c in range(lc) if counts[c] == lr + 1]  # the next row's start, left of the last
    if counts[lc] == lr + 1:
        found.append(lc)  # down the same column
    if lc + 1 < m and counts[lc + 1] <= lr:
        found.append(lc + 1)  # the next column: on along the row, or a column from the top
    return found


def _step(problem: _Problem, beam: list[_State], i: int, width: int, limit: float) -> list[_State]:
    """The `width` cheapest states after printed value i, from a beam sorted by cost (ties in the
    order found, the readings without a jump first).

    A step never lowers the cost, so once `width` states cost less than the next parent does,
    nothing that parent or a later one makes can enter the beam or change a state in it: the
    expansion stops there, with the same beam as expanding them all. For the same reason a state's
    jumps (each JUMP dearer than the state) are tried only where the states found without them
    leave room: most of a wide table's candidates were jumps that never entered the beam."""
    expanded: dict[tuple, tuple] = {}  # key -> ((cost, ragged), parent, column, candidate)
    level = None
    can_jump: list[tuple[_State, list[int]]] = []
    for state in beam:
        if state.cost != level and len(expanded) >= width:
            level = state.cost
            if sum(1 for (cost, _), _, _, _ in expanded.values() if cost < level) >= width:
                break
        steps = _steps(state, problem.m)
        _expand(problem, expanded, state, i, steps, limit)
        if state.cost + JUMP <= limit:
            can_jump.append((state, steps))
    if can_jump:
        costs = sorted(cost for (cost, _), _, _, _ in expanded.values())
        room = costs[width - 1] if len(costs) >= width else float("inf")  # what a state must beat to enter
        for state, steps in can_jump:
            if state.cost + JUMP > room:
                break  # the beam is sorted by cost: the later states' jumps cost more still
            _expand(problem, expanded, state, i, [c for c in range(problem.m) if c not in steps], limit)
    kept = sorted(expanded.values(), key=lambda entry: entry[0])[:width]
    return [problem.state(parent, i, c, found) for _, parent, c, found in kept]


def _expand(problem: _Problem, expanded: dict, state: _State, i: int, columns: list[int], limit: float) -> None:
    """Value i placed in each of the columns after `state`: the cheapest candidate for each key."""
    for c in columns:
        found = problem.candidate(state, i, c, limit)
        if found is None:
            continue
        cost, counts, last, direction, kinds, sums, ragged = found
        key = (counts, last, direction, kinds, sums if problem.total_row else ())
        if key not in expanded or (cost, ragged) < expanded[key][0]:
            expanded[key] = ((cost, ragged), state, c, found)


def solve(values: list[str], rows: int, columns: int, total_row: bool, total_column: bool,
          limit: float = float("inf"), memo: dict | None = None) -> Reading | None:
    """The best reading of `values` (as printed) as a grid of `rows` x `columns`, or None when
    every reading costs more than `limit` (costs only grow, so the search stops there).

    `memo` keeps the answers for one table: its splits into header and labels ask the same
    question. It lives no longer than the table, so that one answer's reading never depends on
    which answers a process read before (and a benchmark that repeats answers gains nothing)."""
    key = (tuple(values), rows, columns, total_row, total_column, limit)
    return _remembered(memo, key, lambda: _solve(*key))


def _remembered(memo: dict | None, key: tuple, work):
    """work(), asked once per key of `memo` (none: every time)."""
    if memo is None:
        return work()
    if key not in memo:
        memo[key] = work()
    return memo[key]


def solve_by_row_kinds(values: list[str], rows: int, columns: int, total_row: bool, total_column: bool,
                       limit: float = float("inf"), memo: dict | None = None) -> Reading | None:
    """`solve` for a table whose rows, not columns, are each of one kind (a unit a row). The
    search reads the grid turned a quarter: rows become columns, a row-by-row step a
    column-by-column one, the totals row the totals column; its costs are the same both ways."""
    turned = solve(values, columns, rows, total_column, total_row, limit, memo)
    if turned is None:
        return None
    grid = tuple(tuple(turned.grid[c][r] for c in range(columns)) for r in range(rows))
    row_major = all(grid[r][c] == r * columns + c for r in range(rows) for c in range(columns))
    return Reading(grid, turned.cost, row_major, turned.totals_passed)


def _solve(values: tuple[str, ...], rows: int, columns: int, total_row: bool, total_column: bool,
           limit: float) -> Reading | None:
    n, m = rows, columns
    values = list(values)
    if n * m != len(values) or n < 1 or m < 1 or n * m > 600:
        return None
    problem = _Problem(values, n, m, total_row, total_column)
    if not problem.last_can_be_a_total(limit):
        return None  # no reading within the limit: its totals row fails
    # The work is values x columns x beam: a wide table keeps fewer readings per value, so one
    # answer costs milliseconds, not seconds (a 6 x 13 table: about 25 kept).
    width = max(BEAM_FLOOR, min(BEAM, WORK // (len(values) * m)))
    beam = [problem.start()]
    for i in range(len(values)):
        beam = _step(problem, beam, i, width, limit)
        if not beam:
            break
    best = beam[0] if beam else _by_strips(problem, limit)
    if best is None:
        return None
    grid = _grid(best.assignment(), n, m)
    passed = 0
    for c in range(m if total_row else 0):
        cells = [grid[r][c] for r in range(n)]
        passed += problem.kinds[cells[-1]] != "percent" and problem.numbers[cells[-1]] is not None \
            and problem._adds_up(cells)
    for r in range(n if total_column else 0):
        cells = list(grid[r])
        passed += problem.kinds[cells[-1]] != "percent" and problem.numbers[cells[-1]] is not None \
            and problem._adds_up(cells)
    return Reading(grid, best.cost, all(grid[r][c] == r * m + c for r in range(n) for c in range(m)), passed)


def _band_plans(n: int, w: int):
    """The orders of a strip of w columns: its rows in one or two bands, each band read row by row
    or column by column; yields each order as the column of every value in turn."""
    def band(r0: int, r1: int, by_column: bool) -> list[int]:
        if by_column:
            return [c for c in range(w) for _ in range(r0, r1)]
        return [c for _ in range(r0, r1) for c in range(w)]

    orientations = (False, True) if w > 1 and n > 1 else (False,)
    for by_column in orientations:
        yield band(0, n, by_column)
    for cut in range(1, n):
        for top in orientations:
            for bottom in orientations:
                if (top, bottom) != (False, False):  # two row-by-row bands are one
                    yield band(0, cut, top) + band(cut, n, bottom)


def _plan_columns(plan: list[int]) -> list[list[int]]:
    """Per column of a strip, the positions in the strip's order of its values, top to bottom."""
    columns: list[list[int]] = [[] for _ in range(max(plan) + 1)]
    for at, offset in enumerate(plan):
        columns[offset].append(at)
    return columns


def _strip_totals_add_up(problem: _Problem, columns: list[list[int]], first: int) -> bool:
    """Does each column of a strip read in this order end in the sum of its values above?"""
    return all(problem._adds_up([first + at for at in column]) for column in columns)


def _by_strips(problem: _Problem, limit: float) -> _State | None:
    """The best order made of strips, where the beam found none: the columns divide into strips
    from left to right, each read whole before the next, its rows in one or two bands read by row
    or by column ("January whole, then February to June row by row, then July whole ...": how
    pdfminer takes a wide table apart). The search keeps, per strip boundary and direction, the
    cheapest reading; its cost is O(m^2 n^2) values placed, and it runs only when the beam failed
    on a table with totals."""
    n, m = problem.n, problem.m
    if not (problem.total_row or problem.total_column):
        return None  # without totals, nothing in the numbers tells these orders apart
    totals_decide = problem.total_row and limit < TOTAL_FAILS
    best: dict[tuple[int, str | None], _State] = {(0, None): problem.start()}
    plans = {w: [(plan, _plan_columns(plan)) for plan in _band_plans(n, w)] for w in range(1, m + 1)}
    for c0 in range(m):
        starts = [state for (c, _), state in best.items() if c == c0]
        for c1 in range(c0 + 1, m + 1):
            for plan, columns in plans[c1 - c0]:
                if totals_decide and not _strip_totals_add_up(problem, columns, n * c0):
                    continue  # the totals row fails in a column of this strip: over the limit
                for state in starts:
                    for i, offset in enumerate(plan, start=n * c0):
                        state = problem.advance(state, i, c0 + offset)
                        if state is None or state.cost > limit:
                            break
                    else:
                        end = (c1, state.direction)
                        if end not in best or state.cost < best[end].cost:
                            best[end] = state
    finals = [state for (c, _), state in best.items() if c == m]
    return min(finals, key=lambda state: state.cost) if finals else None


def _plain(values: list[str], rows: int, columns: int, total_row: bool, total_column: bool, by_column: bool) -> _State:
    problem = _Problem(values, rows, columns, total_row, total_column)
    state = problem.start()
    for i in range(len(values)):
        state = problem.advance(state, i, i // rows if by_column else i % columns)
    return state


def column_major(values: list[str], rows: int, columns: int, total_row: bool, total_column: bool,
                 memo: dict | None = None) -> Reading:
    """The plain column-by-column reading, priced by the same measure."""
    def work() -> Reading:
        state = _plain(values, rows, columns, total_row, total_column, by_column=True)
        return Reading(_grid(state.assignment(), rows, columns), state.cost, columns == 1)
    return _remembered(memo, ("column by column", tuple(values), rows, columns, total_row, total_column), work)


def row_major_cost(values: list[str], rows: int, columns: int, total_row: bool, total_column: bool,
                   memo: dict | None = None) -> float:
    """What the plain row-by-row reading costs by the same measure (to compare with the best).
    `memo` as for `solve`: a table's splits into header and labels mostly ask about one grid."""
    return _remembered(memo, ("row by row", tuple(values), rows, columns, total_row, total_column),
                       lambda: _plain(values, rows, columns, total_row, total_column, by_column=False).cost)


def _fit_kind(text: str | None) -> tuple[str, bool] | None:
    """A value's kind for placing it: percentage, amount or plain, and whole or with decimals
    ("3,6" years of waiting beside counts); None for a missing marker."""
    kind = kind_of(text) if text is not None else None
    return (kind, _decimals(text) > 0) if kind is not None else None


def column_kinds(rows: list[list[str | None]], m: int) -> list[tuple[str, bool] | None]:
    """Each column's one kind of value (`_fit_kind`) in the rows of m values; None where its
    values are of several kinds or of none."""
    kinds: list[set] = [set() for _ in range(m)]
    for printed in rows:
        if len(printed) == m:
            for j, text in enumerate(printed):
                kinds[j].add(_fit_kind(text))
    return [next(iter(k - {None})) if len(k - {None}) == 1 else None for k in kinds]


def one_fit(printed: list[str], kinds: list[tuple[str, bool] | None]) -> list[int] | None:
    """The columns of the values, in order, where exactly one placement puts each value in a
    column of its kind; None where none does or several do. Counted, not listed (13 columns and
    7 values have 1,716 placements): ways[i][j] is the number of placements of values i.. into
    columns j.., capped at 2. Cost: values x columns."""
    k, m = len(printed), len(kinds)
    fits = [[kinds[j] is not None and kinds[j] == _fit_kind(t) for j in range(m)] for t in printed]
    ways = [[0] * (m + 1) for _ in range(k + 1)]
    ways[k] = [1] * (m + 1)
    for i in range(k - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            ways[i][j] = min(2, ways[i][j + 1] + (ways[i + 1][j + 1] if fits[i][j] else 0))
    if ways[0][0] != 1:
        return None
    columns, j = [], 0
    for i in range(k):
        while not (fits[i][j] and ways[i + 1][j + 1]):
            j += 1
        columns.append(j)
        j += 1
    return columns


def short_row(values: list, texts: list[str | None], m: int, kinds: list[tuple[str, bool] | None], name: str,
              line: int, file_label: str, findings: list[Finding], keep_order: bool = False) -> list:
    """A row with more or fewer values than the table's m columns, in text that does not say which
    cells were empty (pdfminer's cell a line, pypdf's plain text): the values (`texts` as printed)
    go where their kinds fit the columns one way alone (`one_fit`); otherwise the row is published
    empty and its numbers reported, never shifted into the first columns, where most would stand
    under the wrong title. `keep_order` (PDF lines): the values in order, the empty cells last.
    Both are reported, naming the row (`name`)."""
    columns = one_fit(texts, kinds) if len(texts) < m and None not in texts else None
    if columns is not None:
        placed: list = [None] * m
        for j, value in zip(columns, values):
            placed[j] = value
        how = "each is placed in the one column of its kind, the others are published empty"
    elif keep_order:
        placed, how = list(values) + [None] * (m - len(values)), "the missing cells are published empty"
    else:
        placed, how = [None] * m, "which cells are empty cannot be told from the text, so the row is published empty"
    findings.append(Finding(WARNING, "table.ragged-row", f"{name} has {len(values)} values where the table has {m}; "
                            f"{how}", file=file_label, line=line,
                            hint="check the row in the PDF; a curation correction can fill the cells"))
    if columns is None and not keep_order:
        findings.append(Finding(WARNING, "table.not-extracted",
                                f"numbers {[t for t in texts if t is not None]} of {name} were not published: "
                                "their columns cannot be told", file=file_label, line=line,
                                hint="read the row in the PDF; a curation correction can place the values"))
    return placed
