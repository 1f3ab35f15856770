"""Packages: Frictionless v2, tidy canonical CSVs, schemas with constraints and keys, provenance."""

import csv
import hashlib
import json
import subprocess
import sys
from pathlib import Path

from frictionless import Package

from conftest import SEED

SEED_ID = "2023-2024-418"


def descriptor(built: Path, answer: str = SEED_ID) -> dict:
    return json.loads((built / "packages" / answer / "datapackage.json").read_text(encoding="utf-8"))


def resource(built: Path, name: str, answer: str = SEED_ID) -> dict:
    return next(r for r in descriptor(built, answer)["resources"] if r["name"] == name)


def test_seed_package_holds_five_tables_figures_and_code_lists(built):
    d = descriptor(built)
    assert d["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert d["licenses"][0]["title"] == "Modellicentie Gratis Hergebruik v1.0"
    assert {s["path"] for s in d["sources"]} == {
        "https://docs.vlaamsparlement.be/pfile?id=2064567",
        "https://www.vlaamsparlement.be/parlementaire-documenten/schriftelijke-vragen/1824460"}
    assert {(c["title"], c["roles"][0]) for c in d["contributors"]} == {
        ("Robrecht Bothuyne", "vraagsteller"), ("Jo Brouns", "minister")}
    assert "Werk" in d["keywords"]
    names = [r["name"] for r in d["resources"]]
    assert names == ["trajecten-per-provincie", "trajecten-per-perceel", "trajecten-per-duurtijd",
                     "trajecten-per-subdoelgroep", "doorstroming-naar-werk", "prose-figures", "sections",
                     "cell-provenance", "doelgroepen-mentoring-naar-werk", "provincies"]


def test_packages_are_valid_in_process_and_with_the_official_cli(built):
    for path in sorted((built / "packages").glob("*/datapackage.json")):
        assert Package(str(path)).validate().valid, path
        result = subprocess.run([sys.executable, "-m", "frictionless", "validate", str(path), "--json"],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stdout[-2000:]
        assert json.loads(result.stdout)["valid"]


def test_schema_types_constraints_keys_and_foreign_keys(built):
    schema = resource(built, "trajecten-per-provincie")["schema"]
    fields = {f["name"]: f for f in schema["fields"]}
    assert fields["trajecten"]["type"] == "integer" and fields["trajecten"]["constraints"] == {"minimum": 0}
    assert fields["trajecten"]["vragen:unit"] == "count"
    assert fields["trajecten"]["title"] == "Trajecten opgestart in 2023"
    assert schema["primaryKey"] == ["provincie"]
    assert schema["foreignKeys"] == [{"fields": ["provincie"], "reference": {"resource": "provincies", "fields": ["naam"]}}]
    # Three Randstad Risesmart / HOA lots are distinct rows: promotor + subgroup is no key.
    assert "primaryKey" not in resource(built, "trajecten-per-perceel")["schema"]
    outflow = {f["name"]: f for f in resource(built, "doorstroming-naar-werk")["schema"]["fields"]}
    assert outflow["eenheid"]["constraints"]["enum"] == ["count", "percent"]


def test_csv_is_tidy_and_canonical(built):
    path = built / "packages" / SEED_ID / "doorstroming-naar-werk.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert len(rows) == 36
    assert rows[3] == {"doelgroep": "HOA", "indicator": "Waarvan aan het werk als werknemer", "horizon": "M3",
                       "waarde": "37.30", "eenheid": "percent"}
    text = path.read_text(encoding="utf-8")
    assert "%" not in text and "€" not in text and "\r" not in text


def test_provenance_names_file_hash_lines_section_and_intro(built):
    provenance = resource(built, "trajecten-per-provincie")["vragen:provenance"]
    assert provenance["sha256"] == hashlib.sha256(SEED.read_bytes()).hexdigest()
    assert provenance["file"] == f"sources/{SEED.name}"
    assert provenance["lines"] == [53, 58] and provenance["section"] == "2.a" and provenance["method"] == "text-dump"
    assert provenance["intro"].startswith("Hieronder vindt u een verdeling per provincie")
    lines = SEED.read_text(encoding="utf-8").splitlines()
    assert lines[52].startswith("Provincie") and lines[57].startswith("West-Vlaanderen 73")
    cells = list(csv.DictReader((built / "packages" / SEED_ID / "cell-provenance.csv").open(encoding="utf-8")))
    first = next(c for c in cells if c["table"] == "doorstroming-naar-werk" and c["row"] == "4")
    assert first["printed"] == "37,30%" and lines[int(first["line"]) - 1].startswith("werknemer37,30%")


def test_prose_figures_resource(built):
    rows = list(csv.DictReader((built / "packages" / SEED_ID / "prose-figures.csv").open(encoding="utf-8")))
    by_printed = {r["printed"]: r for r in rows}
    assert by_printed["314"]["section"] == "2" and by_printed["314"]["value"] == "314"
    assert by_printed["€551.504,58"]["value"] == "551504.58" and by_printed["€551.504,58"]["unit"] == "EUR"
    assert by_printed["€137.652,33"]["sentence"] == "Voor 2024 tot en met april 2024: €137.652,33."


def test_collection_package_is_valid(built):
    collection = built.parent / "datapackage.json"
    d = json.loads(collection.read_text(encoding="utf-8"))
    assert "2023-2024-418-trajecten-per-provincie" in [r["name"] for r in d["resources"]]
    assert Package(str(collection)).validate().valid


def test_descriptors_are_written_exactly_as_the_json_module_indents_them(built):
    """dump_json has its own indenting writer (the json module's is pure Python); its text must be
    the json module's, for every kind of value a descriptor holds, including the unusual ones it
    hands back to the json module."""
    import json
    from enum import Enum

    from vragen.package import dump_json

    class Kind(str, Enum):
        MEASURE = "measure"

    samples = [
        {}, [], "", 0, -1.5, 1e-7, 10**20, True, None,
        {"a": [], "b": {}, "c": [1, 2.0, "x\n\"é€\u2028", None, False], "d": {"e": [[], [{}], [[1]]]}},
        {"role": Kind.MEASURE, "nested": [{"k": Kind.MEASURE}], "big": 2**70, "neg": -0.0},
        {1: "a non-string key"}, {"t": (1, 2)}, {"nan": float("nan")}, [float("inf")],
    ]
    for sample in samples:
        assert dump_json(sample) == json.dumps(sample, ensure_ascii=False, indent=2) + "\n", sample
    written = (built / "packages" / SEED_ID / "datapackage.json").read_text(encoding="utf-8")
    assert written == json.dumps(json.loads(written), ensure_ascii=False, indent=2) + "\n"


def test_csv_cells_print_canonically_whatever_their_type(tmp_path):
    """Text and whole numbers go to the csv module as they are; flags print as true/false, amounts
    in plain notation (never 1E+3), a missing value as an empty cell."""
    from decimal import Decimal

    from vragen.package import write_csv
    write_csv(tmp_path / "t.csv", ["a", "b", "c", "d", "e", "f", "g"],
              [["Limburg, Oost", 3, None, True, False, Decimal("1E+3"), Decimal("0.50")]])
    assert (tmp_path / "t.csv").read_text(encoding="utf-8") == 'a,b,c,d,e,f,g\n"Limburg, Oost",3,,true,false,1000,0.50\n'
