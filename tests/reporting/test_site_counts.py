"""The site's own counts: which requests count, how they reach the database, what the dashboard
reads back. The world (tests/reach/conftest.py): Senegal's campaign with a poster in French and
Wolof, Guinea's campaign, a user per role."""

import datetime

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from campaigns.models import DownloadCount, PageViewCount
from campaigns.reporting import counting
from campaigns.reporting.filters import ReachFilter
from campaigns.reporting.site_counts import page_labels, site_counts
from tests.factories import agreement, allocation, material

pytestmark = pytest.mark.django_db

BROWSER = (
    "Mozilla/5.0 (Linux; Android 13; SM-A135F) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Mobile Safari/537.36"
)
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


@pytest.fixture(autouse=True)
def empty_buffer():
    """Requests of earlier tests in this process (anywhere in the suite) may have been counted."""
    counting.discard()
    yield
    counting.discard()


def url_in(page, code):
    with translation.override(code):
        return page.get_url()


def visit(client, url, agent=BROWSER, **headers):
    response = client.get(url, HTTP_USER_AGENT=agent, **headers)
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    return response


def stored(model):
    fields = ("language", "day", "count", "campaign_id", "country_id")
    own = "page_id" if model is PageViewCount else "material_id"
    return set(model.objects.values_list(own, *fields))


# --- What counts ---------------------------------------------------------------------------------


def test_anonymous_page_views_counted_per_page_and_language(client, world):
    campaign, senegal, today = world.sn_campaign, world.senegal, timezone.localdate()
    country_page = campaign.get_parent()
    for url in (url_in(campaign, "wo"), url_in(campaign, "wo"), url_in(campaign, "fr")):
        assert visit(client, url).status_code == 200
    assert visit(client, url_in(country_page, "fr")).status_code == 200
    assert visit(client, "/en/").status_code == 200  # the home page: no country, no campaign
    assert not PageViewCount.objects.exists()  # nothing written while visitors browse

    assert counting.flush() == 5
    home = country_page.get_parent().get_parent().pk
    assert stored(PageViewCount) == {
        (campaign.pk, "wo", today, 2, campaign.pk, senegal.pk),
        (campaign.pk, "fr", today, 1, campaign.pk, senegal.pk),
        (country_page.pk, "fr", today, 1, None, senegal.pk),
        (home, "en", today, 1, None, None),
    }
    assert counting.flush() == 0  # the buffer was emptied


def test_download_counted_for_its_material_in_the_versions_language(client, world):
    wolof = world.poster.versions.get(language="wo")
    assert visit(client, wolof.document.url).status_code == 200
    assert visit(client, wolof.document.url).status_code == 200
    counting.flush()
    assert stored(DownloadCount) == {
        (world.poster.pk, "wo", timezone.localdate(), 2, world.sn_campaign.pk, world.senegal.pk)
    }


def preview(client, world):
    """Wagtail's preview: a request built by the page and run through every middleware."""
    original = RequestFactory().get("/", HTTP_USER_AGENT=BROWSER)
    return world.sn_campaign.make_preview_request(original, "fr")


def draft_material_download(client, world):
    draft = material(world.sn_campaign, languages=("fr",), live=False, title="Draft")
    return visit(client, draft.versions.get().document.url)


def document_not_modified(client, world):
    document = world.poster.versions.get(language="fr").document
    return visit(client, document.url, HTTP_IF_NONE_MATCH=f'"{document.file_hash}"')


def signed_in(client, world):
    client.force_login(world.editor)
    return visit(client, url_in(world.sn_campaign, "fr"))


NOT_COUNTED = {
    "HEAD": (lambda c, w: c.head(url_in(w.sn_campaign, "fr"), HTTP_USER_AGENT=BROWSER), 200),
    "404": (lambda c, w: visit(c, "/fr/nowhere/"), 404),
    "redirect to an offered language": (lambda c, w: visit(c, url_in(w.sn_campaign, "ar")), 302),
    "robot": (lambda c, w: visit(c, url_in(w.sn_campaign, "fr"), agent=GOOGLEBOT), 200),
    "no user agent": (lambda c, w: visit(c, url_in(w.sn_campaign, "fr"), agent=""), 200),
    "prefetch": (
        lambda c, w: visit(c, url_in(w.sn_campaign, "fr"), HTTP_SEC_PURPOSE="prefetch"),
        200,
    ),
    "signed in": (signed_in, 200),
    "admin sign-in page": (lambda c, w: visit(c, "/admin/login/"), 200),
    "search": (lambda c, w: visit(c, "/fr/search/?q=desert"), 200),
    "preview": (preview, 200),
    "draft material's file": (draft_material_download, 200),
    "304 not modified": (document_not_modified, 304),
}


@pytest.mark.parametrize("case", NOT_COUNTED)
def test_not_counted(client, world, case):
    request, status = NOT_COUNTED[case]
    assert request(client, world).status_code == status
    assert counting.flush() == 0
    assert not PageViewCount.objects.exists() and not DownloadCount.objects.exists()


def test_robot_pattern_spares_a_phone_named_cubot(client, world):
    agent = BROWSER.replace("SM-A135F", "CUBOT X19")
    visit(client, url_in(world.sn_campaign, "fr"), agent=agent)
    assert counting.flush() == 1


# --- How counts are written ----------------------------------------------------------------------


def test_flush_adds_every_count_with_one_insert_per_table(client, world):
    for code in ("fr", "wo", "ff", "en"):
        visit(client, url_in(world.sn_campaign, code))
    visit(client, url_in(world.gn_campaign, "fr"))
    for version in world.poster.versions.all():
        visit(client, version.document.url)
    with CaptureQueriesContext(connection) as captured:
        assert counting.flush() == 7
    statements = [query["sql"].split(None, 1)[0].upper() for query in captured.captured_queries]
    statements = [word for word in statements if word not in ("SAVEPOINT", "RELEASE")]
    assert sorted(statements) == ["INSERT", "INSERT", "SELECT", "SELECT"], captured.captured_queries
    assert PageViewCount.objects.count() == 5
    assert DownloadCount.objects.count() == 2


def test_two_processes_flushing_the_same_counts_add_up(world):
    """Each process has its own buffer; the database adds, so neither overwrites the other."""
    day, campaign = datetime.date(2026, 3, 2), world.sn_campaign
    first, second = counting.SiteCounter(), counting.SiteCounter()
    for _ in range(3):
        first.add(counting.PAGE, campaign.pk, "fr", day)
    second.add(counting.PAGE, campaign.pk, "fr", day)
    second.add(counting.PAGE, campaign.pk, "wo", day)
    assert first.flush() == 3
    assert second.flush() == 2
    first.add(counting.PAGE, campaign.pk, "fr", day)
    first.flush()
    assert dict(PageViewCount.objects.values_list("language", "count")) == {"fr": 5, "wo": 1}


def test_no_flush_inside_a_transaction_someone_else_opened(client, world, settings):
    """After a response, a due flush waits while a transaction is open (as here, in a test)."""
    settings.SITE_COUNTS_FLUSH_HITS = 1
    visit(client, url_in(world.sn_campaign, "fr"))  # the test client sends request_finished
    assert connection.in_atomic_block and counting.counter.due()
    assert not PageViewCount.objects.exists()
    assert counting.flush() == 1


def test_at_exit_counts_gathered_against_another_database_are_not_written(world, monkeypatch):
    """A test run: at exit the connection points at the real database again."""
    counting.counter.add(counting.PAGE, world.sn_campaign.pk, "fr", datetime.date(2026, 3, 2))
    monkeypatch.setattr(counting, "_started_on", "the test database, now gone")
    counting._flush_at_exit()
    assert not PageViewCount.objects.exists()
    monkeypatch.setattr(counting, "_started_on", connection.settings_dict["NAME"])
    counting._flush_at_exit()
    assert PageViewCount.objects.get().count == 1


def test_hits_of_deleted_pages_are_dropped(world):
    counting.counter.add(counting.PAGE, 987654, "fr", datetime.date(2026, 3, 2))
    counting.counter.add(counting.DOCUMENT, 987654, "", datetime.date(2026, 3, 2))
    assert counting.flush() == 0


def test_nothing_about_the_visitor_is_stored():
    shared = {"id", "day", "language", "count", "campaign", "country"}
    assert {f.name for f in PageViewCount._meta.get_fields()} == shared | {"page"}
    assert {f.name for f in DownloadCount._meta.get_fields()} == shared | {"material"}


def test_nothing_is_set_on_the_visitor(client, world):
    response = visit(client, url_in(world.sn_campaign, "fr"))
    assert not response.cookies
    assert "Set-Cookie" not in response


# --- What the dashboard reads --------------------------------------------------------------------

JAN, FEB, MAR = (datetime.date(2026, month, 1) for month in (1, 2, 3))


@pytest.fixture
def counts(world):
    sn, gn = world.sn_campaign, world.gn_campaign
    home = sn.get_parent().get_parent().get_parent()
    views = [
        (sn, "fr", JAN, 10, sn, world.senegal),
        (sn, "wo", datetime.date(2026, 1, 31), 5, sn, world.senegal),
        (sn, "wo", FEB, 7, sn, world.senegal),
        (sn.get_parent(), "fr", FEB, 3, None, world.senegal),
        (gn, "fr", datetime.date(2026, 3, 31), 4, gn, world.guinea),
        (home, "en", FEB, 100, None, None),
    ]
    PageViewCount.objects.bulk_create(
        PageViewCount(page=page, language=language, day=day, count=count, campaign=campaign,
                      country=country)
        for page, language, day, count, campaign, country in views
    )  # fmt: skip
    DownloadCount.objects.bulk_create(
        [DownloadCount(material=world.poster, language="wo", day=FEB, count=2, campaign=sn,
                       country=world.senegal)]
    )  # fmt: skip
    return world


def test_grouped_by_language(counts):
    rows = site_counts(None, ReachFilter(), by=("language",))
    assert rows == [
        {"language": "en", "kind": "views", "value": 100},
        {"language": "fr", "kind": "views", "value": 17},
        {"language": "wo", "kind": "views", "value": 12},
        {"language": "wo", "kind": "downloads", "value": 2},
    ]


def test_grouped_by_month_and_country_within_the_period(counts):
    flt = ReachFilter(month_from=JAN, month_to=FEB)
    rows = site_counts(None, flt, by=("month", "country"), kinds=("views",))
    assert rows == [
        {"month": JAN, "country": counts.senegal.pk, "kind": "views", "value": 15},
        {"month": FEB, "country": None, "kind": "views", "value": 100},
        {"month": FEB, "country": counts.senegal.pk, "kind": "views", "value": 10},
    ]


def test_pages_and_materials_each_in_their_own_dimension(counts):
    rows = site_counts(
        None, ReachFilter(campaigns=(counts.sn_campaign.pk,)), by=("page", "material")
    )
    assert rows == [
        {"page": counts.sn_campaign.pk, "material": None, "kind": "views", "value": 22},
        {"page": None, "material": counts.poster.pk, "kind": "downloads", "value": 2},
    ]
    with translation.override("en"):
        assert page_labels([counts.sn_campaign.pk, None]) == {counts.sn_campaign.pk: "Desert (SN)"}


def test_country_filter_leaves_out_pages_of_no_country(counts):
    rows = site_counts(None, ReachFilter(countries=(counts.guinea.pk,)), by=("campaign",))
    assert rows == [{"campaign": counts.gn_campaign.pk, "kind": "views", "value": 4}]


def test_funder_filter_keeps_the_campaigns_it_funds(counts):
    allocation(agreement(), counts.gn_campaign)
    flt = ReachFilter(funders=(counts.gn_campaign.allocations.get().agreement.funder_id,))
    assert site_counts(None, flt) == [{"kind": "views", "value": 4}]


@pytest.mark.parametrize(
    ("role", "views", "downloads"),
    [("gn_reporter", 4, None), ("sn_reporter", 25, 2), ("me_officer", 129, 2),
     ("editor", 129, 2), ("superuser", 129, 2)],
)  # fmt: skip
def test_each_role_reads_the_countries_it_may_see(
    counts, role, views, downloads, django_user_model
):
    user = (
        django_user_model.objects.create_superuser("root", "root@example.org", "x")
        if role == "superuser"
        else getattr(counts, role)
    )
    totals = {row["kind"]: row["value"] for row in site_counts(user, ReachFilter())}
    assert totals.get("views") == views
    assert totals.get("downloads") == downloads


def test_unknown_dimension_refused():
    with pytest.raises(ValueError, match="channel"):
        site_counts(None, ReachFilter(), by=("channel",))
