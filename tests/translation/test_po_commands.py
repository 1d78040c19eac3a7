"""export_translations and import_translations, as scripts call them."""

import io
import zipfile

import pytest
from babel.messages.pofile import read_po, write_po
from django.core.management import CommandError, call_command
from wagtail.models import Revision

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def translated(path, suffix, text):
    catalog = read_po(path.open("rb"))
    for message in catalog:
        if message.context and message.context.endswith(suffix):
            message.string = text
    with path.open("wb") as out:
        write_po(out, catalog, width=0)


def test_export_one_language_then_import_it(senegal_campaign, tmp_path):
    path = tmp_path / "sea-wo.po"
    out, _err = run(
        "export_translations", "--language", "wo", "--campaign", senegal_campaign.code,
        "-o", str(path),
    )  # fmt: skip
    assert f"Wrote {path}" in out
    translated(path, ":objective", "Dimbali ndaw ñi.")
    revisions = Revision.objects.count()

    out, err = run("import_translations", str(path), "--dry-run")
    assert out.startswith("Dry run, nothing changed: 1 would be applied")
    assert "Skipped line" not in err  # the entries left empty: most of the file, said with -v 2
    _out, err = run("import_translations", str(path), "--dry-run", "-v", "2")
    assert "Skipped line" in err and "not translated" in err
    assert Revision.objects.count() == revisions

    out, _err = run("import_translations", str(path), "--campaign", senegal_campaign.code)
    assert out.startswith("1 applied")
    assert Revision.objects.count() == revisions + 1


def test_several_languages_make_a_zip(senegal_campaign, tmp_path):
    path = tmp_path / "senegal.zip"
    run("export_translations", "--language", "wo", "--language", "ff", "--country", "sn",
        "-o", str(path))  # fmt: skip
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == ["country-sn-wo.po", "country-sn-ff.po"]
    with pytest.raises(CommandError, match="zip"):
        run("export_translations", "--language", "wo", "--language", "ff", "--country", "SN",
            "-o", str(tmp_path / "x.po"))  # fmt: skip


def test_export_refuses_unknown_languages_and_scopes(demo, tmp_path):
    with pytest.raises(CommandError, match="Not a content language of this site: xx"):
        run("export_translations", "--language", "xx", "--country", "SN", "-o", str(tmp_path / "a"))
    with pytest.raises(CommandError, match="campaign:nope does not exist"):
        run("export_translations", "--language", "wo", "--campaign", "nope",
            "-o", str(tmp_path / "a"))  # fmt: skip
    assert not (tmp_path / "a").exists()


def test_a_refused_import_exits_non_zero_with_the_report_on_stderr(senegal_campaign, tmp_path):
    path = tmp_path / "sea-wo.po"
    run("export_translations", "--language", "wo", "--campaign", senegal_campaign.code,
        "-o", str(path))  # fmt: skip
    translated(path, ":objective", "<script>alert(1)</script>")
    err = io.StringIO()
    with pytest.raises(CommandError, match="Refused, nothing changed: 1 error\\."):
        call_command("import_translations", str(path), stdout=io.StringIO(), stderr=err)
    assert "scripts, styles and event handlers are not allowed" in err.getvalue()
    assert err.getvalue().startswith("Error line ")


def test_import_as_a_user_without_rights_is_refused(senegal_campaign, tmp_path):
    UserFactory(username="nobody")
    path = tmp_path / "sea-wo.po"
    run("export_translations", "--language", "wo", "--campaign", senegal_campaign.code,
        "-o", str(path))  # fmt: skip
    translated(path, ":objective", "Dimbali ndaw ñi.")
    with pytest.raises(CommandError, match="Refused"):
        run("import_translations", str(path), "--user", "nobody")
    with pytest.raises(CommandError, match="No active user"):
        run("import_translations", str(path), "--user", "ghost")
    with pytest.raises(CommandError, match="No such file"):
        run("import_translations", str(tmp_path / "missing.po"))


def test_a_zip_is_imported_whole_or_not_at_all(senegal_campaign, tmp_path):
    path = tmp_path / "sea.zip"
    run("export_translations", "--language", "wo", "--language", "fr",
        "--campaign", senegal_campaign.code, "-o", str(path))  # fmt: skip
    with zipfile.ZipFile(path) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    for name in files:
        (tmp_path / name).write_bytes(files[name])
        translated(tmp_path / name, ":objective", "Dimbali ndaw ñi." if "-wo" in name else "Aider.")
        files[name] = (tmp_path / name).read_bytes()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    revisions = Revision.objects.count()

    out, _err = run("import_translations", str(path), "--dry-run")
    assert out.startswith("Dry run, nothing changed: 2 would be applied")
    out, _err = run("import_translations", str(path), "--campaign", senegal_campaign.code)
    assert out.startswith("2 applied") and Revision.objects.count() == revisions + 2

    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("notes.txt", b"thanks!")
    err = io.StringIO()
    with pytest.raises(CommandError, match="Refused, nothing changed: 1 error"):
        call_command("import_translations", str(path), stdout=io.StringIO(), stderr=err)
    assert "Error notes.txt: not a .po file" in err.getvalue()
    assert Revision.objects.count() == revisions + 2
