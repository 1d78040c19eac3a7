"""Restore refuses archives that unpack to too much (campaigns.ops.archive_limits), while reading
them and before anything is written: the database's rows and both storages stay as they were.

The archives are made here: zeros that gzip packs a thousand to one, too many members, a member
or a total over the limits, an extended header too large to read at once."""

import io
import tarfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import CommandError, call_command

from campaigns.ops.archive_limits import MAX_READ
from campaigns.ops.backup import stored_files, table_digests
from tests.factories import document

pytestmark = pytest.mark.django_db


class Zeros(io.RawIOBase):
    """``size`` zero bytes, never held in memory at once."""

    def __init__(self, size):
        self.left = size

    def readable(self):
        return True

    def readinto(self, buffer):
        count = min(len(buffer), self.left)
        buffer[:count] = bytes(count)
        self.left -= count
        return count


def make_archive(path, members):
    """A .tar.gz of ``members``: (name, size) pairs, zeros as content."""
    with tarfile.open(path, "w:gz", compresslevel=9) as archive:
        for name, size in members:
            info = tarfile.TarInfo(name)
            info.size = size
            archive.addfile(info, io.BufferedReader(Zeros(size)))
    return path


@pytest.fixture
def state():
    """The database and both storages before the restore, to compare with after it."""
    document("leaflet.pdf", b"%PDF-1.4 leaflet")
    storages["private"].save("reach/attachments/2026/03/kept.txt", ContentFile(b"kept"))

    def snapshot():
        return table_digests(), stored_files("default"), stored_files("private")

    return snapshot


def refused(path):
    with pytest.raises(CommandError) as error:
        call_command("restore", str(path))
    message = str(error.value)
    assert message.startswith("Not restored:") and "Nothing was written" in message
    return message


def test_a_compression_bomb_is_refused_by_its_ratio(tmp_path, state):
    before = state()
    path = make_archive(tmp_path / "bomb.tar.gz", [("media/zeros.bin", 100 * 1024 * 1024)])
    assert path.stat().st_size < 200 * 1024  # 100 MiB in well under 200 KiB
    message = refused(path)
    assert "times its size" in message and "RESTORE_MAX_RATIO" in message
    assert state() == before


def test_too_many_members_are_refused(tmp_path, state, settings):
    settings.RESTORE_MAX_MEMBERS = 5
    before = state()
    path = make_archive(tmp_path / "many.tar.gz", [(f"media/f{n}.txt", 10) for n in range(10)])
    assert "more than 5 members" in refused(path)
    assert state() == before


def test_a_member_over_the_limit_is_refused(tmp_path, state, settings):
    settings.RESTORE_MAX_MEMBER_BYTES = 1000
    before = state()
    path = make_archive(tmp_path / "big.tar.gz", [("media/big.bin", 5000)])
    message = refused(path)
    assert "'media/big.bin' is 4.9\xa0KB" in message and "RESTORE_MAX_MEMBER_BYTES" in message
    assert state() == before


def test_members_adding_up_to_too_much_are_refused(tmp_path, state, settings):
    settings.RESTORE_MAX_TOTAL_BYTES = 10_000
    before = state()
    path = make_archive(tmp_path / "total.tar.gz", [(f"media/{n}.bin", 4000) for n in range(3)])
    assert "RESTORE_MAX_TOTAL_BYTES" in refused(path)
    assert state() == before


def test_an_oversized_extended_header_is_refused(tmp_path, state):
    before = state()
    name = "media/" + "a" * (MAX_READ + 1024)  # a PAX header larger than one read
    path = make_archive(tmp_path / "header.tar.gz", [(name, 1)])
    assert "oversized header" in refused(path)
    assert state() == before
