"""The home's featured campaigns in the admin's preview: the choices of the edit form, not yet
saved, are the ones shown (campaigns.content.directory.featured_campaigns)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from campaigns.access.roles import EDITORS, REPORTERS, setup_roles
from campaigns.models import HomeFeaturedCampaign, HomePage
from tests.admin_forms import page_form
from tests.factories import (
    CountryFactory,
    campaign_page,
    country_page,
    fresh,
    home_page,
    module_data,
    role_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world_data(django_db_setup, django_db_blocker):
    """A home featuring Senegal's campaign, Afghanistan's campaign not featured, a draft one."""
    with module_data(django_db_blocker):
        home = home_page()
        setup_roles()  # page permissions on the home
        senegal = CountryFactory(code="SN", languages="fr, wo")
        sn_campaign = campaign_page(country_page(senegal), title="The desert is not a road")
        afghanistan = CountryFactory(code="AF", languages="fa-af, ps")
        af_page = country_page(afghanistan, slug="af")
        af_campaign = campaign_page(af_page, slug="routes", title="Know the routes")
        draft = campaign_page(af_page, slug="draft", title="A draft campaign")
        draft.unpublish()
        home.featured_campaigns = [HomeFeaturedCampaign(campaign=sn_campaign, sort_order=0)]
        home.save_revision().publish()
        cache.clear()
        yield {
            "home": HomePage.objects.get(pk=home.pk),
            "sn_campaign": sn_campaign,
            "af_campaign": af_campaign,
            "draft": draft,
            "editor": role_user(EDITORS),
        }


@pytest.fixture
def world(world_data, db):
    yield fresh(world_data)
    cache.clear()


def edit_form(world, user) -> dict:
    home = HomePage.objects.get(pk=world["home"].pk)
    return page_form(home, home.get_parent(), user)


def add_choice(data: dict, campaign, delete_first=False) -> dict:
    """The edit form with one more featured campaign (a new, unsaved inline form)."""
    prefix = "featured_campaigns"
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": str(index + 1),
            f"{prefix}-{index}-id": "",
            f"{prefix}-{index}-campaign": str(campaign.pk),
            f"{prefix}-{index}-ORDER": str(index + 1),
            f"{prefix}-{index}-DELETE": "",
        }
    )
    if delete_first:
        data[f"{prefix}-0-DELETE"] = "on"
    return data


def preview(client, world, data) -> str:
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[world["home"].pk])
    posted = client.post(url, data)
    assert posted.status_code == 200, posted.content[:500]
    assert posted.json() == {"is_valid": True, "is_available": True}
    with translation.override("en"):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def featured(html: str) -> str:
    return html.split('id="featured-heading"', 1)[1].split("</section>", 1)[0]


def test_the_preview_shows_an_unsaved_featured_campaign(client, world):
    client.force_login(world["editor"])
    html = featured(
        preview(client, world, add_choice(edit_form(world, world["editor"]), world["af_campaign"]))
    )
    assert html.index("The desert is not a road") < html.index("Know the routes")
    # Nothing saved: the public home still shows the saved choice only.
    public = featured(client.get("/en/").content.decode())
    assert "The desert is not a road" in public
    assert "Know the routes" not in public


def test_the_preview_leaves_out_a_choice_deleted_in_the_form(client, world):
    client.force_login(world["editor"])
    data = add_choice(edit_form(world, world["editor"]), world["af_campaign"], delete_first=True)
    html = featured(preview(client, world, data))
    assert "Know the routes" in html
    assert "The desert is not a road" not in html


def test_the_preview_leaves_out_an_unpublished_choice(client, world):
    client.force_login(world["editor"])
    data = add_choice(edit_form(world, world["editor"]), world["draft"])
    html = featured(preview(client, world, data))
    assert "A draft campaign" not in html
    assert "The desert is not a road" in html
    assert "Know the routes" not in html  # a choice is left: not the latest


def test_unsaved_choices_cost_the_same_queries_however_many(world):
    """Two queries for the choices (which, then their pages), as for saved ones."""
    from campaigns.content.directory import featured_campaigns

    def queries(*campaigns):
        home = HomePage.objects.get(pk=world["home"].pk)
        home.featured_campaigns = [
            HomeFeaturedCampaign(campaign_id=campaign.pk, sort_order=i)
            for i, campaign in enumerate(campaigns)
        ]
        with CaptureQueriesContext(connection) as captured:
            entries = featured_campaigns(home, ["en"], None)
        return [entry.page.pk for entry in entries], len(captured)

    queries(world["sn_campaign"])  # the site's root paths cached
    one, few = (
        queries(world["sn_campaign"]),
        queries(world["af_campaign"], world["draft"], world["sn_campaign"]),
    )
    assert one[0] == [world["sn_campaign"].pk]
    assert few[0] == [world["af_campaign"].pk, world["sn_campaign"].pk]
    assert one[1] == few[1] == 2


def test_with_every_choice_deleted_the_preview_shows_the_latest(client, world):
    client.force_login(world["editor"])
    data = edit_form(world, world["editor"])
    data["featured_campaigns-0-DELETE"] = "on"
    html = featured(preview(client, world, data))
    assert "Know the routes" in html and "The desert is not a road" in html


def test_someone_who_may_not_edit_the_home_may_not_preview_it(client, world):
    data = add_choice(edit_form(world, world["editor"]), world["af_campaign"])
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[world["home"].pk])
    assert client.post(url, data).status_code == 302  # to the login page
    client.force_login(role_user(REPORTERS))
    assert client.post(url, data).status_code in (302, 403)
    assert client.get(url).status_code in (302, 403)
