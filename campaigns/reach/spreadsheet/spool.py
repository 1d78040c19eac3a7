"""The rows read by the check, kept on disk for the save: the spreadsheet is parsed once.

Parsing an XLSX file is the costliest part of reading it; the save pass reads back what the
check pass read, from a temporary file, in blocks of rows (marshal, length-prefixed), so memory
stays flat however long the file.
"""

import datetime
import marshal
import struct
import tempfile

BLOCK = 1000
LENGTH = struct.Struct("<I")


def _plain(value):
    """What marshal cannot write (a date cell) as the text the rules read."""
    if isinstance(value, datetime.datetime | datetime.date):
        return (
            value.date().isoformat() if isinstance(value, datetime.datetime) else value.isoformat()
        )
    return value if isinstance(value, str | int | float | bool) or value is None else str(value)


class RowSpool:
    def __init__(self):
        self.file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close(), after pass 2)
        self.block: list = []

    def add(self, number: int, raw: dict) -> None:
        self.block.append((number, raw))
        if len(self.block) >= BLOCK:
            self._write()

    def _write(self):
        try:
            data = marshal.dumps(self.block)
        except ValueError:
            data = marshal.dumps(
                [(n, {k: _plain(v) for k, v in raw.items()}) for n, raw in self.block]
            )
        self.file.write(LENGTH.pack(len(data)))
        self.file.write(data)
        self.block = []

    def __iter__(self):
        if self.block:
            self._write()
        self.file.seek(0)
        while header := self.file.read(LENGTH.size):
            yield from marshal.loads(self.file.read(LENGTH.unpack(header)[0]))

    def close(self):
        self.file.close()
