"""Issue 10, item 1: every bulk action Wagtail serves is one whose rules were reviewed.

The inventory below lists each bulk action route (model and action) and the class that serves
it; a new route (a new snippet, a Wagtail upgrade, another app's hook) fails the test until it is
reviewed and listed. Snippet deletes go through campaigns.access.bulk_actions.ScopedDeleteBulkAction
(tests/reach/test_bulk_actions.py walks the report and target rules); the tests here check what
it does for every other snippet: it logs, refuses what the user may not delete, and refuses a
row still used elsewhere with a message rather than a server error.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.models import ModelLogEntry

from campaigns.access.bulk_actions import ScopedDeleteBulkAction
from campaigns.access.roles import (
    EDITORS,
    FINANCE,
    ME_OFFICERS,
    REVIEWERS,
    TRANSLATORS,
    setup_roles,
)
from campaigns.models import Allocation, CampaignImage, Indicator, Material
from tests.factories import (
    ChannelFactory,
    CountryFactory,
    IndicatorFactory,
    OrganisationFactory,
    RegionFactory,
    UserFactory,
    agreement,
    allocation,
    campaign_page,
    country_page,
    funder,
    image,
    material,
    reach_report,
    role_user,
)

pytestmark = pytest.mark.django_db
User = get_user_model()

PAGES = "wagtail.admin.views.pages.bulk_actions"
IMAGES = "wagtail.images.views.bulk_actions"
DOCUMENTS = "wagtail.documents.views.bulk_actions"
USERS = "wagtail.users.views.bulk_actions"
SCOPED_MODULE = ScopedDeleteBulkAction.__module__
SCOPED = f"{SCOPED_MODULE}.{ScopedDeleteBulkAction.__name__}"

# (app label, model) -> {action: class}. Why each is safe is written in
# campaigns.access.bulk_actions: pages check page permissions plus campaigns.content.guards' and
# publish_refused's before_bulk_action hooks; images and documents their collection permissions;
# users the user permissions and campaigns.access.admin_guards' before_bulk_action hook. Their
# deletes are replaced only to be logged.
REVIEWED = {
    ("auth", "user"): {
        "assign_role": f"{USERS}.assign_role.AssignRoleBulkAction",
        "delete": f"{SCOPED_MODULE}.LoggedUserDeleteBulkAction",
        "set_active_state": f"{USERS}.set_active_state.SetActiveStateBulkAction",
    },
    ("campaigns", "campaignimage"): {
        "add_tags": f"{IMAGES}.add_tags.AddTagsBulkAction",
        "add_to_collection": f"{IMAGES}.add_to_collection.AddToCollectionBulkAction",
        "delete": f"{SCOPED_MODULE}.LoggedImageDeleteBulkAction",
    },
    ("wagtaildocs", "document"): {
        "add_tags": f"{DOCUMENTS}.add_tags.AddTagsBulkAction",
        "add_to_collection": f"{DOCUMENTS}.add_to_collection.AddToCollectionBulkAction",
        "delete": f"{SCOPED_MODULE}.LoggedDocumentDeleteBulkAction",
    },
    ("wagtailcore", "page"): {
        "delete": f"{PAGES}.delete.DeleteBulkAction",
        "move": f"{PAGES}.move.MoveBulkAction",
        "publish": f"{PAGES}.publish.PublishBulkAction",
        "unpublish": f"{PAGES}.unpublish.UnpublishBulkAction",
    },
    **{
        ("campaigns", snippet): {"delete": SCOPED}
        for snippet in (
            "ageband", "allocation", "channel", "country", "funder", "fundingagreement",
            "indicator", "material", "reportingorganisation", "target",
        )
    },
    # Issue 12: the reach lifecycle's steps, each report checked as one at a time
    # (tests/reach/test_no_dead_ends.py proves their scoping and refusals).
    ("campaigns", "reachreport"): {
        "delete": SCOPED,
        "submit": "campaigns.reach.admin.bulk.SubmitBulkAction",
        "validate": "campaigns.reach.admin.bulk.ValidateBulkAction",
        "return": "campaigns.reach.admin.bulk.ReturnBulkAction",
    },
}  # fmt: skip


def test_every_bulk_action_route_is_reviewed():
    bulk_action_registry._scan_for_bulk_actions()
    served = {
        (app_label, model): {
            action: f"{cls.__module__}.{cls.__name__}" for action, cls in actions.items()
        }
        for app_label, models in bulk_action_registry.actions.items()
        for model, actions in models.items()
    }
    assert served == REVIEWED, "a bulk action route changed: review its rules, then list it here"


def url(model, ids, action="delete"):
    query = "&".join(f"id={pk}" for pk in ids)
    return reverse("wagtail_bulk_action", args=["campaigns", model, action]) + f"?{query}"


@pytest.fixture
def site(db):
    setup_roles()
    senegal = CountryFactory(code="SN")
    campaign = campaign_page(country_page(senegal))
    return senegal, campaign


def test_a_material_bulk_delete_is_logged(client, site, superuser):
    poster = material(site[1], languages=("fr",))
    client.force_login(superuser)
    assert client.post(url("material", [poster.pk])).status_code == 302
    assert not Material.objects.exists()
    entry = ModelLogEntry.objects.get(action="wagtail.delete")
    assert (entry.object_id, entry.user) == (str(poster.pk), superuser)


def test_image_and_user_bulk_deletes_are_logged(client, db, superuser):
    photo, someone = image(), UserFactory(username="someone")
    client.force_login(superuser)
    images = reverse("wagtail_bulk_action", args=["campaigns", "campaignimage", "delete"])
    users = reverse("wagtail_bulk_action", args=["auth", "user", "delete"])
    assert client.post(f"{images}?id={photo.pk}").status_code == 302
    assert client.post(f"{users}?id={someone.pk}").status_code == 302
    assert not CampaignImage.objects.exists()
    assert not User.objects.filter(pk=someone.pk).exists()
    logged = ModelLogEntry.objects.filter(action="wagtail.delete", user=superuser)
    assert sorted(logged.values_list("content_type__model", flat=True)) == ["campaignimage", "user"]


@pytest.mark.parametrize("role", [EDITORS, TRANSLATORS, REVIEWERS])
def test_who_may_not_delete_a_material_deletes_none(client, site, role):
    poster = material(site[1], languages=("fr",))
    client.force_login(role_user(role))
    screen = client.get(url("material", ["all"]))
    assert screen.status_code == 200 and "Yes, delete" not in screen.content.decode()
    response = client.post(url("material", [poster.pk]), follow=True)
    assert "Nothing was deleted" in response.content.decode()
    assert Material.objects.filter(pk=poster.pk).exists()
    assert not ModelLogEntry.objects.filter(action="wagtail.delete").exists()


def test_allocations_follow_the_funding_permissions_and_are_logged(client, site):
    share = allocation(agreement(funder(logo=False)), site[1])
    client.force_login(role_user(REVIEWERS))
    client.post(url("allocation", ["all"]))
    assert Allocation.objects.filter(pk=share.pk).exists()
    client.force_login(role_user(FINANCE))
    assert client.post(url("allocation", ["all"])).status_code == 302
    assert not Allocation.objects.exists()
    assert ModelLogEntry.objects.filter(action="wagtail.delete").count() == 1


def test_an_indicator_still_used_by_figures_is_refused_with_a_message(client, site):
    senegal, campaign = site
    used = IndicatorFactory(code="people-reached")
    organisation = OrganisationFactory(name="IOM Senegal", countries=[senegal])
    region, channel = RegionFactory(country=senegal, code="SN-DK"), ChannelFactory(code="radio")
    reach_report(campaign, organisation, region, channel, campaign.start_date, {used: 5})
    client.force_login(role_user(ME_OFFICERS))
    response = client.post(url("indicator", [used.pk]), follow=True)
    assert response.status_code == 200
    assert "Nothing was deleted" in response.content.decode()
    assert Indicator.objects.filter(pk=used.pk).exists()
    assert not ModelLogEntry.objects.filter(action="wagtail.delete").exists()


@pytest.mark.parametrize(
    "app_label, model_name",
    [
        ("campaigns", "reachreport"),
        ("campaigns", "material"),
        ("auth", "user"),
        ("wagtailcore", "page"),
    ],
)
def test_an_id_no_row_can_have_is_a_404_not_a_500(client, superuser, app_label, model_name):
    """A 23-digit id reached the database, which refused the number (OverflowError)."""
    client.force_login(superuser)
    bulk = reverse("wagtail_bulk_action", args=[app_label, model_name, "delete"])
    for method in (client.get, client.post):
        assert method(f"{bulk}?id=99999999999999999999999").status_code == 404
