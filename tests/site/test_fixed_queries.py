"""Queries compiled once per process (campaigns.site.fixed_queries) keep only SQL text: what a
page shows still follows every change of content after the first render (a publish, a new
address, a view restriction, a site's host name), and one language's SQL never serves
another's text.

The demo content: the ``demo`` fixture of tests/conftest.py.
"""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Page, PageViewRestriction, Site

from campaigns.site.fixed_queries import FixedQuery

pytestmark = pytest.mark.django_db


def url_of(page, code):
    with translation.override(code):
        return page.get_url()


def test_run_gives_what_the_queryset_gives_for_each_value(demo):
    query = FixedQuery(
        lambda pk: Page.objects.filter(pk=pk).select_related("locale").order_by("pk"), (int,)
    )
    pks = list(Page.objects.order_by("pk").values_list("pk", flat=True)[:4]) + [10**6]
    for pk in pks:
        expected = list(Page.objects.filter(pk=pk).select_related("locale"))
        found = query.run(pk)
        assert [(page.pk, page.title, page.locale.language_code) for page in found] == [
            (page.pk, page.title, page.locale.language_code) for page in expected
        ]
        with CaptureQueriesContext(connection) as captured:
            found and found[0].locale  # loaded with the page: no other query
        assert captured.captured_queries == []


def test_a_marker_that_does_not_reach_the_parameters_is_refused(demo):
    """``title__startswith`` rewrites its value (``marker%``): it cannot be replaced."""
    query = FixedQuery(lambda title: Page.objects.filter(title__startswith=title), (str,))
    with pytest.raises(ValueError, match="is not a parameter"):
        query.run("Home")
    with pytest.raises(TypeError):
        FixedQuery(lambda pk: Page.objects.filter(pk=pk), (int,)).run("1")


def test_a_publish_after_a_render_shows_at_once(client, senegal_campaign):
    url = url_of(senegal_campaign, "fr")
    assert client.get(url).status_code == 200
    page = senegal_campaign.specific
    page.title_fr = "Un titre tout neuf"
    page.slug_fr = "un-titre-tout-neuf"
    page.save_revision().publish()
    page.refresh_from_db()
    new_url = url_of(page, "fr")
    assert new_url != url
    response = client.get(new_url)
    assert response.status_code == 200
    assert "Un titre tout neuf" in response.content.decode()
    assert client.get(url).status_code != 200  # the old address is no longer the page's


def test_a_view_restriction_added_after_a_render_applies(client, senegal_campaign):
    """On the page, on an ancestor (the country page), and on the page an alias shows."""
    url = url_of(senegal_campaign, "fr")
    assert client.get(url).status_code == 200
    restriction = PageViewRestriction.objects.create(
        page=senegal_campaign.get_parent(), restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]
    restriction.delete()
    assert client.get(url).status_code == 200

    group = PageViewRestriction.objects.create(
        page=senegal_campaign, restriction_type=PageViewRestriction.GROUPS
    )
    group.groups.add(Group.objects.create(name="Readers"))
    assert client.get(url).status_code == 302
    group.delete()

    # The country page made an alias of another country's page (alias_of set directly: a real
    # alias copies the campaign's unique code): the original's restriction applies below it.
    country = senegal_campaign.get_parent()
    original = Page.objects.filter(depth=country.depth).exclude(pk=country.pk).first()
    Page.objects.filter(pk=country.pk).update(alias_of=original)
    assert client.get(url).status_code == 200
    PageViewRestriction.objects.create(
        page=original, restriction_type=PageViewRestriction.PASSWORD, password="x" * 12
    )
    response = client.get(url)
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()  # the password form, not the page
    assert senegal_campaign.get_view_restrictions().exists()  # the same rule, unrouted


def test_a_site_moved_to_another_host_is_found_there(client, senegal_campaign):
    url = url_of(senegal_campaign, "fr")
    with override_settings(ALLOWED_HOSTS=["*"]):
        assert client.get(url, HTTP_HOST="campaigns.example").status_code == 200
        Site.objects.update(hostname="campaigns.example", is_default_site=False)
        assert client.get(url, HTTP_HOST="other.example").status_code == 404
        assert client.get(url, HTTP_HOST="campaigns.example").status_code == 200

    # Two sites on one host name: the port decides (the port is a value of the compiled query).
    site = Site.objects.get()
    other = Site.objects.create(hostname=site.hostname, port=8080, root_page=site.root_page)
    for port, expected in (("8080", other), (str(site.port), site), ("81", None)):
        request = RequestFactory().get(url, HTTP_HOST=site.hostname, SERVER_PORT=port)
        assert Site.find_for_request(request) == expected, port


def test_languages_taking_turns_each_read_their_own_text(client, senegal_campaign):
    page = senegal_campaign.specific
    page.title_wo = "Tur bu bees ci wolof"
    page.title_fr = "Un titre en français"
    page.save_revision().publish()
    urls = {code: url_of(page, code) for code in ("fr", "wo", "en")}
    for _round in range(2):
        for code, title in (("fr", page.title_fr), ("wo", page.title_wo), ("en", page.title_en)):
            html = client.get(urls[code]).content.decode()
            assert title in html, code
            others = {page.title_fr, page.title_wo, page.title_en} - {title}
            assert not any(f"<h1>{other}" in html for other in others), code


def test_a_material_or_funder_changed_after_a_render_shows_at_once(client, senegal_campaign):
    """The materials' and the funders' queries are compiled once too: their rows are not."""
    from campaigns.funding.models import Funder
    from campaigns.funding.visibility import funders_of
    from campaigns.models import Material

    url = url_of(senegal_campaign, "fr")
    assert client.get(url).status_code == 200
    material = Material.objects.filter(campaign=senegal_campaign, live=True).first()
    funder = next(iter(funders_of(senegal_campaign)), None)
    assert material and funder, "the demo changed: Senegal's campaign has no material or funder"
    Material.objects.filter(pk=material.pk).update(title_fr="Affiche toute nouvelle")
    Funder.objects.filter(pk=funder.pk).update(statement_fr="Bailleur tout nouveau")
    html = client.get(url).content.decode()
    assert "Affiche toute nouvelle" in html
    assert "Bailleur tout nouveau" in html
    Material.objects.filter(pk=material.pk).update(live=False)
    assert "Affiche toute nouvelle" not in client.get(url).content.decode()


def test_a_cached_rendition_is_not_written_back_to_the_cache(client, senegal_campaign):
    """Wagtail wrote each rendition it had read from the cache back to it (a cache write per
    image per render); a rendition missing from the cache is still read and cached."""
    from campaigns.models import CampaignImage, CampaignRendition

    image = CampaignImage.objects.order_by("pk").first()
    spec = "width-10|format-webp"
    backend = CampaignRendition.cache_backend
    backend.clear()
    writes = []
    set_many = backend.set_many

    def recording_set_many(data, *args, **kwargs):
        writes.append(sorted(data))
        return set_many(data, *args, **kwargs)

    backend.set_many = recording_set_many
    try:
        first = CampaignImage.objects.get(pk=image.pk).get_renditions(spec)[spec]
        assert len(writes) == 1  # made, then cached
        with CaptureQueriesContext(connection) as captured:
            again = CampaignImage.objects.get(pk=image.pk)
            second = again.get_renditions(spec)[spec]
        assert len(captured.captured_queries) == 1  # the image only: the rendition is cached
        assert len(writes) == 1, writes  # not written back
        assert second.pk == first.pk and second.image is again
    finally:
        del backend.set_many
        backend.clear()


def test_a_body_image_is_loaded_as_wagtail_loads_it(demo):
    """The photo block's chooser (compiled query): the images asked for, in order, None kept,
    one instance per occurrence, as Wagtail's ``ChooserBlock.bulk_to_python``."""
    from wagtail.images.blocks import ImageChooserBlock

    from campaigns.content.blocks import PhotoBlock
    from campaigns.models import CampaignImage

    chooser = PhotoBlock(required=False).child_blocks["image"]
    first, second = CampaignImage.objects.order_by("pk")[:2]
    values = [second.pk, None, first.pk, second.pk, 10**6]
    ours = chooser.bulk_to_python(values)
    wagtails = ImageChooserBlock().bulk_to_python(values)
    assert [image and image.pk for image in ours] == [image and image.pk for image in wagtails]
    assert ours[0] is not ours[3]
    CampaignImage.objects.filter(pk=first.pk).update(title="Renamed after the first load")
    assert chooser.bulk_to_python([first.pk])[0].title == "Renamed after the first load"


def test_the_home_directory_follows_featured_and_unpublished_campaigns(client, demo):
    """The home's countries, featured and latest campaigns: compiled queries, fresh rows."""
    from campaigns.models import CampaignPage, HomePage

    home = HomePage.objects.get()
    url = url_of(home, "en")
    featured = [item.campaign for item in home.featured_campaigns.order_by("sort_order")]
    assert featured, "the demo features no campaign"
    html = client.get(url).content.decode()
    assert featured[0].title in html
    featured[0].unpublish()
    assert featured[0].title not in client.get(url).content.decode()
    home.featured_campaigns.all().delete()
    latest = CampaignPage.objects.live().order_by("-first_published_at", "-pk").first()
    latest.title_en = "The newest campaign of all"
    latest.save_revision().publish()
    assert "The newest campaign of all" in client.get(url).content.decode()


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_on_postgresql_a_fixed_query_is_a_prepared_statement(demo):
    """Planned once per connection; the query log still shows the SQL with its values, as
    for any other query; the rows are those of the queryset; off by the setting."""
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements: PostgreSQL only")
    home = Page.objects.get(depth=2)
    query = FixedQuery(lambda pk: Page.objects.filter(pk=pk, live=True).order_by("pk"), (int,))
    with CaptureQueriesContext(connection) as captured:
        found = query.run(home.pk)
    assert [page.pk for page in found] == [home.pk]
    assert f'"wagtailcore_page"."id" = {home.pk}' in captured.captured_queries[0]["sql"]
    compiled = query.compiled[connection.alias].sql.replace("%s", "$1", 1).replace("%s", "$2")
    assert compiled in prepared_statements()
    assert query.run(10**6) == []  # the same statement, another value
    assert prepared_statements().count(compiled) == 1
    with override_settings(FIXED_QUERIES_PREPARED=False):
        other = FixedQuery(lambda pk: Page.objects.filter(pk=pk, depth=2).order_by("pk"), (int,))
        assert [page.pk for page in other.run(home.pk)] == [home.pk]
        sql = other.compiled[connection.alias].sql
        assert sql.replace("%s", "$1", 1).replace("%s", "$2") not in prepared_statements()


def test_on_postgresql_a_prepared_query_survives_a_rolled_back_transaction(demo):
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements: PostgreSQL only")
    from django.db import transaction

    query = FixedQuery(lambda pk: Page.objects.filter(pk=pk, depth=1).order_by("pk"), (int,))
    root = Page.objects.get(depth=1)
    try:
        with transaction.atomic():
            assert [page.pk for page in query.run(root.pk)] == [root.pk]  # prepared here
            raise RuntimeError("roll back")
    except RuntimeError:
        pass
    assert [page.pk for page in query.run(root.pk)] == [root.pk]
