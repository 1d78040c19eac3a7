"""Reviewers' comments on fields (campaigns.content.views.review_comments): the screen, Wagtail
comments on pages that the editor finds in the editor, material comments sent with the decision, and
who may do any of it."""

import json
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Comment, PageLogEntry, PageSubscription, TaskState
from wagtail.rich_text import RichText

from campaigns.access.roles import ADMINISTRATORS, EDITORS, REVIEWERS, TRANSLATORS
from campaigns.access.roles import setup_roles as build_roles
from tests.factories import (
    CountryFactory,
    act_on_review,
    campaign_page,
    country_page,
    fresh,
    home_page,
    image,
    material,
    module_data,
    role_user,
    submit_for_review,
)

pytestmark = pytest.mark.django_db

QUEUE_URL = "/admin/reports/review-queue/"


def comments_url(state) -> str:
    return f"/admin/reports/review-comments/{state.pk}/"


def task_state(obj) -> TaskState:
    return TaskState.objects.for_instance(obj).get(status=TaskState.STATUS_IN_PROGRESS)


@pytest.fixture(scope="module")
def people_data(django_db_setup, django_db_blocker):
    """The roles and their people, built once for the module."""
    with module_data(django_db_blocker):
        home_page()
        build_roles()
        yield {
            "editor": role_user(EDITORS, "editor", first_name="Awa", last_name="Diop"),
            "translator": role_user(TRANSLATORS, "translator"),
            "iom": role_user(ADMINISTRATORS, "iom"),
            "funder": role_user(REVIEWERS, "funder", first_name="Fatou", last_name="Funder"),
        }


@pytest.fixture
def people(people_data, home):
    return fresh(people_data)


@pytest.fixture
def content(people):
    """A Senegal campaign with a Wolof body, and a draft poster: both submitted by the editor."""
    page = campaign_page(country_page(), title_fr="Le désert tue", title_wo="Màndiŋ mi du yoon")
    page.objective_wo = "Wax ak ndaw ñi dëgg gi."
    page.body_wo = [
        ("key_message", {"message": "Yoon wi dafa metti."}),
        ("text", RichText("<p>Bokk yi <b>dañuy</b> dee.</p><ul><li>Ndox</li></ul>")),
        ("testimony", {"quote": "Dama dellu.", "name": "Moussa", "photo": None}),
    ]
    poster = material(page, languages=("fr", "wo"), live=False, title="Desert poster")
    poster.title_wo = "Afis bu màndiŋ"
    submit_for_review(page, people["editor"])
    submit_for_review(poster, people["editor"])
    return page, poster


@pytest.fixture
def at_funder(people, content):
    """Both items approved by IOM, now waiting on the funder."""
    page, poster = content
    act_on_review(page, people["iom"], "approve")
    act_on_review(poster, people["iom"], "approve")
    return page, poster


def body_block_ids(state, column="body_wo") -> list[str]:
    return [block["id"] for block in getattr(state.revision.as_object(), column).raw_data]


def editor_comments(client, user, page) -> dict:
    """The comments JSON Wagtail's page editor loads into its comments side panel."""
    client.force_login(user)
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    found = re.search(
        r'<script id="comments-data" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.DOTALL,
    )
    assert found, "the editor has no comments data"
    return json.loads(found.group(1))


# --- The screen ---------------------------------------------------------------------------------


def test_the_queue_links_each_row_to_its_comment_screen(client, people, at_funder):
    page, poster = at_funder
    client.force_login(people["funder"])
    html = client.get(QUEUE_URL).content.decode()
    assert "Comment on fields" in html
    for item in (page, poster):
        assert f'href="{comments_url(task_state(item))}"' in html


def test_the_screen_shows_the_revision_under_review_per_language(client, people, at_funder):
    page, _poster = at_funder
    state = task_state(page)
    client.force_login(people["funder"])
    response = client.get(comments_url(state))
    assert response.status_code == 200
    html = response.content.decode()
    # Each offered language, with its fields and a comment box per field.
    for code in ("fr", "wo", "ff", "en"):
        assert f'id="language-{code}"' in html
        assert f'name="comment:title_{code.replace("-", "_")}"' in html
        assert f'name="comment:objective_{code}"' in html
    assert 'name="comment:title_ha"' not in html  # Hausa is not offered in Senegal
    assert "Màndiŋ mi du yoon" in html and "Le désert tue" in html
    assert "Wax ak ndaw ñi dëgg gi." in html
    # The StreamField, block by block, as readable text.
    key_message, text, testimony = body_block_ids(state)
    for block_id in (key_message, text, testimony):
        assert f'name="comment:body_wo.{block_id}"' in html
    assert "Yoon wi dafa metti." in html
    assert "Bokk yi dañuy dee." in html and "• Ndox" in html
    assert "Dama dellu." in html and "Moussa" in html
    # The fields every language shares.
    assert 'name="comment:start_date"' in html and 'name="comment:channels"' in html
    # Read-only: no editing form field of the page itself.
    assert 'name="title_wo"' not in html


def test_the_screen_reads_the_revision_not_the_live_page(client, people, at_funder):
    page, _poster = at_funder
    page.refresh_from_db()
    assert page.objective_wo in ("", None)  # the live page has no Wolof objective yet
    client.force_login(people["funder"])
    html = client.get(comments_url(task_state(page))).content.decode()
    assert "Wax ak ndaw ñi dëgg gi." in html


def test_images_in_blocks_show_by_title(client, people, home):
    build_roles()
    funder = role_user(REVIEWERS, "funder")
    page = campaign_page(country_page())
    photo = image(title="Returnee in Kolda")
    page.body_en = [("testimony", {"quote": "I came back.", "photo": {"image": photo}})]
    editor = role_user(EDITORS, "editor")
    submit_for_review(page, editor)
    act_on_review(page, role_user(ADMINISTRATORS, "iom"), "approve")
    client.force_login(funder)
    html = client.get(comments_url(task_state(page))).content.decode()
    assert "Returnee in Kolda" in html


# --- Pages: Wagtail's own comments --------------------------------------------------------------


def test_a_comment_becomes_a_wagtail_comment_the_editor_sees(client, people, at_funder):
    page, _poster = at_funder
    state = task_state(page)
    block_id = body_block_ids(state)[0]
    client.force_login(people["funder"])
    response = client.post(
        comments_url(state),
        {
            "comment:title_wo": "  The Wolof title is too long.  ",
            f"comment:body_wo.{block_id}": "Say 'dangerous', not 'hard'.",
            "comment:objective_fr": "",
            "comment:not_a_field": "ignored",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == comments_url(state)

    comments = {c.contentpath: c for c in Comment.objects.filter(page=page)}
    assert set(comments) == {"title_wo", f"body_wo.{block_id}"}
    title_comment = comments["title_wo"]
    assert title_comment.text == "The Wolof title is too long."
    assert title_comment.user == people["funder"]
    assert title_comment.position == ""
    assert title_comment.revision_created_id == state.revision_id
    assert title_comment.resolved_at is None
    # Logged as Wagtail logs a comment made in the editor.
    assert (
        PageLogEntry.objects.filter(
            page=page, action="wagtail.comments.create", user=people["funder"]
        ).count()
        == 2
    )
    # The workflow goes on: still waiting on the funder.
    assert task_state(page).pk == state.pk

    # The comment screen shows them beside their fields.
    html = client.get(comments_url(state)).content.decode()
    assert "The Wolof title is too long." in html and "Fatou Funder" in html

    # The editor finds them in the page editor's comments, on the same fields.
    data = editor_comments(client, people["editor"], page)
    by_path = {comment["contentpath"]: comment for comment in data["comments"]}
    assert by_path["title_wo"]["text"] == "The Wolof title is too long."
    assert by_path[f"body_wo.{block_id}"]["text"] == "Say 'dangerous', not 'hard'."
    assert by_path["title_wo"]["resolved"] is False
    assert str(people["funder"].pk) in {str(pk) for pk in data["authors"]}


def test_the_editor_sees_them_after_changes_are_requested(client, people, at_funder):
    page, _poster = at_funder
    state = task_state(page)
    client.force_login(people["funder"])
    client.post(comments_url(state), {"comment:objective_wo": "Use simpler words."})
    act_on_review(page, people["funder"], "reject", comment="See my comments on the fields.")
    data = editor_comments(client, people["editor"], page)
    assert [c["text"] for c in data["comments"]] == ["Use simpler words."]


def test_a_resolved_comment_leaves_the_screen(client, people, at_funder):
    page, _poster = at_funder
    state = task_state(page)
    client.force_login(people["funder"])
    client.post(comments_url(state), {"comment:title_fr": "Trop dur."})
    comment = Comment.objects.get(page=page)
    html = client.get(comments_url(state)).content.decode()
    assert "Trop dur." in html
    comment.resolved_at = comment.created_at
    comment.resolved_by = people["editor"]
    comment.save()
    assert "Trop dur." not in client.get(comments_url(state)).content.decode()


def test_subscribers_get_wagtails_comment_email(client, people, at_funder):
    page, _poster = at_funder
    PageSubscription.objects.create(page=page, user=people["editor"], comment_notifications=True)
    PageSubscription.objects.create(page=page, user=people["iom"], comment_notifications=False)
    PageSubscription.objects.create(page=page, user=people["funder"], comment_notifications=True)
    mail.outbox.clear()
    client.force_login(people["funder"])
    client.post(comments_url(task_state(page)), {"comment:title_wo": "Too long."})
    assert len(mail.outbox) == 1  # the editor; not the author, not the unsubscribed
    message = mail.outbox[0]
    assert message.to == [people["editor"].email]
    assert "Too long." in message.body
    assert f"/admin/pages/{page.pk}/edit/" in message.body


def test_posting_nothing_writes_nothing(client, people, at_funder):
    page, _poster = at_funder
    client.force_login(people["funder"])
    response = client.post(comments_url(task_state(page)), {"comment:title_wo": "   "})
    assert response.status_code == 200
    assert "Write a comment beside at least one field." in response.content.decode()
    assert not Comment.objects.exists()


# --- Materials: the comments go with the decision -----------------------------------------------


def test_material_screen(client, people, at_funder):
    _page, poster = at_funder
    client.force_login(people["funder"])
    html = client.get(comments_url(task_state(poster))).content.decode()
    assert "Afis bu màndiŋ" in html
    assert 'name="comment:title_wo"' in html and 'name="comment:versions.wo"' in html
    assert "poster-wo" in html  # the Wolof version's file
    assert "Request changes with these comments" in html
    assert "Approve with these comments" in html


def test_material_comments_request_changes(client, people, at_funder):
    _page, poster = at_funder
    state = task_state(poster)
    client.force_login(people["funder"])
    response = client.post(
        comments_url(state),
        {
            "comment:title_wo": "Spelling: màndiŋ.",
            "comment:versions.wo": "The file is blurred.",
            "comment:general": "Nice work overall.",
            "action": "reject",
        },
    )
    assert response.status_code == 302 and response["Location"] == QUEUE_URL
    state.refresh_from_db()
    assert state.status == TaskState.STATUS_REJECTED
    assert state.finished_by == people["funder"]
    assert state.comment.splitlines() == [
        "Comments on fields:",
        "- Title (Wolof, wo): Spelling: màndiŋ.",
        "- Language version (Wolof, wo): The file is blurred.",
        "- The material as a whole: Nice work overall.",
    ]
    assert not Comment.objects.exists()
    # The next time round, the reviewer sees what was written.
    submit_for_review(poster, people["editor"])  # resumes at the funder's task
    html = client.get(comments_url(task_state(poster))).content.decode()
    assert "Earlier review comments" in html and "The file is blurred." in html


def test_material_comments_with_approval(client, people, at_funder):
    _page, poster = at_funder
    state = task_state(poster)
    client.force_login(people["funder"])
    client.post(comments_url(state), {"comment:title_fr": "OK.", "action": "approve"})
    state.refresh_from_db()
    assert state.status == TaskState.STATUS_APPROVED
    assert state.comment == "Comments on fields:\n- Title (French, fr): OK."
    poster.refresh_from_db()
    assert poster.live  # the funder's approval publishes


def test_material_comments_need_a_decision(client, people, at_funder):
    _page, poster = at_funder
    state = task_state(poster)
    client.force_login(people["funder"])
    response = client.post(comments_url(state), {"comment:title_fr": "Hmm."})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose to request changes or to approve." in html
    assert "Hmm." in html  # what was written comes back
    state.refresh_from_db()
    assert state.status == TaskState.STATUS_IN_PROGRESS and state.comment == ""


# --- Who may comment ----------------------------------------------------------------------------


def assert_nothing_written(page, poster):
    assert not Comment.objects.exists()
    for item in (page, poster):
        assert task_state(item).comment == ""


@pytest.mark.parametrize("name", ["editor", "translator", "iom"])
def test_refused_to_those_who_cannot_act_on_the_task(client, people, at_funder, name):
    """The editor and translator review nothing; IOM's task is done: the funder's turn."""
    page, poster = at_funder
    client.force_login(people[name])
    for item in (page, poster):
        url = comments_url(task_state(item))
        assert client.get(url).status_code == 403
        response = client.post(url, {"comment:title_fr": "Sneaky.", "action": "reject"})
        assert response.status_code == 403
    assert_nothing_written(page, poster)


def test_refused_to_the_funder_before_their_turn(client, people, content):
    page, poster = content  # waiting on IOM
    client.force_login(people["funder"])
    for item in (page, poster):
        url = comments_url(task_state(item))
        assert client.get(url).status_code == 403
        assert (
            client.post(url, {"comment:title_fr": "Early.", "action": "reject"}).status_code == 403
        )
    assert_nothing_written(page, poster)
    # IOM, whose turn it is, may.
    client.force_login(people["iom"])
    assert client.get(comments_url(task_state(page))).status_code == 200


def test_anonymous_is_sent_to_login(client, people, at_funder):
    page, poster = at_funder
    url = comments_url(task_state(page))
    for response in (client.get(url), client.post(url, {"comment:title_fr": "Anon."})):
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    assert_nothing_written(page, poster)


def test_a_task_no_longer_in_progress_sends_back_to_the_queue(client, people, at_funder):
    page, _poster = at_funder
    state = task_state(page)
    act_on_review(page, people["funder"], "reject", comment="No.")
    client.force_login(people["funder"])
    for response in (
        client.get(comments_url(state)),
        client.post(comments_url(state), {"comment:title_fr": "Late."}),
    ):
        assert response.status_code == 302 and response["Location"] == QUEUE_URL
    assert not Comment.objects.exists()


def test_unknown_task_state(client, people):
    client.force_login(people["funder"])
    assert client.get("/admin/reports/review-comments/999999/").status_code == 404


# --- Queries ------------------------------------------------------------------------------------


def test_queries_do_not_grow_with_the_languages(client, people, django_assert_max_num_queries):
    """A page offered in 2 languages, then one offered in 6, each with a body of 4 blocks (one
    with a photo) in every language: the second costs no more queries than the first."""
    photo = image(title="Kolda")

    def submitted_page(country, slug):
        page = campaign_page(country_page(country), title=f"Campaign {slug}", slug=slug)
        for code in country.offered_language_codes():
            column = code.replace("-", "_")
            setattr(page, f"title_{column}", f"Title {code}")
            setattr(
                page,
                f"body_{column}",
                [
                    ("key_message", {"message": f"Message {code}"}),
                    ("text", RichText(f"<p>Text {code}</p>")),
                    ("testimony", {"quote": f"Quote {code}", "photo": {"image": photo}}),
                    ("faq", [{"question": f"Q {code}", "answer": RichText("<p>A</p>")}]),
                ],
            )
        submit_for_review(page, people["editor"])
        act_on_review(page, people["iom"], "approve")
        return task_state(page)

    small = submitted_page(CountryFactory(code="GM", languages="en"), "small")
    large = submitted_page(CountryFactory(code="NG", languages="ha, yo, ig, pcm"), "large")
    assert set(large.revision.as_object().offered_language_codes()) == {
        "ha", "yo", "ig", "pcm", "en", "fr"
    }  # fmt: skip

    client.force_login(people["funder"])
    client.get(comments_url(small))  # warm the per-process caches (content types, site root)
    with CaptureQueriesContext(connection) as two_languages:
        response = client.get(comments_url(small))
        assert response.status_code == 200
    with django_assert_max_num_queries(len(two_languages.captured_queries)):
        html = client.get(comments_url(large)).content.decode()
    assert "Message pcm" in html and "Kolda" in html
    assert len(two_languages.captured_queries) <= 30


def test_material_queries_do_not_grow_with_the_languages(
    client, people, django_assert_max_num_queries
):
    """A material with 2 language versions, then one with 6: no more queries for 6."""
    parent = country_page(CountryFactory(code="NG", languages="ha, yo, ig, pcm"))
    page = campaign_page(parent)

    def submitted_material(languages, title):
        poster = material(page, languages=languages, live=False, title=title)
        submit_for_review(poster, people["editor"])
        act_on_review(poster, people["iom"], "approve")
        return task_state(poster)

    small = submitted_material(("en", "fr"), "Small poster")
    large = submitted_material(("en", "fr", "ha", "yo", "ig", "pcm"), "Large poster")

    client.force_login(people["funder"])
    client.get(comments_url(small))  # warm the per-process caches
    with CaptureQueriesContext(connection) as two_versions:
        assert client.get(comments_url(small)).status_code == 200
    with django_assert_max_num_queries(len(two_versions.captured_queries)):
        html = client.get(comments_url(large)).content.decode()
    assert "poster-pcm" in html
    assert len(two_versions.captured_queries) <= 30
