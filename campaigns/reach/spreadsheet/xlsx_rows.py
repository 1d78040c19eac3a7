"""A streaming reader of one XLSX worksheet's cell values, within limits, as XML is read.

An XLSX file is a zip of XML parts. Each part is parsed by expat (the C parser under
xml.etree) as it is inflated, a block at a time, with handlers for the few elements values
need (<row>, <c>, <v>, <is>/<t>, shared strings' <si>): a real XML parser reads what regular
expressions misread (attributes in single quotes, comments, CDATA, character references,
ISO-8859-1 or UTF-16 parts) and refuses what is not well-formed (a byte that is not UTF-8 in
a UTF-8 part) with its position, before anything is saved. A DOCTYPE is refused, so no entity
can be declared (no "billion laughs", no external entities). Transitional and Strict OOXML.
Sheets as spreadsheet programs write them take a faster route (plain_rows, at the end): a
strict pattern, over bytes expat checks at C speed; anything else goes to expat's handlers.

Limits (limits.py) are checked as the file is read: zip entries and sizes (declared, and
counted as inflated, with the compression ratio), row numbers and columns (a row numbered
999,999,999 is refused, not padded), shared strings (count and characters), a cell's text.

Values come as openpyxl's `values_only` rows would, except dates: numbers stay numbers, serial
numbers of the workbook's date system (`date1904`), and ISO date cells (t="d") become serial
numbers too; the reader turns the month column's into the 1900 system's, which the importer
reads as dates.
"""

import codecs
import datetime
import html
import posixpath
import re
import struct
import zipfile
from collections.abc import Iterator
from xml.parsers import expat

from django.utils.translation import gettext as _

from .limits import MB, FileRefused, Limits, setting_name

MAIN = ("http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "http://purl.oclc.org/ooxml/spreadsheetml/main")  # Transitional, Strict  # fmt: skip
DOC_RELS = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships",
            "http://purl.oclc.org/ooxml/officeDocument/relationships")  # fmt: skip
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
SEP = " "  # expat's separator of namespace and local name
CHUNK = 256 * 1024
DAYS_1904 = 1462  # 1904-01-01 as a serial number of the 1900 system
EPOCH_1900 = datetime.datetime(1899, 12, 30)


def _tags(*names) -> dict[str, str]:
    return {f"{ns}{SEP}{name}": name for ns in MAIN for name in names}


SHARED_TAGS = _tags("si", "t", "rPh")


def column_index(letters: str) -> int:
    """'C' -> 2; -1 when not column letters."""
    if not (0 < len(letters) <= 3 and letters.isascii() and letters.isalpha()):
        return -1
    index = 0
    for char in letters.upper():
        index = index * 26 + (ord(char) - 64)
    return index - 1


def column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _number(raw: str):
    """A <v> number: int when whole (as openpyxl gives), else float; text if not a number."""
    text = raw.strip()
    if len(text) > 30 or not text.isascii():  # not a number Excel writes: left to the rules
        return raw
    try:
        return int(text)
    except ValueError:
        pass
    try:
        number = float(text)
    except ValueError:
        return raw
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def _iso_serial(raw: str):
    """An ISO 8601 date cell (t="d") as the serial number Excel would have stored."""
    try:
        moment = datetime.datetime.fromisoformat(raw.strip())
    except ValueError:
        try:
            moment = datetime.datetime.combine(
                datetime.date(1899, 12, 30), datetime.time.fromisoformat(raw.strip())
            )
        except ValueError:
            return None
    moment = moment.replace(tzinfo=None)
    delta = moment - EPOCH_1900
    serial = delta.days + delta.seconds / 86400 + delta.microseconds / 86400e6
    if moment < datetime.datetime(1900, 3, 1):
        serial -= 1 if moment >= datetime.datetime(1900, 1, 1) else 0  # Excel's 1900-02-29
    return int(serial) if float(serial).is_integer() else serial


class Part:
    """A zip entry read a block at a time, its inflated bytes counted against the limits."""

    def __init__(self, workbook: "Workbook", path: str):
        self.workbook, self.path = workbook, path
        try:
            self.info = workbook.zip.getinfo(path)
        except KeyError:
            raise FileRefused(
                _("The XLSX file has no part “%(part)s”, which its workbook names.")
                % {"part": path}
            ) from None
        self.read_bytes = 0

    def blocks(self) -> Iterator[bytes]:
        workbook, info, limits = self.workbook, self.info, self.workbook.limits
        with workbook.zip.open(info) as stream:
            while block := stream.read(CHUNK):
                self.read_bytes += len(block)
                workbook.inflated += len(block)
                if self.read_bytes > info.file_size:
                    raise FileRefused(
                        _("The part “%(part)s” inflates beyond its declared size.")
                        % {"part": self.path}
                    )
                workbook.check_inflated()
                ratio = self.read_bytes / max(info.compress_size, 1)
                if self.read_bytes > MB and ratio > limits.zip_ratio:
                    workbook.refuse_ratio(self.path)
                yield block


def _refuse_doctype(*_args):
    raise FileRefused(_("The XLSX file declares a DOCTYPE; spreadsheets have none."))


def _parser():
    parser = expat.ParserCreate(namespace_separator=SEP)
    parser.buffer_text = True
    parser.buffer_size = 64 * 1024
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_doctype
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return parser


ROW_NUMBER = re.compile(rb"""<(?:[\w.-]+:)?row\b[^>]*?\sr\s*=\s*["'](\d+)""")


def _feed(parser, part: Part) -> Iterator[bytes]:
    """Feed the part to the parser block by block; yields each block once parsed, b"" last."""
    fed, block = 0, b""
    try:
        for block in part.blocks():
            parser.Parse(block, False)
            yield block
            fed += len(block)
        block = b""
        parser.Parse(block, True)
        yield block
    except expat.ExpatError as error:
        before = block[: max(parser.ErrorByteIndex - fed, 0)]
        rows = ROW_NUMBER.findall(before[-1_000_000:])
        where = _(" (row %(row)s)") % {"row": int(rows[-1])} if rows else ""
        raise FileRefused(
            _(
                "The part “%(part)s” of the XLSX file is not well-formed XML (line %(line)s, "
                "column %(column)s: %(error)s)%(where)s. Nothing was imported: open the file "
                "in a spreadsheet program and save it again as XLSX."
            )
            % {
                "part": part.path,
                "line": error.lineno,
                "column": error.offset + 1,
                "error": expat.ErrorString(error.code),
                "where": where,
            }
        ) from None


MAX_ELEMENTS = 10_000  # sheets, relationships: a workbook has a few


def _elements(part: Part, *wanted: str) -> list[tuple[str, dict]]:
    """The wanted elements (local names) of a part: (namespace name, attributes)."""
    found = []
    parser = _parser()

    def start(name, attributes):
        if name.rpartition(SEP)[2] in wanted:
            found.append((name, attributes))
            if len(found) > MAX_ELEMENTS:
                raise FileRefused(
                    _("The part “%(part)s” lists more than %(count)s sheets or relationships.")
                    % {"part": part.path, "count": f"{MAX_ELEMENTS:,}"}
                )

    parser.StartElementHandler = start
    for _block in _feed(parser, part):
        pass
    return found


class Workbook:
    """The sheet names and parts of an XLSX file (a zip), its date system, its shared strings."""

    def __init__(self, file, limits: Limits | None = None):
        self.limits = limits or Limits.from_settings()
        self.inflated = 0
        self._check_directory(file)
        self.zip = zipfile.ZipFile(file)
        try:
            self._check_zip()
            workbook_path = self._office_document()
            targets, shared_path = self._relationships(workbook_path)
            self.sheets, self.date1904 = {}, False
            for name, attributes in _elements(Part(self, workbook_path), "workbookPr", "sheet"):
                if name.endswith(f"{SEP}workbookPr") and name.split(SEP)[0] in MAIN:
                    self.date1904 = attributes.get("date1904", "").lower() in ("1", "true")
                if not (name.endswith(f"{SEP}sheet") and name.split(SEP)[0] in MAIN):
                    continue
                rel = next((v for k, v in attributes.items() if k in DOC_ID), None)
                if rel not in targets:
                    raise FileRefused(
                        _(
                            "The workbook's sheet “%(sheet)s” points to relationship "
                            "“%(rel)s”, which the workbook does not have."
                        )
                        % {"sheet": attributes.get("name", ""), "rel": rel or ""}
                    )
                self.sheets[attributes.get("name", "")] = targets[rel]
            if not self.sheets:
                raise FileRefused(_("The XLSX file has no worksheet."))
            self.shared = self._shared_strings(shared_path) if shared_path else []
        except BaseException:
            self.zip.close()
            raise

    # --- limits ---

    def refuse(self, limit: str, message: str, **values):
        raise FileRefused(
            message % values
            + " "
            + _("(Limit %(name)s = %(value)s.)")
            % {"name": setting_name(limit), "value": f"{getattr(self.limits, limit):,}"}
        )

    def check_inflated(self):
        if self.inflated > self.limits.inflated_bytes:
            self.refuse(
                "inflated_bytes",
                _("The XLSX file inflates to more than %(size)s MB."),
                size=f"{self.limits.inflated_bytes // MB:,}",
            )

    def refuse_ratio(self, path):
        self.refuse(
            "zip_ratio",
            _("The part “%(part)s” is compressed over %(ratio)s times: refused as a zip bomb."),
            part=path,
            ratio=self.limits.zip_ratio,
        )

    def _check_directory(self, file):
        """The number of entries, from the zip's end record, before zipfile reads them all."""
        try:
            end = zipfile._EndRecData(file)  # noqa: SLF001 (what ZipFile itself reads first)
            file.seek(0)
        except (OSError, ValueError, AttributeError, struct.error):
            return  # zipfile says what is wrong
        if end and end[zipfile._ECD_ENTRIES_TOTAL] > self.limits.zip_entries:  # noqa: SLF001
            self.refuse(
                "zip_entries",
                _("The XLSX file has %(count)s parts, more than a spreadsheet needs."),
                count=f"{end[zipfile._ECD_ENTRIES_TOTAL]:,}",  # noqa: SLF001
            )

    def _check_zip(self):
        entries = self.zip.infolist()
        if len(entries) > self.limits.zip_entries:
            self.refuse(
                "zip_entries",
                _("The XLSX file has %(count)s parts, more than a spreadsheet needs."),
                count=f"{len(entries):,}",
            )
        declared = sum(entry.file_size for entry in entries)
        if declared > self.limits.inflated_bytes:
            self.refuse(
                "inflated_bytes",
                _("The XLSX file declares %(size)s MB once inflated."),
                size=f"{declared // MB:,}",
            )
        for entry in entries:
            if entry.file_size > MB and entry.file_size > self.limits.zip_ratio * max(
                entry.compress_size, 1
            ):
                self.refuse_ratio(entry.filename)

    # --- structure ---

    def _office_document(self) -> str:
        if "_rels/.rels" not in self.zip.NameToInfo:
            return "xl/workbook.xml"  # some writers leave the package's relationships out
        for name, attributes in _elements(Part(self, "_rels/.rels"), "Relationship"):
            if name == f"{PACKAGE_RELS}{SEP}Relationship" and attributes.get("Type", "").endswith(
                "/officeDocument"
            ):
                return _resolve("", attributes.get("Target", ""))
        return "xl/workbook.xml"

    def _relationships(self, workbook_path) -> tuple[dict, str | None]:
        folder, name = posixpath.split(workbook_path)
        rels_path = posixpath.join(folder, "_rels", f"{name}.rels")
        targets, shared_path = {}, None
        for element, attributes in _elements(Part(self, rels_path), "Relationship"):
            if element != f"{PACKAGE_RELS}{SEP}Relationship":
                continue
            if attributes.get("TargetMode") == "External":
                continue
            target = _resolve(folder, attributes.get("Target", ""))
            targets[attributes.get("Id")] = target
            if attributes.get("Type", "").endswith("/sharedStrings"):
                shared_path = target
        return targets, shared_path

    def _shared_strings(self, path) -> list[str]:
        strings: list[str] = []
        parts: list[str] = []
        state = {"text": False, "phonetic": 0, "chars": 0}
        limits = self.limits
        parser = _parser()

        def start(name, _attributes):
            tag = SHARED_TAGS.get(name)
            if tag == "t":
                state["text"] = not state["phonetic"]
            elif tag == "si":
                parts.clear()
            elif tag == "rPh":
                state["phonetic"] += 1

        def end(name):
            tag = SHARED_TAGS.get(name)
            if tag == "t":
                state["text"] = False
            elif tag == "si":
                text = "".join(parts)
                state["chars"] += len(text)
                strings.append(text)
                if len(strings) > limits.shared_strings:
                    self.refuse(
                        "shared_strings",
                        _("The XLSX file has more than %(count)s shared strings."),
                        count=f"{limits.shared_strings:,}",
                    )
                if state["chars"] > limits.shared_string_chars:
                    self.refuse(
                        "shared_string_chars",
                        _("The XLSX file's shared strings hold more than %(count)s characters."),
                        count=f"{limits.shared_string_chars:,}",
                    )
            elif tag == "rPh":
                state["phonetic"] -= 1

        def text(data):
            if state["text"]:
                parts.append(data)
                if len(data) > limits.cell_chars or (
                    len(parts) > 8 and sum(map(len, parts)) > limits.cell_chars
                ):
                    self.refuse(
                        "cell_chars",
                        _("Shared string %(index)s is longer than %(count)s characters."),
                        index=len(strings),
                        count=f"{limits.cell_chars:,}",
                    )

        parser.StartElementHandler, parser.EndElementHandler = start, end
        parser.CharacterDataHandler = text
        for _block in _feed(parser, Part(self, path)):
            pass
        return strings

    # --- rows ---

    def rows(self, sheet_name: str | None = None) -> Iterator[tuple[int, dict[int, object]]]:
        """(row number, {column index: value}) of each row with cells, in order."""
        path = self.sheets[sheet_name] if sheet_name else next(iter(self.sheets.values()))
        last = 0
        part = Part(self, path)
        try:
            for number, cells in plain_rows(self, part):
                last = number
                yield number, cells
            return
        except NotPlain:  # read again by expat, from the start, past the rows given
            self.inflated -= part.read_bytes
        parser = _parser()
        done: list[tuple[int, dict]] = []
        read_sheet(self, parser, done)
        for _block in _feed(parser, Part(self, path)):
            for number, cells in done:
                if number > last:
                    yield number, cells
            done.clear()

    def close(self):
        self.zip.close()


DOC_ID = {f"{ns}{SEP}id" for ns in DOC_RELS}


def _resolve(folder: str, target: str) -> str:
    path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
    return posixpath.normpath(path)


DIGITS = "0123456789"


def _attribute(attributes: list, name: str):
    """An attribute's value from expat's ordered attributes [name, value, ...]."""
    for index in range(0, len(attributes), 2):
        if attributes[index] == name:
            return attributes[index + 1]
    return None


def _refuse(message, **values):
    raise FileRefused(message % values)


def read_sheet(workbook: Workbook, parser, done: list):
    """Sets expat's handlers for a worksheet: finished rows go to `done`.

    Closures over local state, not methods: these run for every element of the sheet."""
    limits, shared, date1904 = workbook.limits, workbook.shared, workbook.date1904
    max_rows, max_columns, max_chars = limits.rows, limits.columns, limits.cell_chars
    letters_of: dict[str, int] = {}
    number = 0  # the current (or last) row's number
    cells: dict[int, object] = {}
    column = -1  # the current (or last) cell's column
    kind = "n"
    value: list[str] | None = None  # text of <v>, when the cell has one
    inline: list[str] | None = None  # text of <is>'s <t>s
    parts: list[str] | None = None  # where character data goes now
    phonetic = 0
    tags: dict[str, str] = {}  # the sheet's namespace's names -> local names

    def cell_name():
        return f"{column_letters(column)}{number}"

    def outside(name, _attributes):
        nonlocal tags
        namespace, _sep, local = name.rpartition(SEP)
        if local == "sheetData" and namespace in MAIN:
            tags = {f"{namespace}{SEP}{tag}": tag for tag in ("c", "v", "t", "is", "row", "rPh")}
            parser.StartElementHandler, parser.EndElementHandler = start, end

    def start(name, attributes):
        nonlocal value, parts, inline, phonetic, column, kind
        tag = tags.get(name)
        if tag == "c":  # attributes as a list: [name, value, ...] (ordered_attributes)
            if attributes and attributes[0] == "r":
                reference = attributes[1]
            else:
                reference = _attribute(attributes, "r")
            if len(attributes) > 2 and attributes[-2] == "t":
                kind = attributes[-1] or "n"
            else:
                kind = _attribute(attributes, "t") or "n"
            new = column + 1 if reference is None else letters_of.get(reference.rstrip(DIGITS))
            if new is None or new <= column or new >= max_columns:
                new = cell_column(reference)
            column = new
            value = inline = parts = None
            phonetic = 0
        elif tag == "v":
            value = parts = []
        elif tag == "t":
            if inline is not None and not phonetic:
                parts = inline
        elif tag == "is":
            inline = []
        elif tag == "row":
            start_row(_attribute(attributes, "r"))
        elif tag == "rPh":
            phonetic += 1

    def end(name):
        nonlocal parts, cells, phonetic
        tag = tags.get(name)
        if tag == "c":
            parts = None
            if (kind == "n" or kind == "s") and value and value[0]:
                raw = value[0] if len(value) == 1 else "".join(value)
                if kind == "s":
                    cells[column] = shared_string(raw)
                elif len(raw) < 16 and raw.isdigit() and raw.isascii():
                    cells[column] = int(raw)
                else:
                    cells[column] = _number(raw)
            elif kind != "n" and kind != "s":
                end_cell()
        elif tag == "v" or tag == "t":
            parts = None
        elif tag == "row":
            if cells:
                done.append((number, cells))
                cells = {}
        elif tag == "rPh":
            phonetic -= 1
        elif tag is None and name.endswith(f"{SEP}sheetData"):
            parser.StartElementHandler, parser.EndElementHandler = outside, None

    def text(data):
        if parts is not None:
            parts.append(data)
            if len(data) > max_chars or (len(parts) > 8 and sum(map(len, parts)) > max_chars):
                _refuse(
                    _("Cell %(cell)s holds more than %(count)s characters. (Limit %(name)s.)"),
                    cell=cell_name(),
                    count=f"{max_chars:,}",
                    name=setting_name("cell_chars"),
                )

    def start_row(raw):
        nonlocal number, column, cells
        if raw is None:
            new = number + 1
        elif raw.isascii() and raw.isdigit() and len(raw) < 12:
            new = int(raw)
        else:
            _refuse(_("A row of the sheet has the number “%(raw)s”."), raw=raw[:20])
        if new <= number:
            _refuse(
                _("Row %(row)s comes after row %(previous)s: the sheet's rows are out of order."),
                row=new,
                previous=number,
            )
        if new > max_rows:
            _refuse(
                _(
                    "The sheet has a row %(row)s; files of up to %(count)s rows are read. "
                    "(Limit %(name)s.)"
                ),
                row=f"{new:,}",
                count=f"{max_rows:,}",
                name=setting_name("rows"),
            )
        number, column, cells = new, -1, {}

    def cell_column(reference) -> int:
        """The cell's column, checked: a reference, in order, within the limit."""
        if reference is None:
            new = column + 1
        else:
            letters = reference.rstrip(DIGITS)
            new = letters_of.get(letters)
            if new is None:
                new = column_index(letters)
                if new < 0 or len(letters) == len(reference):
                    _refuse(
                        _("Row %(row)s has a cell named “%(cell)s”, not a cell reference."),
                        row=number,
                        cell=reference[:20],
                    )
                letters_of[letters] = new
        if new >= max_columns:
            _refuse(
                _("Cell %(cell)s is beyond column %(count)s. (Limit %(name)s.)"),
                cell=(reference or column_letters(new))[:20],
                count=f"{max_columns:,}",
                name=setting_name("columns"),
            )
        if new <= column:
            _refuse(
                _("Row %(row)s has cell %(cell)s twice or out of order."),
                row=number,
                cell=f"{column_letters(new)}{number}",
            )
        return new

    def end_cell():
        """A cell of another type than number or shared string."""
        if kind == "inlineStr":
            if inline is not None:
                cells[column] = "".join(inline)
            return
        if value is None:
            return
        raw = "".join(value)
        if kind == "str" or kind == "e":
            cells[column] = raw
        elif kind == "b":
            cells[column] = raw.strip() in ("1", "true")
        elif kind == "d":
            if not raw.strip():
                return
            result = _iso_serial(raw)
            if result is None:
                _refuse(
                    _("Cell %(cell)s is a date cell holding “%(value)s”, not an ISO date."),
                    cell=cell_name(),
                    value=raw[:40],
                )
            cells[column] = result - DAYS_1904 if date1904 else result  # the workbook's system
        else:
            _refuse(
                _("Cell %(cell)s has the unknown type “%(kind)s”."),
                cell=cell_name(),
                kind=kind[:20],
            )

    def shared_string(raw):
        index = raw.strip()
        if index.isascii() and index.isdigit() and int(index) < len(shared):
            return shared[int(index)]
        _refuse(
            _("Cell %(cell)s refers to shared string “%(index)s”; the file has %(count)s."),
            cell=cell_name(),
            index=index[:20],
            count=len(shared),
        )

    parser.ordered_attributes = True
    parser.StartElementHandler = outside
    parser.CharacterDataHandler = text


# --- The fast path -------------------------------------------------------------------------
# Calling Python for each element makes expat three times slower than regular expressions on
# the sheets that spreadsheet programs write. Those are regular: a row is a run of
# <c r="B2" s="1" t="s"><v>0</v></c> and the like. So the sheet is first read with a strict
# pattern of exactly that (each row's cells must tile its body, rows only whitespace apart),
# while expat, without handlers (at C speed), checks the same bytes are well-formed XML
# without a DOCTYPE. Anything else (comments, CDATA, another quoting, order or prefix, another
# encoding) is NotPlain: the sheet is then read by expat's handlers above, which read anything.


class NotPlain(Exception):
    pass


PLAIN_HEAD = re.compile(
    r"\A\ufeff?(?:<\?xml [^<>]*\?>\s*)?<worksheet\b[^<>]*\sxmlns=\"([^\"]+)\"[^<>]*>"
    r".*?<sheetData(/?)>",
    re.S,
)
ENCODING = re.compile(r"""\A\ufeff?<\?xml [^<>]*\bencoding\s*=\s*["']([^"']+)""")
PLAIN_ROW = re.compile(
    r'\s*<row r="(\d{1,11})"(?: (?!xmlns)[\w:]+="[^"<>&]*")*\s*(/?)>|\s*(</sheetData>)'
)
PLAIN_CELL = re.compile(
    r'(\s*<c r="([A-Z]{1,3})\d+"(?: s="\d+")?(?: t="(\w+)")?(?: (?:cm|vm|ph)="\d+")*\s*'
    r"(?:/>|>(?:<f(?: [\w:]+=\"[^\"<>&]*\")*(?:/>|>[^<]*</f>))?"
    r"(?:<v>([^<]*)</v>|<is><t(?: xml:space=\"preserve\")?>([^<]*)</t></is>)?</c>))"
)


def _plain_text(raw: str) -> str:
    if "&" in raw:
        raw = html.unescape(raw)  # expat has checked: only XML's references
    if "\r" in raw:
        raw = raw.replace("\r\n", "\n").replace("\r", "\n")  # as XML reads line ends
    return raw


def plain_rows(workbook: Workbook, part: Part) -> Iterator[tuple[int, dict]]:
    """The rows of a plain sheet (see above); NotPlain as soon as something is not."""
    limits, shared = workbook.limits, workbook.shared
    max_rows, max_columns, max_chars = limits.rows, limits.columns, limits.cell_chars
    checker = _parser()
    decoder = codecs.getincrementaldecoder("utf-8")()
    letters_of: dict[str, int] = {}
    buffer, position, number, state = "", 0, 0, "head"
    for block in _feed(checker, part):
        if state == "done":
            continue  # what follows the rows is only checked, by expat
        try:
            buffer = buffer[position:] + decoder.decode(block, final=not block)
        except UnicodeDecodeError:  # and yet well-formed: another encoding, declared
            raise NotPlain from None
        position = 0
        if state == "head":
            declared = ENCODING.match(buffer)
            if declared and declared.group(1).lower() not in ("utf-8", "utf8"):
                raise NotPlain
            head = PLAIN_HEAD.match(buffer)
            if head is None:
                if len(buffer) > CHUNK or not block:
                    raise NotPlain
                continue
            text = head.group(0)
            if head.group(1) not in MAIN or text.count("xmlns=") != 1 or "<!" in text:
                raise NotPlain
            if head.group(2):  # <sheetData/>
                state = "done"
                continue
            state, position = "rows", head.end()
        while True:
            found = PLAIN_ROW.match(buffer, position)
            end = -1 if found is None or found.group(2) else buffer.find("</row>", found.end())
            if found is None or (end < 0 and not found.group(2) and not found.group(3)):
                if not block or len(buffer) - position > 8 * CHUNK:
                    raise NotPlain
                break  # a row not read whole yet (or not plain: seen when it is)
            if found.group(3):  # </sheetData>
                state = "done"
                break
            new = int(found.group(1))
            if new <= number or new > max_rows:
                raise NotPlain  # expat's reader says why
            number = new
            if found.group(2):  # <row r="5"/>
                position = found.end()
                continue
            body, position = buffer[found.end() : end], end + 6
            cells: dict[int, object] = {}
            column, length = -1, 0
            for whole, letters, kind, value, inline in PLAIN_CELL.findall(body):
                length += len(whole)
                index = letters_of.get(letters)
                if index is None:
                    index = letters_of[letters] = column_index(letters)
                if index <= column or index >= max_columns:
                    raise NotPlain
                column = index
                if kind == "s":
                    if value:
                        if not (value.isascii() and value.isdigit() and int(value) < len(shared)):
                            raise NotPlain
                        cells[index] = shared[int(value)]
                elif not kind or kind == "n":
                    if value:
                        cells[index] = (
                            int(value)
                            if len(value) < 16 and value.isdigit() and value.isascii()
                            else _number(value)
                        )
                elif kind == "inlineStr":
                    if "<is>" in whole:
                        if len(inline) > max_chars:
                            raise NotPlain
                        cells[index] = _plain_text(inline)
                elif kind == "str" or kind == "e":
                    if "<v>" in whole:
                        if len(value) > max_chars:
                            raise NotPlain
                        cells[index] = _plain_text(value)
                elif kind == "b":
                    if value:
                        cells[index] = value.strip() in ("1", "true")
                else:
                    raise NotPlain  # dates, unknown types: expat's reader
            if length != len(body) and (length != len(body.rstrip()) or not body[-1].isspace()):
                raise NotPlain  # something between the cells (indents are only whitespace)
            if cells:
                yield number, cells
    if state != "done":
        raise NotPlain
