"""Two countries, two organisations, one campaign in each, and a user per role."""

import datetime
from types import SimpleNamespace

import pytest

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


@pytest.fixture
def world(db):
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
