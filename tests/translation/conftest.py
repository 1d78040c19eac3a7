"""The demo content once per module (rolled back after it), shared by the translation tests."""

import pytest

from tests.factories import module_data
from tests.site.test_public_budgets import seed_public_demo


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with module_data(django_db_blocker):
        seed_public_demo()
        yield


@pytest.fixture
def senegal_campaign(demo):
    """Senegal's first campaign (tree order): 'The sea does not forgive'."""
    from campaigns.models import CampaignPage

    return CampaignPage.objects.filter(country__code="SN").order_by("path").first()
