"""The IATI file holds public campaigns only, as open data does: a campaign behind a login or a
password is neither offered on the screen nor exported, by the screen or by the command."""

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import PageViewRestriction

from campaigns.reporting import iati
from campaigns.reporting.filters import ReachFilter
from campaigns.reporting.views.iati import IATIFilterForm


def offered_and_exported(world):
    form = IATIFilterForm(user=world.me_officer)
    return (
        set(form.fields["campaign"].queryset),
        set(form.fields["country"].queryset),
        list(iati.campaigns_in(ReachFilter())),
        list(iati.campaigns_in(ReachFilter(campaigns=(world.gn_campaign.pk,)))),
    )


def test_a_public_campaign_is_offered_and_exported(world):
    campaigns, countries, every, chosen = offered_and_exported(world)
    assert world.gn_campaign in campaigns and world.guinea in countries
    assert world.gn_campaign in every and chosen == [world.gn_campaign]
    assert iati.campaigns_by_code([world.gn_campaign.code]) == [world.gn_campaign]


@pytest.mark.parametrize("kind", ["login", "password"])
def test_a_restricted_campaign_is_neither_offered_nor_exported(world, tmp_path, kind):
    PageViewRestriction.objects.create(page=world.gn_campaign, restriction_type=kind, password="x")
    campaigns, countries, every, chosen = offered_and_exported(world)
    assert world.gn_campaign not in campaigns and world.guinea not in countries
    assert world.sn_campaign in campaigns and world.senegal in countries
    assert every == [world.sn_campaign] and chosen == []
    path = tmp_path / "iati.xml"
    with pytest.raises(CommandError, match=world.gn_campaign.code):
        call_command("export_iati", "--campaign", world.gn_campaign.code, "-o", str(path))
    assert not path.exists()
