"""How big a spreadsheet may be, read from settings (REACH_IMPORT_*), with sane defaults.

A small file can describe a huge one: a zip inflating a thousandfold, a row numbered
999,999,999, a million shared strings. The readers check each limit as they go and refuse the
file with a message naming the limit (and the setting that raises it), never reading it in part.
The defaults leave room for twice the 100,000-row benchmark file (an openpyxl XLSX of 100,000
rows is 5.6 MB, 82 MB inflated; as CSV, 19 MB).
"""

from dataclasses import dataclass, fields

from django.conf import settings

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    upload_bytes: int = 50 * MB  # the file as uploaded
    inflated_bytes: int = 400 * MB  # all the XLSX parts read, inflated (declared and actual)
    zip_ratio: int = 100  # inflated / compressed, for parts over 1 MB
    zip_entries: int = 1000  # parts in the XLSX zip
    rows: int = 200_000  # highest row number (XLSX) or number of records (CSV)
    columns: int = 16_384  # highest column (XFD, Excel's last)
    shared_strings: int = 1_000_000  # shared strings in an XLSX
    shared_string_chars: int = 50_000_000  # their total length, in characters
    cell_chars: int = 32_767  # one cell's text (Excel's limit)
    line_chars: int = 100_000  # one CSV line

    @classmethod
    def from_settings(cls) -> "Limits":
        """REACH_IMPORT_MAX_UPLOAD_BYTES, REACH_IMPORT_MAX_ROWS, ... override the defaults."""
        return cls(
            **{
                field.name: int(getattr(settings, setting_name(field.name), field.default))
                for field in fields(cls)
            }
        )


def setting_name(limit: str) -> str:
    return f"REACH_IMPORT_MAX_{limit.upper()}"


class FileRefused(Exception):
    """The file as a whole cannot be read (not a spreadsheet, too big, columns missing...)."""
