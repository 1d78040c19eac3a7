"""Every page and material `seed_demo` builds can be published again as it is: the latest
revision saved and published, as scripts/load_test.py's editor does, by the demo
"administrator" (Campaign editors submit for review; Administrators publish, so Wagtail's
permission check runs too), with the publish checks (funders' visibility rules among them)
all run by ``publish()``.

The demo is seeded once for the module (tests/demo/conftest.py), inside a transaction rolled
back at the end.
"""

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from campaigns.content.publishing import PublishRefused, publish_problems
from campaigns.models import CampaignPage, CountryPage, Funder, Material

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(seeded_demo):
    """The demo user whose role publishes."""
    return get_user_model().objects.get(username="administrator")


def republish(item, user) -> list[str]:
    """Save the item's latest revision again and publish it; the refusal's text, if any."""
    latest = item.latest_revision.as_object()
    try:
        latest.save_revision(user=user).publish(user=user)
    except PublishRefused as refused:
        return [str(refused)]
    return []


def test_every_country_and_campaign_page_can_be_published_again(editor):
    pages = [*CountryPage.objects.order_by("path"), *CampaignPage.objects.order_by("path")]
    assert len(pages) == 30
    refused = {page.url_path: republish(page, editor) for page in pages}
    assert {path: why for path, why in refused.items() if why} == {}
    for page in pages:
        page.refresh_from_db()
        assert page.live and not page.has_unpublished_changes, page.url_path
        assert page.live_revision_id == page.latest_revision_id, page.url_path


def test_every_material_can_be_published_again(editor):
    materials = list(Material.objects.order_by("pk"))
    assert len(materials) >= 40
    refused = {material.pk: republish(material, editor) for material in materials}
    assert {pk: why for pk, why in refused.items() if why} == {}


def test_the_wolof_senegal_campaigns_are_refused_without_the_eus_wolof_statement(editor):
    """The check that used to refuse them is still at work: without the Wolof statement the
    EU (which accepts no fallback) blocks both Senegal campaigns, and only them."""
    eu = Funder.objects.get(short_name="EU")
    eu.statement_wo = ""
    eu.save()
    campaigns = CampaignPage.objects.order_by("path")
    blocked = {page.slug for page in campaigns if publish_problems(page)}
    assert blocked == {"the-sea-does-not-forgive", "success-is-possible-here"}
    page = campaigns.get(slug="the-sea-does-not-forgive")
    with translation.override("en"):
        why = republish(page, editor)
    assert why and "European Union requires its statement in Wolof" in why[0]
    page.refresh_from_db()
    assert page.has_unpublished_changes
