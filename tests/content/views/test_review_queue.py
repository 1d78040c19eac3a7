"""Reports > Reviewer's queue: what each reviewer can act on, its links, the dashboard panel."""

import json
import re

import pytest
from django.contrib.admin.utils import quote
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import TaskState

from campaigns.access.roles import ADMINISTRATORS, EDITORS, FUNDER_TASK, INTERNAL_TASK, REVIEWERS
from campaigns.access.roles import setup_roles as build_roles
from tests.factories import (
    CountryFactory,
    SuperUserFactory,
    act_on_review,
    campaign_page,
    country_page,
    fresh,
    home_page,
    material,
    module_data,
    role_user,
    submit_for_review,
)

pytestmark = pytest.mark.django_db

URL = "/admin/reports/review-queue/"


@pytest.fixture(scope="module")
def people_data(django_db_setup, django_db_blocker):
    """The roles and their people, built once for the module."""
    with module_data(django_db_blocker):
        home_page()
        build_roles()
        yield {
            "editor": role_user(EDITORS, "editor", first_name="Awa", last_name="Diop"),
            "iom": role_user(ADMINISTRATORS, "iom"),
            "funder": role_user(REVIEWERS, "funder"),
        }


@pytest.fixture
def people(people_data, home):
    return fresh(people_data)


@pytest.fixture
def content(people):
    """A published Senegal campaign and a draft poster, both submitted by the editor."""
    page = campaign_page(country_page(), title_fr="Le désert tue", title_wo="Màndiŋ mi du yoon")
    poster = material(page, languages=("fr", "wo"), live=False, title="Desert poster")
    page.objective = "Tell them the truth about the desert."  # the change under review
    submit_for_review(page, people["editor"])
    submit_for_review(poster, people["editor"])
    return page, poster


def queue(client, user, url=URL):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def rows(html: str) -> list[str]:
    """The titles of the queue's rows, in order."""
    return re.findall(r'<(?:a|span) class="rq-title"[^>]*>([^<]+)</', html)


def task_state(obj) -> TaskState:
    return TaskState.objects.for_instance(obj).get(status=TaskState.STATUS_IN_PROGRESS)


# --- Access and menus ---------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client, home):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_in_the_reports_menu_of_reviewers_only(client, people):
    client.force_login(people["funder"])
    assert URL in client.get("/admin/").content.decode()
    client.force_login(people["editor"])
    assert URL not in client.get("/admin/").content.decode()


def test_empty_for_users_without_review_tasks(client, people, content):
    html = queue(client, people["editor"])
    assert rows(html) == []
    assert "Nothing is waiting for your review." in html


# --- Who sees what ------------------------------------------------------------------------------


def test_internal_review_comes_first(client, people, content):
    assert rows(queue(client, people["iom"])) == ["The desert is not a road", "Desert poster"]
    # The funder sees nothing until IOM has approved.
    html = queue(client, people["funder"])
    assert rows(html) == []
    assert "Nothing is waiting for your review." in html


def test_the_funder_sees_what_iom_approved(client, people, content):
    page, poster = content
    act_on_review(page, people["iom"], "approve")
    assert rows(queue(client, people["funder"])) == ["The desert is not a road"]
    assert rows(queue(client, people["iom"])) == ["Desert poster"]

    act_on_review(poster, people["iom"], "approve")
    act_on_review(page, people["funder"], "reject", comment="Softer, please.")
    assert rows(queue(client, people["funder"])) == ["Desert poster"]
    assert rows(queue(client, people["iom"])) == []


def test_a_superuser_can_act_on_every_task(client, people, content):
    page, _poster = content
    act_on_review(page, people["iom"], "approve")
    html = queue(client, SuperUserFactory(username="root"))
    # The longest waiting first: the poster has waited on its task since it was submitted.
    assert rows(html) == ["Desert poster", "The desert is not a road"]
    assert FUNDER_TASK in html and INTERNAL_TASK in html


# --- What a row says ----------------------------------------------------------------------------


def test_a_row_describes_the_item_and_links_to_review_it(client, people, content):
    page, poster = content
    page_state, poster_state = task_state(page), task_state(poster)
    html = queue(client, people["iom"])

    assert "Senegal" in html
    assert "Campaign page" in html and "Material · Poster" in html
    assert INTERNAL_TASK in html
    assert "Awa Diop" in html  # submitted by

    # Languages with text of its own (a field or a version), each a preview in that language.
    page_preview = f"{URL}{page_state.pk}/preview/"
    for code in ("fr", "wo", "en"):
        assert f'href="{page_preview}?mode={code}"' in html
    assert f'href="{page_preview}?mode=ff"' not in html  # nothing in Pulaar
    poster_preview = f"{URL}{poster_state.pk}/preview/"
    assert f'href="{poster_preview}?mode=fr"' in html
    assert f'href="{poster_preview}?mode=wo"' in html
    assert f'href="{poster_preview}?mode=en"' in html  # its title is English
    assert f'href="{poster_preview}?mode=ff"' not in html

    # Changes since the published version; the draft poster was never approved.
    assert f'href="{URL}{page_state.pk}/compare/"' in html
    assert "Changes since the published version" in html
    assert f'href="{URL}{poster_state.pk}/compare/"' not in html
    assert "New: nothing approved yet" in html

    # Wagtail's own workflow actions.
    page_action = f"/admin/pages/workflow/action/{page.pk}/"
    assert f'data-workflow-action-url="{page_action}approve/{page_state.pk}/"' in html
    assert f'data-workflow-action-url="{page_action}reject/{page_state.pk}/"' in html
    poster_action = reverse(
        "wagtailsnippets_campaigns_material:workflow_action",
        args=[quote(poster.pk), "reject", poster_state.pk],
    )
    assert f'data-workflow-action-url="{poster_action}"' in html
    assert "Request changes" in html and "Approve with comment" in html
    assert "wagtailadmin/js/workflow-action.js" in html


def test_languages_are_read_from_the_revision_under_review(client, people, content):
    page, _poster = content
    act_on_review(page, people["iom"], "reject", comment="Add the Pulaar title.")
    page.title_ff = "Sahara"
    submit_for_review(page, people["editor"])
    html = queue(client, people["iom"])
    assert f'href="{URL}{task_state(page).pk}/preview/?mode=ff"' in html


# --- Preview in each language -------------------------------------------------------------------


def test_preview_in_each_language(client, people, content):
    page, _poster = content
    client.force_login(people["iom"])
    url = f"{URL}{task_state(page).pk}/preview/"
    assert "Màndiŋ mi du yoon" in client.get(url, {"mode": "wo"}).content.decode()
    assert "Le désert tue" in client.get(url, {"mode": "fr"}).content.decode()
    # The revision under review, not the live page.
    assert "Tell them the truth about the desert." in client.get(url).content.decode()
    # An unknown mode falls back to the default one (the country's first language).
    assert "Le désert tue" in client.get(url, {"mode": "xx"}).content.decode()


def test_material_preview_in_each_language(client, people, content):
    _page, poster = content
    client.force_login(people["iom"])
    response = client.get(f"{URL}{task_state(poster).pk}/preview/", {"mode": "wo"})
    assert response.status_code == 200
    assert '<html lang="wo"' in response.content.decode()


def test_wagtails_workflow_preview_ignores_the_mode(client, people, content):
    """Why the queue has its own preview: Wagtail's renders the default mode whatever ?mode= is."""
    page, _poster = content
    client.force_login(people["iom"])
    state = task_state(page)
    url = reverse("wagtailadmin_pages:workflow_preview", args=[page.pk, state.task_id])
    html = client.get(url, {"mode": "wo"}).content.decode()
    assert "Le désert tue" in html and "Màndiŋ mi du yoon" not in html


def test_preview_needs_the_right_to_act_on_the_task(client, people, content):
    page, _poster = content
    url = f"{URL}{task_state(page).pk}/preview/"
    for name in ("editor", "funder"):  # the funder's turn has not come
        client.force_login(people[name])
        assert client.get(url, {"mode": "wo"}).status_code == 403


def test_a_task_no_longer_in_progress_sends_back_to_the_queue(client, people, content):
    page, _poster = content
    state = task_state(page)
    act_on_review(page, people["iom"], "approve")
    client.force_login(people["iom"])
    response = client.get(f"{URL}{state.pk}/preview/")
    assert response.status_code == 302
    assert response["Location"] == URL


# --- Changes since the last approved version ----------------------------------------------------


def test_the_funder_sees_the_changes(client, people, content):
    page, _poster = content
    act_on_review(page, people["iom"], "approve")
    state = task_state(page)
    client.force_login(people["funder"])
    response = client.get(f"{URL}{state.pk}/compare/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Changes since the published version" in html
    assert "Objective [en]" in html  # the one field changed, word by word
    assert '<span class="addition">them the truth about</span>' in html
    # Wagtail's own compare view needs edit rights, which funder reviewers lack.
    wagtail_url = reverse(
        "wagtailadmin_pages:revisions_compare",
        args=[page.pk, page.live_revision_id, state.revision_id],
    )
    assert client.get(wagtail_url).status_code != 200


def test_the_changes_list_only_real_changes(client, people):
    """Issue 12 item 8: between the published version and the one under review, an empty
    language stored as None in one and "" in the other, Windows line endings, and StreamField
    block ids (and Draftail's paragraph keys) are not changes; three edited fields are three
    rows."""
    from modeltranslation.translator import translator

    from campaigns.models import CampaignPage

    def body(*blocks):
        return json.dumps(
            [
                {"type": "text", "value": f'<p data-block-key="{key}">{text}</p>', "id": block_id}
                for block_id, key, text in blocks
            ]
        )

    page = campaign_page(
        country_page(),
        title_fr="Le désert tue",
        objective_en="Tell them the truth.\nAbout the desert.",
        body_en=body(("11111111-1111-4111-8111-111111111111", "aaaaa", "Ask before you go.")),
    )
    draft = CampaignPage.objects.get(pk=page.pk)
    empties = 0
    for name in translator.get_options_for_model(CampaignPage).all_fields:
        for column in translator.get_options_for_model(CampaignPage).all_fields[name]:
            value = getattr(draft, column.name)
            if value in (None, ""):  # flip every empty language: None <-> ""
                setattr(draft, column.name, "" if value is None else None)
                empties += 1
    assert empties > 20
    draft.objective_en = "Tell them the truth.\r\nAbout the desert."
    draft.body_en = body(("22222222-2222-4222-8222-222222222222", "bbbbb", "Ask before you go."))
    # The three real changes.
    draft.title_fr = "Le désert tue encore"
    draft.objective_fr = "Dites-leur la vérité."
    draft.key_messages_en = "The desert is not a road."
    submit_for_review(draft, people["editor"])

    client.force_login(people["iom"])
    html = client.get(f"{URL}{task_state(page).pk}/compare/").content.decode()
    labels = re.findall(r'<div class="title-wrapper">\s*([^<]+?):\s*</div>', html)
    assert sorted(labels) == ["Key messages [en]", "Objective [fr]", "Title [fr]"], labels

    # A real change in the body is still listed.
    draft.body_en = body(("33333333-3333-4333-8333-333333333333", "ccccc", "Ask first."))
    draft.save_revision(user=people["editor"])
    state = task_state(page)
    TaskState.objects.filter(pk=state.pk).update(revision=draft.get_latest_revision())
    html = client.get(f"{URL}{state.pk}/compare/").content.decode()
    assert "Body [en]" in re.findall(r'<div class="title-wrapper">\s*([^<]+?):\s*</div>', html)


def test_compare_after_a_previous_approval(client, people, content):
    """Never published, but approved once before: compared with that approved revision."""
    _page, poster = content
    act_on_review(poster, people["iom"], "approve")
    act_on_review(poster, people["funder"], "approve")  # publishes it
    poster.refresh_from_db()
    poster.unpublish()
    poster.title = "Desert poster, second edition"
    submit_for_review(poster, people["editor"])
    state = task_state(poster)
    client.force_login(people["iom"])
    assert "Changes since the last approved version" in queue(client, people["iom"])
    html = client.get(f"{URL}{state.pk}/compare/").content.decode()
    assert "second edition" in html


def test_compare_refused_to_others(client, people, content):
    page, _poster = content
    client.force_login(people["editor"])
    assert client.get(f"{URL}{task_state(page).pk}/compare/").status_code == 403


# --- Acting from the queue ----------------------------------------------------------------------


def test_the_action_links_work_for_a_funder_reviewer(client, people, content):
    page, poster = content
    act_on_review(page, people["iom"], "approve")
    act_on_review(poster, people["iom"], "approve")
    client.force_login(people["funder"])

    state = task_state(poster)
    url = reverse(
        "wagtailsnippets_campaigns_material:workflow_action",
        args=[quote(poster.pk), "reject", state.pk],
    )
    # Requesting changes needs a reason.
    response = client.post(url, {"next": URL})
    assert task_state(poster).pk == state.pk
    response = client.post(url, {"comment": "The Wolof is too small.", "next": URL}, follow=True)
    # Issue 12 item 7: a confirmation of what they did, on the queue.
    assert response.redirect_chain[-1] == (URL, 302)
    assert "Changes requested on “Desert poster”: Awa Diop is told by email" in (
        response.content.decode()
    )
    state.refresh_from_db()
    assert state.status == TaskState.STATUS_REJECTED

    state = task_state(page)
    url = f"/admin/pages/workflow/action/{page.pk}/approve/{state.pk}/"
    response = client.post(url, {"next": URL}, follow=True)
    # The final approval lands on the queue (not on the edit view, which reviewers may not
    # open: "Sorry, you do not have permission").
    assert response.redirect_chain[-1] == (URL, 302)
    html = response.content.decode()
    assert "“The desert is not a road” approved and published." in html
    assert "permission" not in html
    page.refresh_from_db()
    assert page.live and page.objective == "Tell them the truth about the desert."
    assert rows(html) == []


def test_approving_without_next_lands_on_the_queue_with_a_confirmation(client, people, content):
    """Issue 12 item 7: the reviewer who acts from Wagtail's own screens (no ``next``) lands on
    the queue, told what the approval did (the next task here), never on the edit view."""
    page, _poster = content
    state = task_state(page)
    client.force_login(people["iom"])
    url = f"/admin/pages/workflow/action/{page.pk}/approve/{state.pk}/"
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1] == (URL, 302)
    assert "“The desert is not a road” approved: it now waits on “Funder approval”." in (
        response.content.decode()
    )


def test_the_confirmation_is_only_for_who_acted(client, people, content):
    """The confirmation screen tells nothing to anyone else, and grants nothing."""
    page, _poster = content
    state = act_on_review(page, people["iom"], "approve")
    done = f"{URL}{state.pk}/done/"
    for name in ("editor", "funder"):
        client.force_login(people[name])
        assert client.get(done).status_code == 403
    in_progress = task_state(page)  # the funder's task: nobody has acted on it yet
    client.force_login(people["funder"])
    assert client.get(f"{URL}{in_progress.pk}/done/").status_code == 403
    client.force_login(people["iom"])
    response = client.get(done)
    assert response.status_code == 302 and response["Location"] == URL


# --- Dashboard ----------------------------------------------------------------------------------


def test_dashboard_panel(client, people, content):
    client.force_login(people["iom"])
    html = client.get("/admin/").content.decode()
    assert "Your review queue" in html
    assert "2 pages or materials are waiting for your review." in html
    assert f'href="{URL}"' in html
    for name in ("funder", "editor"):  # nothing for the funder yet; the editor reviews nothing
        client.force_login(people[name])
        assert "Your review queue" not in client.get("/admin/").content.decode()


# --- Queries ------------------------------------------------------------------------------------


@pytest.mark.parametrize("reviewer", ["iom", "funder"])
def test_queries_do_not_grow_with_the_queue(
    client, people, reviewer, django_assert_max_num_queries
):
    """2 items, then 10 (a page and a material per campaign, in two countries): no more queries
    for 10 than for 2 (about 25 at the time of writing, most of them the admin's furniture).
    The funder, who may not edit, is the case where Wagtail's page permission check would look
    up each page's workflow task."""
    parents = [
        country_page(CountryFactory(code="SN")),
        country_page(CountryFactory(code="AF", languages="fa-af, ps")),
    ]

    def submit_campaigns(numbers):
        for number in numbers:
            page = campaign_page(
                parents[number % 2], title=f"Campaign {number}", slug=f"campaign-{number}"
            )
            poster = material(page, languages=("fr",), live=False)
            for item in (page, poster):
                submit_for_review(item, people["editor"])
                if reviewer == "funder":
                    act_on_review(item, people["iom"], "approve")

    client.force_login(people[reviewer])
    submit_campaigns(range(1))
    client.get(URL)  # warm the per-process caches (content types, site root)
    with CaptureQueriesContext(connection) as two_items:
        assert len(rows(client.get(URL).content.decode())) == 2
    submit_campaigns(range(1, 5))
    with django_assert_max_num_queries(len(two_items.captured_queries)):
        assert len(rows(client.get(URL).content.decode())) == 10
    assert len(two_items.captured_queries) <= 30
