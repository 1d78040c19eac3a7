"""Building reach spreadsheets in tests: rows as dicts of template columns -> XLSX or CSV bytes."""

import csv
import io
import zipfile

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


# --- XLSX files written by hand, part by part (hostile or unusual files) ---

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STRICT_NS = "http://purl.oclc.org/ooxml/spreadsheetml/main"
STRICT_REL_NS = "http://purl.oclc.org/ooxml/officeDocument/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def column_letters(index: int) -> str:
    letters, index = "", index + 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_xml(reference: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{reference}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{reference}"><v>{value}</v></c>'
    text = str(value).replace("&", "&amp;").replace("<", "&lt;")
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


def row_xml(number: int, values: list) -> str:
    cells = "".join(cell_xml(f"{column_letters(i)}{number}", v) for i, v in enumerate(values))
    return f'<row r="{number}">{cells}</row>'


def sheet_xml(rows: str, namespace=MAIN_NS, declaration=DECLARATION) -> str:
    return f'{declaration}<worksheet xmlns="{namespace}"><sheetData>{rows}</sheetData></worksheet>'


def table_xml(rows, columns=COLUMNS) -> str:
    """The header and rows (dicts of template columns) as <row>s of inline strings."""
    lines = [row_xml(1, list(columns))]
    lines += [row_xml(n, [v.get(c) for c in columns]) for n, v in enumerate(rows, 2)]
    return "".join(lines)


def raw_xlsx(
    sheet,
    *,
    shared: str | None = None,
    workbook: str | None = None,
    workbook_rels: str | None = None,
    namespace=MAIN_NS,
    rel_namespace=REL_NS,
    extra: dict | None = None,
    compression=zipfile.ZIP_DEFLATED,
) -> bytes:
    """An XLSX file of the parts given (str or bytes), the others as Excel writes them."""
    workbook = workbook or (
        f'{DECLARATION}<workbook xmlns="{namespace}" xmlns:r="{rel_namespace}"><sheets>'
        '<sheet name="Reach" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    shared_rel = (
        '<Relationship Id="rId3" Target="sharedStrings.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
        if shared is not None
        else ""
    )
    workbook_rels = workbook_rels or (
        f'{DECLARATION}<Relationships xmlns="{PACKAGE_RELS}">'
        '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
        f"{shared_rel}</Relationships>"
    )
    parts = {
        "[Content_Types].xml": f"{DECLARATION}<Types "
        'xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "_rels/.rels": f'{DECLARATION}<Relationships xmlns="{PACKAGE_RELS}">'
        '<Relationship Id="rId1" Target="xl/workbook.xml" Type="http://schemas.openxmlformats'
        '.org/officeDocument/2006/relationships/officeDocument"/></Relationships>',
        "xl/workbook.xml": workbook,
        "xl/_rels/workbook.xml.rels": workbook_rels,
        "xl/worksheets/sheet1.xml": sheet,
    }
    if shared is not None:
        parts["xl/sharedStrings.xml"] = shared
    parts.update(extra or {})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, content in parts.items():
            archive.writestr(name, content.encode() if isinstance(content, str) else content)
    return out.getvalue()
