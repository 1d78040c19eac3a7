"""How much a backup archive may unpack to, checked while it is read and before anything is
written (campaigns.ops.restore).

A .tar.gz of a few kilobytes can unpack to terabytes (gzip reaches about 1000:1 on zeros), and
``tarfile`` reads a member's extended header (a long name) into memory in one go. So the archive
is read through ``CappedStream``, which refuses, before decompressing:

- a read or a seek past ``RESTORE_MAX_TOTAL_BYTES`` of the unpacked stream (headers included);
- once the stream passes ``RATIO_FLOOR``, more than ``RESTORE_MAX_RATIO`` unpacked bytes per
  byte of the file (a real backup is mostly images and JSON, 1:1 to 20:1; small archives are
  exempt, a tar's zero padding alone reaches high ratios);
- a single read larger than ``MAX_READ`` (the members are read in 1 MiB blocks; only an
  oversized extended header asks for more);

and ``check_member`` refuses, as each member's header is read and before its data is skipped
or read, more than ``RESTORE_MAX_MEMBERS`` members, a member over ``RESTORE_MAX_MEMBER_BYTES``,
and members adding up to more than ``RESTORE_MAX_TOTAL_BYTES``.

Each limit is a setting (and an environment variable of the same name), for a site whose backups
outgrow the defaults.
"""

import gzip
import os
import tarfile
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat

GiB = 1024**3
DEFAULTS = {
    "RESTORE_MAX_TOTAL_BYTES": 200 * GiB,
    "RESTORE_MAX_MEMBER_BYTES": 20 * GiB,
    "RESTORE_MAX_MEMBERS": 2_000_000,
    "RESTORE_MAX_RATIO": 200,
}
RATIO_FLOOR = 64 * 1024 * 1024
MAX_READ = 16 * 1024 * 1024


def limit(name):
    value = getattr(settings, name, None) or os.environ.get(name)
    return int(value) if value else DEFAULTS[name]


def size(value):
    return f"{filesizeformat(value)} ({value:,} bytes)"


class ArchiveTooLarge(Exception):
    """Raised by the checks below; campaigns.ops.restore turns it into a BackupError."""


class CappedStream:
    """The unpacked stream of a .tar.gz file, refusing to go past the limits (read-only)."""

    def __init__(self, path):
        self.compressed = max(os.path.getsize(path), 1)
        self.total = limit("RESTORE_MAX_TOTAL_BYTES")
        self.ratio = limit("RESTORE_MAX_RATIO")
        self.raw = gzip.GzipFile(path, "rb")

    def check(self, end):
        if end > self.total:
            raise ArchiveTooLarge(
                f"The archive unpacks to more than {size(self.total)} "
                "(RESTORE_MAX_TOTAL_BYTES): refused before unpacking further."
            )
        if end > RATIO_FLOOR and end > self.ratio * self.compressed:
            raise ArchiveTooLarge(
                f"The archive unpacks to more than {self.ratio} times its size of "
                f"{size(self.compressed)} (RESTORE_MAX_RATIO): not a backup of this site "
                "(a compression bomb?)."
            )

    def read(self, n=-1):
        if n is None or n < 0 or n > MAX_READ:
            raise ArchiveTooLarge(
                f"The archive asks for a block of more than {size(MAX_READ)} at once "
                "(an oversized header): not a backup of this site."
            )
        self.check(self.raw.tell() + n)
        return self.raw.read(n)

    def seek(self, offset, whence=os.SEEK_SET):
        target = offset if whence == os.SEEK_SET else self.raw.tell() + offset
        if whence not in (os.SEEK_SET, os.SEEK_CUR):
            raise OSError("A backup archive is read from its start.")
        self.check(target)
        return self.raw.seek(target)

    def tell(self):
        return self.raw.tell()

    def close(self):
        self.raw.close()


@contextmanager
def open_capped(path):
    """The archive at ``path`` as a ``TarFile`` read through a ``CappedStream``."""
    stream = CappedStream(path)
    try:
        with tarfile.open(fileobj=stream, mode="r:") as archive:
            yield archive
    finally:
        stream.close()


@dataclass
class MemberCount:
    """The running totals of ``check_member``."""

    members: int = 0
    declared: int = 0

    def check_member(self, member):
        self.members += 1
        self.declared += member.size
        if self.members > limit("RESTORE_MAX_MEMBERS"):
            raise ArchiveTooLarge(
                f"The archive holds more than {limit('RESTORE_MAX_MEMBERS'):,} members "
                "(RESTORE_MAX_MEMBERS): refused before unpacking further."
            )
        if member.size > limit("RESTORE_MAX_MEMBER_BYTES"):
            raise ArchiveTooLarge(
                f"The archive member {member.name!r} is {size(member.size)}, more than "
                f"{size(limit('RESTORE_MAX_MEMBER_BYTES'))} (RESTORE_MAX_MEMBER_BYTES)."
            )
        if self.declared > limit("RESTORE_MAX_TOTAL_BYTES"):
            raise ArchiveTooLarge(
                f"The archive's members add up to more than "
                f"{size(limit('RESTORE_MAX_TOTAL_BYTES'))} (RESTORE_MAX_TOTAL_BYTES): refused "
                "before unpacking further."
            )
