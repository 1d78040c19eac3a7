"""Issue 10 (each role sees only what it should): snippet choosers
(campaigns.access.chooser_permissions).

Every snippet chooser (found by walking the URL resolver) refuses people without a permission on
its model, on its modal, results, chosen and chosen-multiple views; those with one see the rows
of the model's own listing only. Controls: finance picks agreements for an allocation, M&E
officers pick indicators and countries for a target (countries through the target form's need,
not a permission on countries), reporters pick only their own countries' targets.
"""

import json

import pytest
from django.urls import get_resolver, reverse

from campaigns.access.roles import FINANCE, ME_OFFICERS, REPORTERS, setup_roles
from campaigns.models import Allocation, Country, Funder, FundingAgreement, Target
from tests.factories import (
    CountryFactory,
    IndicatorFactory,
    OrganisationFactory,
    UserFactory,
    admin_user,
    agreement,
    allocation,
    campaign_page,
    country_page,
    fresh,
    funder,
    module_data,
    role_user,
)

pytestmark = pytest.mark.django_db

PREFIX = "wagtailsnippetchoosers_"


def chooser_namespaces() -> list[str]:
    resolver = get_resolver()
    found = set()

    def walk(patterns_resolver, prefix=""):
        for namespace, (_prefix, sub) in patterns_resolver.namespace_dict.items():
            full = f"{prefix}{namespace}"
            if namespace.startswith(PREFIX):
                found.add(full)
            walk(sub, f"{full}:")

    walk(resolver)
    return sorted(found)


NAMESPACES = chooser_namespaces()


@pytest.fixture(scope="module")
def world_data(django_db_setup, django_db_blocker):
    """The roles, two countries' campaigns, funding, targets and the people: built once for the
    module (the tests only read them)."""
    with module_data(django_db_blocker):
        setup_roles()
        guinea = CountryFactory(code="GN", languages="fr, ff")
        senegal = CountryFactory(code="SN", languages="fr, wo, ff")
        gn_campaign = campaign_page(country_page(guinea), slug="sea", title="Sea (GN)")
        sn_campaign = campaign_page(country_page(senegal), slug="desert", title="Desert (SN)")
        deal = agreement(funder(name="Secret Funder"), reference="SECRET-REF-1", amount="240000.00")
        share = allocation(deal, gn_campaign, amount="123456.00")
        people = IndicatorFactory(code="people-reached")
        reporter = role_user(REPORTERS, "reporter-gn")
        OrganisationFactory(name="Radio Guinée", countries=[guinea], members=[reporter])
        yield {
            "agreement": deal,
            "allocation": share,
            "gn_target": Target.objects.create(campaign=gn_campaign, indicator=people, value=7002),
            "sn_target": Target.objects.create(campaign=sn_campaign, indicator=people, value=7001),
            "indicator": people,
            "guinea": guinea,
            "reporter": reporter,
            "finance": role_user(FINANCE, "finance"),
            "me": role_user(ME_OFFICERS, "me-officer"),
            "nobody": admin_user("nobody"),
        }


@pytest.fixture
def world(world_data, db):
    """Fresh instances of the module's objects."""
    return fresh(world_data)


def url(model: str, view: str, *args) -> str:
    return reverse(f"{PREFIX}campaigns_{model}:{view}", args=args)


def refused(response) -> bool:
    """Wagtail answers an admin PermissionDenied with a redirect to the dashboard (or a 403)."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"].rstrip("/").endswith("/admin")
    )


def test_every_snippet_model_has_a_chooser_found_here():
    models = {namespace.split(":")[-1].removeprefix(PREFIX) for namespace in NAMESPACES}
    assert {"campaigns_allocation", "campaigns_fundingagreement", "campaigns_funder"} <= models


@pytest.mark.parametrize("namespace", NAMESPACES)
def test_every_chooser_refuses_someone_without_permission(client, world, namespace):
    """An admin user with no permission on any snippet model opens no snippet chooser."""
    client.force_login(world["nobody"])
    for view in ("choose", "choose_results", "chosen_multiple"):
        response = client.get(reverse(f"{namespace}:{view}"))
        assert refused(response), (namespace, view, response.status_code)
    app_model = namespace.split(":")[-1].removeprefix(PREFIX)
    first = _first_pk(app_model)
    if first is not None:
        response = client.get(reverse(f"{namespace}:chosen", args=[first]))
        assert refused(response), (namespace, "chosen", response.status_code)


def _first_pk(app_model):
    from django.apps import apps

    app_label, model_name = app_model.split("_", 1)
    row = apps.get_model(app_label, model_name)._default_manager.order_by("pk").first()
    return None if row is None else row.pk


@pytest.mark.parametrize("model", ["allocation", "fundingagreement", "funder"])
def test_reporter_sees_no_funding_rows_in_choosers(client, world, model):
    client.force_login(world["reporter"])
    pk = {
        "allocation": world["allocation"].pk,
        "fundingagreement": world["agreement"].pk,
        "funder": world["agreement"].funder_id,
    }[model]
    for address in (
        url(model, "choose"),
        url(model, "choose_results"),
        url(model, "chosen", pk),
        url(model, "chosen_multiple") + f"?id={pk}",
    ):
        response = client.get(address)
        text = response.content.decode()
        assert refused(response), address
        assert "123" not in text and "SECRET" not in text and "Secret" not in text
    assert Allocation.objects.count() == 1 and FundingAgreement.objects.count() == 1
    assert Funder.objects.count() == 1


def test_finance_uses_the_agreement_and_allocation_choosers(client, world):
    client.force_login(world["finance"])
    results = client.get(url("fundingagreement", "choose_results"))
    assert results.status_code == 200 and "SECRET-REF-1" in results.content.decode()
    chosen = client.get(url("fundingagreement", "chosen", world["agreement"].pk))
    assert chosen.status_code == 200
    assert json.loads(chosen.content)["result"]["id"] == str(world["agreement"].pk)
    assert client.get(url("allocation", "choose")).status_code == 200


def test_me_officer_picks_indicators_and_countries_for_targets(client, world):
    """M&E officers hold no permission on countries; the target form's country chooser works."""
    client.force_login(world["me"])
    assert not world["me"].has_perm("campaigns.view_country")
    assert client.get(url("indicator", "choose")).status_code == 200
    response = client.get(url("country", "choose_results"))
    assert response.status_code == 200
    chosen = client.get(url("country", "chosen", world["guinea"].pk))
    assert chosen.status_code == 200
    assert Country.objects.count() == 2


def test_reporter_chooses_only_targets_of_their_countries(client, world):
    client.force_login(world["reporter"])
    html = client.get(url("target", "choose_results")).content.decode()
    assert "7002" in html and "7001" not in html
    assert client.get(url("target", "chosen", world["gn_target"].pk)).status_code == 200
    assert client.get(url("target", "chosen", world["sn_target"].pk)).status_code == 404


def test_inactive_or_plain_users_are_refused(client, world):
    client.force_login(UserFactory(username="plain"))
    assert client.get(url("allocation", "choose")).status_code in {302, 403}
