"""Issue 10, item 12: an age band the reports' figures use is refused with a reason, not a 500.

Breakdown cells point at their age band through a protected key that Wagtail's reference index
does not know: its delete view went on and the database refused (ProtectedError, a 500).
campaigns.content.guards.before_delete_snippet now names what still refers to it.
"""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from campaigns.access.roles import ADMINISTRATORS
from campaigns.models import AgeBand, ReachBreakdown
from tests.factories import SuperUserFactory, reach_report, role_user

from .conftest import MARCH

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["administrator", "superuser"])
def test_an_age_band_in_use_is_not_deleted(world, who):
    reach_report(
        world.sn_campaign, world.iom_senegal, world.dakar, world.radio, MARCH,
        {world.people: (5, [("female", world.youth, 5)])},
    )  # fmt: skip
    user = SuperUserFactory(username="root") if who == "superuser" else role_user(ADMINISTRATORS)
    client = Client()  # raises what the view raises
    client.force_login(user)
    url = reverse(AgeBand.snippet_viewset.get_url_name("delete"), args=[world.youth.pk])
    before = (AgeBand.objects.count(), ReachBreakdown.objects.count())
    response = client.post(url)
    assert response.status_code == 302
    assert (AgeBand.objects.count(), ReachBreakdown.objects.count()) == before
    said = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "Breakdown cells still refer to" in said, said


def test_an_unused_age_band_is_still_deleted(world):
    client = Client()
    client.force_login(SuperUserFactory(username="root"))
    url = reverse(AgeBand.snippet_viewset.get_url_name("delete"), args=[world.adults.pk])
    assert client.post(url).status_code == 302
    assert not AgeBand.objects.filter(pk=world.adults.pk).exists()
