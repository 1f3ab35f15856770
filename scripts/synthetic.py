"""SYNTHETIC answers to written questions, for tests and benchmarks only. Never publish them.

One generator for every test and benchmark that needs documents: it renders answers in the text
dump format of `sources/` (and, through scripts/fixture_pdfs.py, as PDFs). Everything it makes is
marked synthetic: titles start with "[synthetisch]" and pfile ids start at 90,000,000.

    python scripts/synthetic.py corpus 10000 /tmp/corpus      # 10,000 dumps, deterministic per seed
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

MARK = "[synthetisch]"
PROVINCES = ["Antwerpen", "Limburg", "Oost-Vlaanderen", "Vlaams-Brabant", "West-Vlaanderen"]
TOWNS = ["Aalst", "Antwerpen", "Brugge", "Genk", "Gent", "Hasselt", "Kortrijk", "Leuven", "Mechelen", "Oostende",
         "Roeselare", "Sint-Niklaas", "Turnhout", "Lier", "Geel", "Mol", "Ieper", "Tienen", "Lokeren", "Ninove"]
THEMES = ["Werk", "Onderwijs", "Welzijn", "Wonen", "Mobiliteit", "Cultuur", "Sport", "Economie", "Omgeving"]
MINISTERS = [("JO BROUNS", "VLAAMS MINISTER VAN ECONOMIE, INNOVATIE, WERK, SOCIALE ECONOMIE EN LANDBOUW"),
             ("HILDE CREVITS", "VLAAMS MINISTER VAN WELZIJN, VOLKSGEZONDHEID EN GEZIN"),
             ("BEN WEYTS", "VLAAMS MINISTER VAN ONDERWIJS, SPORT, DIERENWELZIJN EN VLAAMSE RAND"),
             ("LYDIA PEETERS", "VLAAMS MINISTER VAN MOBILITEIT EN OPENBARE WERKEN")]
ASKERS = ["AN JANSSENS", "PIETER DE CLERCQ", "SARA VERMEULEN", "TOM PEETERS", "LIES DE SMET", "JAN MAES"]
SUFFIXES = ["Noord", "Zuid", "Oost", "West"]
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december"]
WORDS = ["Aanvragen", "Dossiers", "Premies", "Trajecten", "Deelnemers", "Leerlingen", "Plaatsen", "Projecten",
         "Subsidies", "Klachten", "Inspecties", "Vergunningen"]


def dutch(value: Decimal | int, decimals: int = 0) -> str:
    """1234567.5 -> '1.234.567,50' (dot groups, decimal comma)."""
    text = f"{abs(Decimal(value)):.{decimals}f}"
    whole, _, fraction = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    printed = ".".join([whole] + groups) + ("," + fraction if decimals else "")
    return ("-" if Decimal(value) < 0 else "") + printed


@dataclass
class Table:
    """A table as a test expects it back: headers, rows of labels and printed values."""

    label_headers: list[str]
    measure_headers: list[str]
    rows: list[tuple[list[str], list[str]]]  # (labels, printed values)
    intro: str = "Hieronder vindt u de cijfers."

    def lines(self) -> list[str]:
        out = [self.intro, " ".join(self.label_headers + self.measure_headers)]
        out += [" ".join(labels + values) for labels, values in self.rows]
        return out


@dataclass
class Answer:
    number: int
    day: int
    month: int
    year: int
    theme: str
    asker: str
    minister: tuple[str, str]
    title: str
    sections: list[tuple[str, list[str]]] = field(default_factory=list)  # (text before, table lines)
    tables: list[Table] = field(default_factory=list)
    pfile: int = 90_000_000

    def render(self) -> str:
        date = f"{self.day} {MONTHS[self.month - 1]} {self.year}"
        lines = [
            f"title: {self.title}", f"thema: {self.theme}",
            f"pdf link: https://docs.vlaamsparlement.be/pfile?id={self.pfile}",
            f"thema link: https://www.vlaamsparlement.be/parlementaire-documenten/schriftelijke-vragen/{self.pfile}",
            "SCHRIFTELIJKE VRAAG", f"nr. {self.number}", f"van {self.asker}", f"datum: {date}",
            f"aan {self.minister[0]}", self.minister[1], self.title,
            "Deze vraag en het antwoord zijn synthetisch: gemaakt voor tests, nooit gepubliceerd.",
        ]
        lines += [f"{i}. Hoeveel bedroegen de cijfers voor onderdeel {i}?" for i in range(1, len(self.tables) + 2)]
        lines += [self.minister[0], self.minister[1], "ANTWOORD", f"op vraag nr. {self.number} van {date}",
                  f"van {self.asker}"]
        for i, table in enumerate(self.tables, start=1):
            lines.append(f"{i}. Het overzicht voor onderdeel {i} staat in de tabel.")
            lines += table.lines()
        lines.append(f"{len(self.tables) + 1}. Er zijn geen andere gegevens beschikbaar.")
        return "\n".join(lines) + "\n"


def random_value(rng: random.Random, kind: str) -> str:
    if kind == "count":
        return dutch(rng.choice([rng.randint(0, 99), rng.randint(100, 9_999), rng.randint(10_000, 2_000_000)]))
    if kind == "percent":
        return dutch(Decimal(rng.randint(0, 10_000)) / 100, 2) + "%"
    if kind == "euro":
        return "€ " + dutch(Decimal(rng.randint(0, 10**9)) / 100, 2)
    raise ValueError(kind)


def random_table(rng: random.Random, rows: int | None = None) -> Table:
    """A table in the shapes answers print: labels first (one or two columns), numbers last."""
    shape = rng.choice(["years", "single", "pair"])
    kind = rng.choice(["count", "count", "percent", "euro"])
    if shape == "years":
        first = rng.randint(2015, 2021)
        measures = [str(y) for y in range(first, first + rng.randint(2, 4))]
        labels_header = ["Provincie"]
    elif shape == "single":
        measures = [f"{rng.choice(WORDS)} in {rng.randint(2015, 2024)}"]
        labels_header = [rng.choice(["Gemeente", "Regio"])]
    else:
        measures = [rng.choice(WORDS), rng.choice(["Goedgekeurd", "Afgewezen", "Lopend"])]
        labels_header = ["Gemeente"]
    count = rows or rng.randint(2, 12)
    names = PROVINCES if shape == "years" else TOWNS
    body = []
    for r in range(count):
        label = names[r % len(names)] + ("" if r < len(names) else " " + SUFFIXES[(r // len(names) - 1) % 4])
        values = [random_value(rng, kind) if rng.random() > 0.05 else "-" for _ in measures]
        if all(v == "-" for v in values):
            values[0] = random_value(rng, kind)
        body.append(([label], values))
    return Table(labels_header, measures, body)


def random_answer(rng: random.Random, number: int, tables: int | None = None) -> Answer:
    year = rng.choice([2022, 2023, 2024])
    answer = Answer(number=number, day=rng.randint(1, 28), month=rng.randint(1, 12), year=year,
                    theme=rng.choice(THEMES), asker=rng.choice(ASKERS), minister=rng.choice(MINISTERS),
                    title=f"{MARK} {rng.choice(WORDS)} - overzicht {number}", pfile=90_000_000 + number)
    answer.tables = [random_table(rng) for _ in range(tables if tables is not None else rng.randint(0, 5))]
    return answer


_SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "ze", "de", "bi"]


def _place_name(n: int) -> str:
    """A made-up part of a town for each number, in letters only ("Kalo", "Kami", ...): a label
    with a number in it ("Aalst 1") would read, under a three-word header, as a value."""
    letters = "".join(_SYLLABLES[int(d)] for d in str(n).zfill(2))
    return letters.capitalize()


def big_table_answer(rows: int, number: int = 999_999, seed: int = 1) -> Answer:
    """One answer with one table of `rows` rows (a town, a count and an amount per row): the input
    of the memory bound for a very long table."""
    rng = random.Random(seed)
    answer = random_answer(rng, number, tables=0)
    body = [([f"{TOWNS[r % len(TOWNS)]} {_place_name(r // len(TOWNS))}"],
             [random_value(rng, "count"), random_value(rng, "euro")]) for r in range(rows)]
    answer.tables = [Table(["Gemeente"], ["Dossiers", "Bedrag"], body)]
    return answer


def corpus(count: int, folder: Path, seed: int = 1, tables_per_answer: int | None = None) -> list[Path]:
    """Write `count` synthetic dumps into `folder`; the same seed gives the same files."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(1, count + 1):
        path = folder / f"synthetic_{n:06d}.txt"
        path.write_text(random_answer(rng, n, tables_per_answer).render(), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] != "corpus":
        sys.exit("usage: python scripts/synthetic.py corpus COUNT FOLDER")
    written = corpus(int(sys.argv[2]), Path(sys.argv[3]))
    print(f"{len(written)} synthetic dumps in {sys.argv[3]}", file=sys.stderr)
