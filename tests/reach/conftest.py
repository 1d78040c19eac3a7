"""Two countries, two organisations, one campaign in each, and a user per role.

The world is built once per test module, inside one transaction rolled back when the module is
done; each test runs in a savepoint of its own (pytest-django's ``db``), so what one test writes is
gone before the next. Each test also gets fresh instances of the world's rows, read again from the
database, so a change a test makes in memory (``world.sn_campaign.end_date = ...``) never reaches
the next test either.

A test that needs real transactions (``transactional_db``, a live server, several connections at
once) cannot run inside that outer transaction: it uses ``fresh_world``, built for it alone, and
lives in a module whose tests do not use ``world``.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection, models, transaction
from django.utils import translation

from campaigns.access.roles import EDITORS, ME_OFFICERS, REPORTERS, REVIEWERS, setup_roles
from tests.factories import (
    AgeBandFactory,
    ChannelFactory,
    CountryFactory,
    IndicatorFactory,
    OrganisationFactory,
    RegionFactory,
    campaign_page,
    country_page,
    material,
    role_user,
)

MARCH = datetime.date(2026, 3, 1)
TODAY = datetime.date(2026, 6, 15)


def build_world() -> SimpleNamespace:
    setup_roles()
    senegal = CountryFactory(code="SN", languages="fr, wo, ff")
    guinea = CountryFactory(code="GN", languages="fr, ff")
    dakar = RegionFactory(country=senegal, code="SN-DK", name="Dakar")
    thies = RegionFactory(country=senegal, code="SN-TH", name="Thiès")
    conakry = RegionFactory(country=guinea, code="GN-C", name="Conakry")
    sn_campaign = campaign_page(country_page(senegal), slug="desert", title="Desert (SN)")
    gn_campaign = campaign_page(country_page(guinea), slug="sea", title="Sea (GN)")
    poster = material(sn_campaign, languages=("fr", "wo"))
    sn_reporter = role_user(REPORTERS, "sn-reporter")
    gn_reporter = role_user(REPORTERS, "gn-reporter")
    iom_senegal = OrganisationFactory(
        name="IOM Senegal", kind="iom_office", countries=[senegal], members=[sn_reporter]
    )
    radio_guinea = OrganisationFactory(
        name="Radio Guinée", kind="radio_station", countries=[guinea], members=[gn_reporter]
    )
    return SimpleNamespace(
        senegal=senegal,
        guinea=guinea,
        dakar=dakar,
        thies=thies,
        conakry=conakry,
        sn_campaign=sn_campaign,
        gn_campaign=gn_campaign,
        poster=poster,
        radio=ChannelFactory(code="radio", name="Radio"),
        sessions=ChannelFactory(code="sessions", name="Community sessions"),
        people=IndicatorFactory(code="people-reached", by_sex=True, by_age=True),
        broadcasts=IndicatorFactory(code="broadcasts", kind="broadcasts_aired", unit="spots"),
        youth=AgeBandFactory(code="15-24", min_age=15, max_age=24, sort_order=1),
        adults=AgeBandFactory(code="25plus", name="25+", min_age=25, max_age=None, sort_order=2),
        sn_reporter=sn_reporter,
        gn_reporter=gn_reporter,
        iom_senegal=iom_senegal,
        radio_guinea=radio_guinea,
        me_officer=role_user(ME_OFFICERS, "me-officer"),
        editor=role_user(EDITORS, "editor"),
        reviewer=role_user(REVIEWERS, "reviewer"),
    )


def fresh(world: SimpleNamespace) -> SimpleNamespace:
    """The same world with each row read again from the database (pages as their own type)."""
    return SimpleNamespace(
        **{
            name: type(value)._default_manager.get(pk=value.pk)
            if isinstance(value, models.Model)
            else value
            for name, value in vars(world).items()
        }
    )


@pytest.fixture(scope="module")
def world_data(django_db_setup, django_db_blocker):
    """The module's world, committed to nothing: one outer transaction, rolled back at the end."""
    with (
        django_db_blocker.unblock(),
        transaction.atomic(),
        translation.override(settings.LANGUAGE_CODE),
    ):
        world = build_world()
        yield world
        transaction.set_rollback(True)
    cache.clear()  # Wagtail caches site root paths; they belonged to the rolled-back data


@pytest.fixture
def world(world_data, db):
    """The module's world in this test's savepoint, as fresh instances."""
    cache.clear()  # what an earlier test's requests cached (site root paths, throttles) is gone
    return fresh(world_data)


@pytest.fixture
def fresh_world(transactional_db):
    """A world of its own, for a test that commits (threads, several connections)."""
    assert not connection.in_atomic_block, (
        "a test using transactional_db shares its module with tests of the module world: "
        "move it to a module of its own"
    )
    return build_world()
