"""The shared world of tests/reach/conftest.py: built once for the module, yet each test starts
from the same rows, as fresh instances. The two tests run in this order (file order): the first
changes the world in memory and in the database, the second finds neither change."""

import pytest

from campaigns.models import Region
from tests.factories import RegionFactory

pytestmark = pytest.mark.django_db

SEEN = {}


def test_a_test_changes_the_world_in_memory_and_in_the_database(world, world_data):
    assert world.sn_campaign is not world_data.sn_campaign  # an instance of this test's own
    assert world.sn_campaign.pk == world_data.sn_campaign.pk
    SEEN["campaign"] = world.sn_campaign
    world.sn_campaign.title = "Changed in memory"
    world.sn_reporter.is_active = False
    world.sn_reporter.save()
    RegionFactory(country=world.senegal, code="SN-ZG", name="Ziguinchor")
    assert Region.objects.filter(code="SN-ZG").exists()


def test_the_next_test_finds_the_world_as_it_was_built(world):
    assert world.sn_campaign is not SEEN["campaign"]
    assert world.sn_campaign.title == "Desert (SN)"
    assert world.sn_reporter.is_active
    assert not Region.objects.filter(code="SN-ZG").exists()
    assert sorted(Region.objects.values_list("code", flat=True)) == ["GN-C", "SN-DK", "SN-TH"]
