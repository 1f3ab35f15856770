from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from vragen.numbers import EUR, PERCENT, is_year, parse_dutch_date, parse_quantity


@pytest.mark.parametrize("text, value, unit", [
    ("1.234", "1234", None),
    ("551.504,58", "551504.58", None),
    ("€551.504,58", "551504.58", EUR),
    ("€ 1.250.000,00", "1250000.00", EUR),
    ("1.234 euro", "1234", EUR),
    ("37,30%", "37.30", PERCENT),
    ("0,00%", "0.00", PERCENT),
    ("12,5 %", "12.5", PERCENT),
    ("-3", "-3", None),
    ("−1.500", "-1500", None),
    ("0", "0", None),
])
def test_dutch_notation_to_canonical(text, value, unit):
    quantity = parse_quantity(text)
    assert quantity.canonical == value
    assert quantity.unit == unit


@pytest.mark.parametrize("text, marker", [("12.500*", "*"), ("41.620(1)", "(1)"), ("85¹", "¹")])
def test_footnote_markers_are_kept_apart(text, marker):
    quantity = parse_quantity(text)
    assert quantity.footnote == marker
    assert quantity.value is not None and "*" not in quantity.canonical


@pytest.mark.parametrize("marker", ["-", "n.b.", "nvt", "n.v.t.", "–", "x"])
def test_missing_markers(marker):
    quantity = parse_quantity(marker)
    assert quantity.value is None and quantity.missing == marker and quantity.canonical == ""


@pytest.mark.parametrize("text", ["M3", "A2", "31/03/2024", "2.a", "abc", "", "1.23.4", "12,"])
def test_not_numbers(text):
    assert parse_quantity(text) is None


def test_years_and_dates():
    assert is_year(parse_quantity("2023")) and not is_year(parse_quantity("2.023"))
    assert not is_year(parse_quantity("314"))
    assert parse_dutch_date("30 april 2024") == "2024-04-30"
    assert parse_dutch_date("1 februari 2023") == "2023-02-01"
    assert parse_dutch_date("30 foo 2024") is None


def _dutch(value: Decimal, decimals: int) -> str:
    whole, _, fraction = f"{abs(value):.{decimals}f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = ".".join([whole] + groups) + ("," + fraction if decimals else "")
    return ("-" if value < 0 else "") + text


@given(st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
       st.sampled_from([0, 1, 2]), st.sampled_from(["", "%", "€"]))
def test_printed_dutch_numbers_parse_back(value, decimals, unit):
    value = round(value, decimals)
    printed = _dutch(value, decimals)
    if unit == "%":
        printed += "%"
    elif unit == "€":
        printed = "€" + printed
    quantity = parse_quantity(printed)
    assert quantity is not None, printed
    assert quantity.value == value
    assert quantity.unit == {"": None, "%": PERCENT, "€": EUR}[unit]


@given(st.text(max_size=30))
def test_parser_never_crashes(text):
    quantity = parse_quantity(text)
    assert quantity is None or quantity.text == text.strip()
