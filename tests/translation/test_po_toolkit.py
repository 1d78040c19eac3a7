"""The PO export as other tools read it: Weblate reads and writes PO files through
translate-toolkit (``translate.storage.pypo``, its checks are ``pofilter``'s), Poedit through
GNU gettext (``msgfmt --check``: tests/translation/test_po_export.py). Neither application can
run here; their readers can. The Senegal campaign is exported for Wolof (from French) and French
(from English)."""

import io
import shutil
import subprocess

import pytest

pypo = pytest.importorskip("translate.storage.pypo", reason="pip install -e '.[test]'")
from translate.filters import checks  # noqa: E402
from translate.storage import factory, po  # noqa: E402

from campaigns.translation import po_export, po_import  # noqa: E402
from campaigns.translation import units as u  # noqa: E402

pytestmark = pytest.mark.django_db

# pofilter's checks that say something about the file rather than about a translator's work
# (untranslated, sentence count, end punctuation... are the translator's business).
STRUCTURE_CHECKS = ["escapes", "newlines", "nplurals", "printf", "pythonbraceformat", "xmltags"]


def exported(page, language: str) -> bytes:
    _name, data, _type = po_export.export(po_export.campaign_scope(page), [language])
    return data


def content_units(store):
    return [
        unit
        for unit in store.units
        if not unit.isheader() and not unit.getcontext().startswith(po_export.INTERFACE_PREFIX)
    ]


@pytest.mark.parametrize(
    ("language", "source_language", "plurals"),
    [("wo", "French", ("1", "0")), ("fr", "English", ("3", None))],
)
def test_translate_toolkit_reads_the_header_and_every_entry(
    senegal_campaign, language, source_language, plurals
):
    data = exported(senegal_campaign, language)
    store = pypo.pofile(data)
    assert type(po.pofile(data)) is type(store)  # ``po`` is pypo unless told otherwise
    assert store.gettargetlanguage() == language
    assert store.encoding.lower() == "utf-8"
    header = store.parseheader()
    assert header["Content-Type"].lower() == "text/plain; charset=utf-8"
    assert header["Language"] == language
    assert header["Project-Id-Version"] == f"campaigns campaign:{senegal_campaign.code}"
    nplurals, plural = store.getheaderplural()
    assert nplurals == plurals[0] and (plurals[1] is None or plural == plurals[1])

    units = content_units(store)
    expected = u.units(senegal_campaign, language) + [
        unit for item in senegal_campaign.materials.all() for unit in u.units(item, language)
    ]
    assert len(units) == len(expected)
    assert len({(unit.getcontext(), unit.source) for unit in units}) == len(units)
    for unit in units:
        label, _pk, _field, _block = po_export.parse_context(unit.getcontext())
        assert label in {"campaigns.campaignpage", "campaigns.material"}
        assert not unit.hasplural() and not unit.isfuzzy() and unit.source
        assert f"(from {source_language})" in " ".join(unit.getnotes().split())
    title = next(unit for unit in units if unit.getcontext().endswith(":title"))
    expected_title = {
        "wo": ("La mer ne pardonne pas", "Géej gi du baal kenn"),
        "fr": ("The sea does not forgive", "La mer ne pardonne pas"),
    }
    assert (title.source, title.target) == expected_title[language]
    # Interface words with a plural keep as many forms as the language has.
    plural_words = [unit for unit in store.units if unit.hasplural()]
    assert plural_words
    for unit in plural_words:
        assert len(unit.target.strings) == int(nplurals)
        assert "python-format" in unit.typecomments[0]


def test_a_file_saved_unchanged_by_translate_toolkit_is_the_same_bytes(senegal_campaign):
    for language in ("wo", "fr"):
        data = exported(senegal_campaign, language)
        assert bytes(pypo.pofile(data)) == data
        named = io.BytesIO(data)
        named.name = f"sea-{language}.po"
        assert isinstance(factory.getobject(named), pypo.pofile)  # chosen by the .po name


def test_pofilter_finds_nothing_wrong_with_the_files_structure(senegal_campaign):
    for language in ("wo", "fr"):
        store = pypo.pofile(exported(senegal_campaign, language))
        checker = checks.StandardChecker(
            checkerconfig=checks.CheckerConfig(targetlanguage=language),
            limitfilters=STRUCTURE_CHECKS,
        )
        for unit in store.units:
            if unit.isheader() or not unit.istranslated():
                continue
            failures = checker.run_filters(unit)
            if unit.getcontext().endswith(":key_messages"):
                # The demo's Wolof key messages are three lines for the French four: a
                # translator's choice, not the file's.
                failures.pop("newlines", None)
            assert not failures, (unit.getcontext(), failures)


def test_an_out_of_date_translation_is_fuzzy_for_translate_toolkit(senegal_campaign):
    page = u.current(senegal_campaign)
    page.title_fr = "La mer ne pardonne jamais"  # the source of the Wolof title changes
    page.save_revision()
    units = {unit.getcontext(): unit for unit in content_units(pypo.pofile(exported(page, "wo")))}
    title = units[f"campaigns.campaignpage:{page.pk}:title"]
    assert title.isfuzzy() and title.source == "La mer ne pardonne jamais"
    assert title.target == "Géej gi du baal kenn"
    assert not units[f"campaigns.campaignpage:{page.pk}:objective"].isfuzzy()


def test_a_file_translated_and_saved_as_weblate_does_imports(senegal_campaign, tmp_path):
    """Weblate's save: translate-toolkit writes the targets (wrapping long lines its way) and
    updates the header (Last-Translator, X-Generator); the import reads it all back."""
    store = pypo.pofile(exported(senegal_campaign, "wo"))
    objective = long_text = None
    for unit in content_units(store):
        if unit.getcontext().endswith(":objective"):
            objective = unit
            unit.target = "Dimbali ndaw ñi ak seen njaboot ñu xam bu baax li ñuy fexe."
        elif unit.getcontext().endswith(":target_audiences"):
            long_text = unit
            unit.target = "Ndaw yu jigéen ak yu góor yi ci dëkki nappkat yi; " * 3
            unit.target = unit.target.strip()
    assert objective is not None and long_text is not None
    store.updateheader(add=True, Last_Translator="Awa <awa@example.org>", X_Generator="Weblate 5")
    data = bytes(store)
    assert b"X-Generator: Weblate 5" in data
    if shutil.which("msgfmt"):
        path = tmp_path / "wo.po"
        path.write_bytes(data)
        check = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)])
        assert check.returncode == 0

    report = po_import.import_po(data, None, dry_run=True)
    assert not report.errors, report.lines()
    assert len(report.applied) == 2, report.lines()
    report = po_import.import_po(data, None)
    assert report.revisions == 1 and not report.errors
    page = type(senegal_campaign).objects.get(pk=senegal_campaign.pk).get_latest_revision()
    page = page.as_object()
    assert page.objective_wo == objective.target
    assert page.target_audiences_wo == long_text.target
