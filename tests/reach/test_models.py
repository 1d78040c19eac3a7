"""The natural key holds in the database, among current reports only."""

import pytest
from django.db import IntegrityError, transaction

from campaigns.reach.models import Status
from tests.factories import reach_report

from .conftest import MARCH

pytestmark = pytest.mark.django_db


def report(w, **fields):
    return reach_report(w.sn_campaign, w.iom_senegal, w.dakar, w.radio, MARCH, **fields)


def test_one_current_report_per_campaign_organisation_month_region_and_channel(world):
    report(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        report(world)


def test_superseded_revisions_do_not_count_against_the_key(world):
    old = report(world, status=Status.LOCKED, is_current=False)
    new = report(world, revision=2, supersedes=old)
    assert (new.natural_key, new.revision) == (old.natural_key, 2)


def test_another_channel_region_or_organisation_is_another_report(world):
    report(world)
    reach_report(world.sn_campaign, world.iom_senegal, world.dakar, world.sessions, MARCH)
    reach_report(world.sn_campaign, world.iom_senegal, world.thies, world.radio, MARCH)
    assert world.sn_campaign.reach_reports.count() == 3


def test_totals_are_whole_non_negative_numbers_in_the_database(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        report(world, values={world.broadcasts: -1})


def test_a_target_is_for_the_campaigns_country_and_a_forward_period(world):
    import datetime

    from django.core.exceptions import ValidationError

    from campaigns.models import Target

    target = Target(
        campaign=world.sn_campaign,
        indicator=world.people,
        country=world.guinea,
        period_start=datetime.date(2026, 6, 1),
        period_end=datetime.date(2026, 5, 1),
        value=5000,
    )
    with pytest.raises(ValidationError) as refused:
        target.full_clean()
    assert set(refused.value.message_dict) == {"country", "period_end"}
    target.country, target.period_end = world.senegal, datetime.date(2026, 12, 1)
    target.full_clean()
