"""A published table back in the shape it was printed: tidy rows pivoted to the printed columns,
values shown as printed (Dutch notation), group labels merged over the rows they span."""

from __future__ import annotations

import json

from ..numbers import Unit

UNIT_NAMES = {unit.value: unit.dutch for unit in Unit}  # the portal's word for each unit the data holds


def wide_table(fields: list[dict], cells: list[dict]) -> dict:
    dims = [f for f in fields if f["role"] == "dimension"]
    measures = [f for f in fields if f["role"] == "measure"]
    row_dims = [f for f in dims if f["printed"]]  # label columns as printed
    melted = [f for f in dims if not f["printed"]]  # column headers melted into a dimension
    # Printed rows come from the cells' order, never from their labels: two printed rows may carry
    # the same labels (the seed's three "Randstad Risesmart / HOA" lots), and keying by labels would
    # show one of them where the data has three. A printed row ends where the labels change or a
    # column comes round again.
    rows: list[dict] = []
    columns: list[tuple] = []
    for cell in sorted(cells, key=lambda c: c["row"]):
        labels = json.loads(cell["labels"])
        key = tuple(labels.get(f["name"]) for f in row_dims)
        group = tuple(labels.get(f["name"]) for f in melted)
        column = group + (cell["measure"],)
        if column not in columns:
            columns.append(column)
        if not rows or rows[-1]["key"] != key or column in rows[-1]["values"]:
            rows.append({"key": key, "labels": ["" if v is None else str(v) for v in key], "values": {},
                         "total": False})
        row = rows[-1]
        row["values"][column] = {"printed": cell["printed"] or "", "value": cell["value"], "unit": cell["unit"],
                                 "line": cell.get("line"), "page": cell.get("page"),
                                 "id": cell.get("id"), "bbox": cell.get("bbox")}
        row["total"] = row["total"] or bool(cell["is_total"])
    titles = {f["name"]: f["printed"] or f["title"] for f in measures}
    units = {f["name"]: f["unit"] for f in measures}
    header: list[list[dict]] = []
    label_head = [{"text": f["printed"] or f["title"], "rowspan": 1, "unit": None} for f in row_dims]
    if melted and len(measures) > 1:
        groups = []
        for column in columns:
            if not groups or groups[-1]["key"] != column[:-1]:
                groups.append({"key": column[:-1], "text": " ".join(str(v) for v in column[:-1]), "colspan": 0})
            groups[-1]["colspan"] += 1
        for cell in label_head:
            cell["rowspan"] = 2
        header.append(label_head + [{"text": g["text"], "colspan": g["colspan"], "unit": None} for g in groups])
        header.append([{"text": titles[c[-1]], "unit": UNIT_NAMES.get(units[c[-1]], units[c[-1]])} for c in columns])
    elif melted:
        header.append(label_head + [{"text": " ".join(str(v) for v in c[:-1]), "unit": None} for c in columns])
    else:
        header.append(label_head + [{"text": titles[c[-1]], "unit": UNIT_NAMES.get(units[c[-1]], units[c[-1]])}
                                    for c in columns])
    body = []
    for row in rows:
        body.append({"labels": [{"text": t, "rowspan": 1, "codelist": f["codelist"] if t else None}
                                for t, f in zip(row["labels"], row_dims)],
                     "full_labels": [{"text": t} for t in row["labels"]], "total": row["total"],
                     "values": [row["values"].get(c, {"printed": "", "value": None, "unit": None}) for c in columns]})
    _merge_group_labels(body)
    return {"header": header, "rows": body, "columns": columns,
            "column_titles": [" ".join(str(v) for v in c[:-1]) or titles[c[-1]] for c in columns]}


def _merge_group_labels(body: list[dict]) -> None:
    """A label repeated down the rows of its group shows once, spanning them (as the merged cell
    in the PDF did). The last label column is never merged."""
    if not body:
        return
    width = len(body[0]["labels"])
    for j in range(width - 1):
        start = 0
        for i in range(1, len(body) + 1):
            same = i < len(body) and all(body[i]["labels"][c]["text"] == body[start]["labels"][c]["text"]
                                         for c in range(j + 1))
            if not same:
                if i - start > 1:
                    body[start]["labels"][j]["rowspan"] = i - start
                    for k in range(start + 1, i):
                        body[k]["labels"][j]["rowspan"] = 0
                start = i
