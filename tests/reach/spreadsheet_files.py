"""Building reach spreadsheets in tests: rows as dicts of template columns -> XLSX or CSV bytes."""

import csv
import io

from openpyxl import Workbook, load_workbook

from campaigns.reach.spreadsheet.columns import layout

BANDS = [("15-24", "15-24"), ("25plus", "25+")]
COLUMNS = layout(BANDS).columns


def row(w, region="SN-DK · Dakar", month="2026-03", indicator="people-reached", total=30,
        **cells):  # fmt: skip
    """A row of the `world` fixture's Senegal campaign; `cells` by column name."""
    values = {
        "Campaign": w.sn_campaign.code,
        "Organisation": "IOM Senegal",
        "Month": month,
        "Region": region,
        "Channel": "radio · Radio",
        "Material": f"{w.poster.uuid} · Poster",
        "Language": "fr",
        "Indicator": indicator,
        "Total": total,
        "Data source": "attendance",
        "Verification": "documents",
    }
    values.update({key.replace("_", " "): value for key, value in cells.items()})
    return values


def people(w, total=30, female=20, male=10, **fields):
    return row(w, total=total, **{"Female 15-24": female, "Male 25+": male}, **fields)


def broadcasts(w, total=4, **fields):
    return row(w, indicator="broadcasts · Broadcasts", total=total, **fields)


def xlsx(rows, columns=COLUMNS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Reach"
    sheet.append(columns)
    for values in rows:
        sheet.append([values.get(column) for column in columns])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(rows, delimiter=",", bom=True, columns=COLUMNS) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(columns)
    for values in rows:
        writer.writerow(["" if values.get(c) is None else values.get(c) for c in columns])
    return (("\ufeff" if bom else "") + out.getvalue()).encode()


def sheet_rows(content: bytes, sheet="Reach"):
    workbook = load_workbook(io.BytesIO(content))
    return list(workbook[sheet].iter_rows(values_only=True))
