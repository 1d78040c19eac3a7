"""A fast streaming reader of one XLSX worksheet's cell values.

openpyxl's read-only mode parses each cell through Python-level XML events: about a minute
for two passes over 100,000 rows, twice the import's budget. A worksheet's XML is regular
(<row><c r=".." t=".."><v>..</v></c>...</row>), so the C regular-expression engine can read
it in pieces of a megabyte instead, with the shared strings from their own part. Values come
as openpyxl's `values_only` rows would, except dates: numbers stay numbers (the importer turns
a month cell's serial number into a date).
"""

import html
import posixpath
import re
import zipfile
from collections.abc import Iterator
from xml.etree import ElementTree

P = r"(?:[\w.-]+:)?"  # an optional namespace prefix (x:row)
# One match per cell: column letters, type, then <v> text, inline string, or anything else.
CELL = re.compile(
    rf'<{P}c\b(?=(?:[^>]*?\sr="([A-Z]{{1,3}}))?)(?=(?:[^>]*?\st="(\w+)")?)[^>]*?'
    rf"(?:/>|>(?:<{P}v>([^<]*)</{P}v>|<{P}is>(.*?)</{P}is>|(.*?))</{P}c>)",
    re.S,
)
VALUE = re.compile(rf"<{P}v>(.*?)</{P}v>", re.S)
TEXT = re.compile(rf"<{P}t(?:\s[^>]*)?>(.*?)</{P}t>", re.S)
ATTRIBUTE = re.compile(r'\b(r|t)="([^"]*)"')
FAST_CELL = (  # the usual attribute order (r, s, t) of Excel, LibreOffice and openpyxl
    r'<{p}c r="([A-Z]{{1,3}})\d+"(?: s="\d+")?(?: t="(\w+)")?(?: [^>]*)?'
    r"(?:/>|>(?:<{p}v>([^<]*)</{p}v>|<{p}is><{p}t(?: [^>]*)?>([^<]*)</{p}t></{p}is>|(.*?))</{p}c>)"
)
NUMBER = re.compile(r"^-?\d+$")
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
DOC_RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
CHUNK = 1 << 20


def column_index(reference: str) -> int:
    """'C12' -> 2."""
    index = 0
    for char in reference:
        if char.isalpha():
            index = index * 26 + (ord(char.upper()) - 64)
        else:
            break
    return index - 1


def _text(raw: str) -> str:
    return html.unescape(raw) if "&" in raw else raw


def _number(raw: str):
    if NUMBER.match(raw):
        return int(raw)
    try:
        number = float(raw)
    except ValueError:
        return _text(raw)
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def _value(kind, value, inline, other, shared):
    if kind == "inlineStr":
        return _text("".join(TEXT.findall(inline or other)))
    if value is None or (not value and other):  # <f> before <v>, or no <v> at all
        found = VALUE.search(other or "")
        if found is None:
            return None
        value = found.group(1)
    if kind == "s":
        return shared[int(value)]
    if kind in ("str", "e", "d"):
        return _text(value)
    if kind == "b":
        return value == "1"
    return _number(value)


class Workbook:
    """The sheet names and parts of an XLSX file (a zip), and its shared strings."""

    def __init__(self, file):
        self.zip = zipfile.ZipFile(file)
        rels = ElementTree.fromstring(self.zip.read("xl/_rels/workbook.xml.rels"))
        targets = {}
        shared_path = None
        for rel in rels.iter(f"{RELS}Relationship"):
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            targets[rel.get("Id")] = posixpath.normpath(path)
            if rel.get("Type", "").endswith("/sharedStrings"):
                shared_path = targets[rel.get("Id")]
        workbook = ElementTree.fromstring(self.zip.read("xl/workbook.xml"))
        self.sheets = {
            sheet.get("name"): targets[sheet.get(f"{DOC_RELS}id")]
            for sheet in workbook.iter(f"{MAIN}sheet")
        }
        self.shared = self._shared_strings(shared_path) if shared_path else []
        self.indexes: dict[str, int] = {}  # column letters -> index

    def _shared_strings(self, path) -> list[str]:
        strings = []
        with self.zip.open(path) as part:
            for _event, element in ElementTree.iterparse(part):
                if element.tag == f"{MAIN}si":
                    phonetic = {id(t) for r in element.iter(f"{MAIN}rPh") for t in r}
                    strings.append(
                        "".join(
                            t.text or "" for t in element.iter(f"{MAIN}t") if id(t) not in phonetic
                        )
                    )
                    element.clear()
        return strings

    def rows(self, sheet_name: str | None = None) -> Iterator[tuple]:
        """Rows of values (None where empty), missing rows given as empty tuples."""
        path = self.sheets[sheet_name] if sheet_name else next(iter(self.sheets.values()))
        expected = 1
        with self.zip.open(path) as part:
            for attributes, body in self._row_elements(part):
                found = dict(ATTRIBUTE.findall(attributes))
                number = int(found["r"]) if "r" in found else expected
                while expected < number:
                    yield ()
                    expected += 1
                expected = number + 1
                yield self._cells(body)

    def _row_elements(self, part) -> Iterator[tuple[str, str]]:
        """(attributes, body) of each <row>, reading the part a megabyte at a time."""
        buffer, tail, prefix = "", b"", None
        while True:
            chunk = part.read(CHUNK)
            data = tail + chunk
            try:
                text, tail = data.decode("utf-8"), b""
            except UnicodeDecodeError as error:  # a character cut at the chunk's end
                text, tail = data[: error.start].decode("utf-8"), data[error.start :]
            buffer += text
            if prefix is None:
                found = re.search(r"<([\w.-]+:)?sheetData\b", buffer)
                if found is None and chunk:
                    continue
                prefix = (found.group(1) or "") if found else ""
                self._use_prefix(prefix)
                opening, closing = f"<{prefix}row", f"</{prefix}row>"
            position = 0
            while True:
                start = buffer.find(opening, position)
                if start < 0:
                    break
                tag_end = buffer.find(">", start)
                if tag_end < 0:
                    break
                if buffer[tag_end - 1] == "/":
                    yield buffer[start + len(opening) : tag_end - 1], ""
                    position = tag_end + 1
                    continue
                end = buffer.find(closing, tag_end)
                if end < 0:
                    break
                yield buffer[start + len(opening) : tag_end], buffer[tag_end + 1 : end]
                position = end + len(closing)
            buffer = buffer[position:]
            if not chunk:
                return

    def _use_prefix(self, prefix):
        self.fast_cell = re.compile(FAST_CELL.format(p=re.escape(prefix)), re.S)
        self.cell_openings = (f"<{prefix}c ", f"<{prefix}c>")

    def _cells(self, body) -> tuple:
        if not body:
            return ()
        cells = self.fast_cell.findall(body)
        if len(cells) != sum(body.count(opening) for opening in self.cell_openings):
            cells = CELL.findall(body)  # unusual attributes: the slower, general pattern
        values: list = []
        shared, indexes = self.shared, self.indexes
        for letters, kind, value, inline, other in cells:
            if letters:
                index = indexes.get(letters)
                if index is None:
                    index = indexes[letters] = column_index(letters)
            else:
                index = len(values)
            if index < len(values):
                continue
            if index > len(values):
                values.extend([None] * (index - len(values)))
            if kind == "s" and value:
                values.append(shared[int(value)])
            elif kind == "inlineStr" and inline:
                values.append(_text(inline))
            elif (not kind or kind == "n") and value:
                values.append(int(value) if value.isdigit() else _number(value))
            else:
                values.append(_value(kind, value or None, inline, other, shared))
        return tuple(values)

    def close(self):
        self.zip.close()
