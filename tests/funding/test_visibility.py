"""Funders' visibility rules on campaign pages and materials, by every route that publishes.

The scenario of the issue: an EU agreement (statement required in the page's own language) and a
Belgian one (fallback accepted) fund a campaign in Senegal; the Wolof version cannot be
published until the EU statement exists in Wolof; then the public page shows both funders in
French, Wolof and Arabic.
"""

import logging

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import TaskState

from campaigns.access.roles import (
    ADMINISTRATORS,
    EDITORS,
    FINANCE,
    REVIEWERS,
    TRANSLATORS,
    setup_roles,
)
from campaigns.content.publishing import PublishRefused, publish_problems
from campaigns.models import CampaignPage, Material
from tests.admin_forms import material_form, page_form
from tests.factories import (
    CountryFactory,
    SuperUserFactory,
    act_on_review,
    agreement,
    allocation,
    campaign_page,
    country_page,
    funder,
    material,
    module_data,
    role_user,
    submit_for_review,
)

pytestmark = pytest.mark.django_db

EU_WOLOF = "Jëflante Tugal moo ko fay"


@pytest.fixture(scope="module")
def senegal_campaign_data(django_db_setup, django_db_blocker):
    """Built once for the module; each test's changes roll back with its own transaction."""
    with module_data(django_db_blocker):
        senegal = CountryFactory(code="SN", languages="wo, fr, ar")
        page = campaign_page(country_page(senegal), title_fr="La mer ne pardonne pas")
        eu = funder("European Union")
        belgium = funder(
            "Belgian Immigration Office",
            statements={
                "en": "With the support of Belgium",
                "fr": "Avec le soutien de la Belgique",
            },
            accepts_fallback_statement=True,
            discloses_amounts=True,
        )
        allocation(agreement(eu, "EU-AMIF-01"), page, amount="30000")
        allocation(agreement(belgium, "BE-DOFI-01", amount="50000"), page, amount="20000")
        yield page.pk


@pytest.fixture
def senegal_campaign(senegal_campaign_data, db):
    return CampaignPage.objects.get(pk=senegal_campaign_data)


def with_wolof(page):
    page = CampaignPage.objects.get(pk=page.pk)
    page.title_wo = "Géej gi baalul"
    page.save_revision()
    return page


def add_eu_statement_in_wolof():
    from campaigns.models import Funder

    eu = Funder.objects.get(name_en="European Union")
    eu.statement_wo = EU_WOLOF
    eu.save()


def test_the_wolof_version_needs_the_eu_statement_in_wolof(senegal_campaign):
    page = with_wolof(senegal_campaign)
    problems = publish_problems(page)
    assert problems == [
        "European Union requires its statement in Wolof, and it has none in Wolof "
        "(it accepts no other language)."
    ]  # Belgium accepts the French statement on a Wolof page
    with pytest.raises(PublishRefused):
        page.get_latest_revision().publish()
    page.refresh_from_db()
    assert page.title_wo in ("", None)  # the live version did not change

    add_eu_statement_in_wolof()
    assert publish_problems(page) == []
    page.get_latest_revision().publish()
    page.refresh_from_db()
    assert page.title_wo == "Géej gi baalul"


def test_a_missing_emblem_is_refused_too(senegal_campaign):
    from campaigns.models import Funder

    Funder.objects.filter(name_en="European Union").update(logo=None)
    problems = publish_problems(CampaignPage.objects.get(pk=senegal_campaign.pk))
    assert problems == ["European Union requires its emblem, and none has been added to it."]


def test_a_campaign_without_funding_or_an_unsigned_agreement_has_no_rules():
    # its own slug: the module's funded Senegal campaign may exist beside it
    page = campaign_page(title_wo="Géej gi baalul", slug="unfunded")
    assert publish_problems(page) == []
    draft = agreement(funder("Fedasil", statements={"en": "Fedasil"}), "FED-1", status="draft")
    allocation(draft, page)
    assert publish_problems(page) == []


def test_the_page_editor_refuses_to_publish_and_says_why(client, senegal_campaign):
    admin = SuperUserFactory(username="root")
    client.force_login(admin)
    page = CampaignPage.objects.get(pk=senegal_campaign.pk)
    data = page_form(page, page.get_parent(), admin)
    data.update({"title_wo": "Géej gi baalul", "action-publish": "action-publish"})
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data, follow=True)
    page.refresh_from_db()
    assert not page.title_wo  # not live in Wolof
    assert page.get_latest_revision().as_object().title_wo == "Géej gi baalul"  # draft kept
    html = response.content.decode()
    assert "cannot be published yet" in html
    assert "European Union requires its statement in Wolof" in html


def test_the_material_editor_refuses_to_publish_a_wolof_version(client, senegal_campaign):
    admin = SuperUserFactory(username="root")
    client.force_login(admin)
    poster = material(senegal_campaign, languages=("fr",), live=False, title="Affiche")
    data = material_form(poster, admin)
    data.update({"versions-0-language": "wo", "action-publish": "action-publish"})
    url = reverse(Material.snippet_viewset.get_url_name("edit"), args=[poster.pk])
    response = client.post(url, data, follow=True)
    poster.refresh_from_db()
    assert not poster.live
    assert "European Union requires its statement in Wolof" in response.content.decode()


def test_bulk_publish_is_refused_with_the_reasons(client, senegal_campaign):
    admin = SuperUserFactory(username="root")
    client.force_login(admin)
    page = with_wolof(senegal_campaign)
    url = (
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
        + f"?id={page.pk}&next=/admin/pages/{page.get_parent().pk}/"
    )
    response = client.post(url, {}, follow=True)
    page.refresh_from_db()
    assert not page.title_wo
    assert "European Union requires its statement in Wolof" in response.content.decode()


def test_the_funders_approval_is_refused_until_the_statement_exists(client, senegal_campaign):
    setup_roles()
    editor = role_user(EDITORS, "awa")
    iom = role_user(ADMINISTRATORS, "iom")
    reviewer = role_user(REVIEWERS, "lies")
    page = with_wolof(senegal_campaign)
    submit_for_review(page, editor)

    state = act_on_review(page, iom)  # IOM's approval is refused as well
    state.refresh_from_db()
    assert state.status == TaskState.STATUS_IN_PROGRESS

    add_eu_statement_in_wolof()
    act_on_review(page, iom)
    page = with_wolof(page)  # unchanged content, the revision under review stays
    state = TaskState.objects.get(
        workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS
    )
    from campaigns.models import Funder

    Funder.objects.filter(name_en="European Union").update(statement_wo="")
    client.force_login(reviewer)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk])
    response = client.post(url, {"comment": ""}, follow=True)
    state.refresh_from_db()
    assert state.status == TaskState.STATUS_IN_PROGRESS
    assert "Not approved" in response.content.decode()
    assert "European Union requires its statement in Wolof" in response.content.decode()
    assert not CampaignPage.objects.get(pk=page.pk).live_revision.as_object().title_wo

    add_eu_statement_in_wolof()
    client.post(url, {"comment": ""})
    page.refresh_from_db()
    assert page.live and page.title_wo == "Géej gi baalul"


# --- Issue 12 item 7: a way forward from a refused approval -------------------------------------


QUEUE = "/admin/reports/review-queue/"


@pytest.fixture
def review_people(senegal_campaign):
    setup_roles()  # after the tree: the workflow applies to the campaign
    return {
        "editor": role_user(EDITORS, "awa", email="awa@example.org"),
        "iom": role_user(ADMINISTRATORS, "iom", email="iom@example.org"),
        "reviewer": role_user(REVIEWERS, "lies", email="lies@example.org"),
        "finance": role_user(FINANCE, "fatou", email="fatou@example.org"),
        "finance2": role_user(FINANCE, "moussa", email="moussa@example.org"),
    }


def funding_urls(action):
    from campaigns.models import Funder, FundingAgreement

    eu = Funder.objects.get(name_en="European Union")
    agreement = FundingAgreement.objects.get(reference="EU-AMIF-01")
    return (
        reverse(Funder.snippet_viewset.get_url_name(action), args=[eu.pk]),
        reverse(FundingAgreement.snippet_viewset.get_url_name(action), args=[agreement.pk]),
    )


def test_the_queue_marks_what_would_be_refused_before_anyone_approves(
    client, senegal_campaign, review_people
):
    page = with_wolof(senegal_campaign)
    submit_for_review(page, review_people["editor"])
    client.force_login(review_people["iom"])
    html = client.get(QUEUE).content.decode()
    assert "Approval would be refused:" in html
    assert "European Union requires its statement in Wolof" in html
    assert "Who can fix it: Finance officers." in html
    for url in funding_urls("edit"):  # Administrators may change funders and agreements
        assert f'href="{url}"' in html
    assert "Belgian Immigration Office" not in html  # its rule is met: nothing to fix there

    add_eu_statement_in_wolof()
    assert "Approval would be refused" not in client.get(QUEUE).content.decode()


def test_the_way_forward_gives_a_reviewer_no_new_right(senegal_campaign, review_people, client):
    """A funder reviewer may see funders and agreements: the links open their inspect screens,
    and their edit screens stay refused."""
    from campaigns.content.refusals import subject_links

    reviewer = review_people["reviewer"]
    problems = publish_problems(with_wolof(senegal_campaign))
    links = [url for url, _label in subject_links(reviewer, problems)]
    assert links == list(funding_urls("inspect"))
    client.force_login(reviewer)
    for url in funding_urls("edit"):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert response.status_code == 403 or response["Location"] == "/admin/"
    translator = role_user(TRANSLATORS, "ana")
    translator.groups.clear()  # not even the right to see funding: no link at all
    assert subject_links(translator, problems) == []


def test_the_editor_is_warned_when_submitting(client, senegal_campaign, review_people):
    editor = review_people["editor"]
    client.force_login(editor)
    page = CampaignPage.objects.get(pk=senegal_campaign.pk)
    data = page_form(page, page.get_parent(), editor)
    data.update({"title_wo": "Géej gi baalul", "action-submit": "action-submit"})
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data, follow=True)
    page.refresh_from_db()
    assert page.current_workflow_state is not None  # submitted all the same
    html = response.content.decode()
    assert "Submitted, but the approval will be refused until this is fixed" in html
    assert "European Union requires its statement in Wolof" in html
    assert "Who can fix it: Finance officers." in html
    for url in funding_urls("inspect"):  # editors see funding, read-only
        assert f'href="{url}"' in html

    # Nothing to say when nothing blocks.
    add_eu_statement_in_wolof()
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data, follow=True)
    assert "the approval will be refused" not in response.content.decode()


def test_a_material_submitted_with_a_blocked_version_is_warned_and_marked(
    client, senegal_campaign, review_people
):
    editor = review_people["editor"]
    poster = material(senegal_campaign, languages=("fr",), live=False, title="Affiche")
    client.force_login(editor)
    data = material_form(poster, editor)
    data.update({"versions-0-language": "wo", "action-submit": "action-submit"})
    url = reverse(Material.snippet_viewset.get_url_name("edit"), args=[poster.pk])
    html = client.post(url, data, follow=True).content.decode()
    assert "Submitted, but the approval will be refused until this is fixed" in html
    assert "European Union requires its statement in Wolof" in html

    client.force_login(review_people["iom"])
    html = client.get(QUEUE).content.decode()
    assert "Approval would be refused:" in html and "Affiche" in html


def test_a_refused_approval_says_who_can_fix_it_and_tells_them(
    client, senegal_campaign, review_people
):
    from django.conf import settings
    from django.core import mail

    page = with_wolof(senegal_campaign)
    submit_for_review(page, review_people["editor"])
    state = TaskState.objects.get(
        workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS
    )
    mail.outbox.clear()
    client.force_login(review_people["iom"])
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk])
    response = client.post(url, {"next": QUEUE}, follow=True)
    state.refresh_from_db()
    assert state.status == TaskState.STATUS_IN_PROGRESS
    html = response.content.decode()
    assert "Not approved" in html and "Who can fix it: Finance officers." in html
    for link in funding_urls("edit"):
        assert f'href="{link}"' in html

    # The editor who submitted it and the finance officers, each told once; nobody else.
    assert sorted(m.to[0] for m in mail.outbox) == [
        "awa@example.org",
        "fatou@example.org",
        "moussa@example.org",
    ]
    by_person = {m.to[0]: m for m in mail.outbox}
    finance_mail = by_person["fatou@example.org"]
    assert "Approval refused" in finance_mail.subject
    assert "European Union requires its statement in Wolof" in finance_mail.body
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    for link in funding_urls("edit"):
        assert base + link in finance_mail.body
    editor_mail = by_person["awa@example.org"].body
    assert base + reverse("wagtailadmin_pages:edit", args=[page.pk]) in editor_mail
    assert "Who can fix it: Finance officers." in editor_mail


def test_scheduled_publication_waits_for_a_fix_without_stopping_the_others(
    senegal_campaign, caplog
):
    other = campaign_page(slug="other", title="Other campaign")
    for page in (with_wolof(senegal_campaign), other):
        page = CampaignPage.objects.get(pk=page.pk)
        page.title_wo = "Géej gi baalul"
        revision = page.save_revision()
        revision.approved_go_live_at = timezone.now() - timezone.timedelta(minutes=1)
        revision.save()
    with caplog.at_level(logging.WARNING, logger="campaigns.content.publishing"):
        call_command("publish_scheduled")
    assert "Scheduled publication refused" in caplog.text
    assert CampaignPage.objects.get(pk=other.pk).title_wo == "Géej gi baalul"
    assert not CampaignPage.objects.get(pk=senegal_campaign.pk).title_wo


@pytest.mark.parametrize(
    "code, eu_text, eu_lang, belgian_text, belgian_lang",
    [
        ("fr", "Financé par l’Union européenne", None, "Avec le soutien de la Belgique", None),
        ("wo", EU_WOLOF, None, "Avec le soutien de la Belgique", "fr"),
        ("ar", "بتمويل من الاتحاد الأوروبي", None, "Avec le soutien de la Belgique", "fr"),
    ],
)
def test_the_public_page_shows_each_funder_with_its_emblem_in_the_pages_language(
    client, senegal_campaign, code, eu_text, eu_lang, belgian_text, belgian_lang
):
    add_eu_statement_in_wolof()
    page = CampaignPage.objects.get(pk=senegal_campaign.pk)
    page.title_wo = "Géej gi baalul"
    page.title_ar = "البحر لا يرحم"
    page.save_revision().publish()
    with translation.override(code):
        response = client.get(page.get_url())
    assert response.status_code == 200
    html = response.content.decode()
    section = html[html.index('class="funded-by"') :]
    funders = section.split('<li class="funder">')[1:]
    assert len(funders) == 2
    eu, belgian = sorted(funders, key=lambda item: "Belgi" in item)
    for item, text, lang in ((eu, eu_text, eu_lang), (belgian, belgian_text, belgian_lang)):
        assert "<img" in item and 'class="emblem"' in item  # emblem and statement together
        assert text in item
        assert (f'lang="{lang}"' in item) == bool(lang)


def test_the_funded_by_section_costs_the_same_queries_for_two_or_six_funders(
    client, senegal_campaign, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    page = CampaignPage.objects.get(pk=senegal_campaign.pk)
    with translation.override("fr"):
        url = page.get_url()
    client.get(url)  # renditions created once
    with CaptureQueriesContext(connection) as two:
        client.get(url)
    for number in range(4):
        donor = funder(f"Donor {number}", statements={"fr": f"Avec l’aide du donateur {number}"})
        allocation(agreement(donor, f"D-{number}"), page, amount="10")
    client.get(url)
    with CaptureQueriesContext(connection) as six:
        response = client.get(url)
    assert response.content.decode().count('<li class="funder">') == 6
    assert len(six) == len(two)
    with django_assert_max_num_queries(14):
        client.get(url)
