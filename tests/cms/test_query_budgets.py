"""A campaign page and a country page run a constant number of queries, at most 12."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests.factories import campaign_page, country_page, image, material, module_data

pytestmark = pytest.mark.django_db

BUDGET = 12


def body_blocks(n: int, photo, materials=(), target=None) -> list:
    """Every block type of a campaign body, ``n`` times (as the demo content uses them)."""
    blocks = []
    for i in range(n):
        if materials:
            blocks += [
                ("material", {"material": materials[i % len(materials)]}),
                ("audio", {"material": materials[(i + 1) % len(materials)]}),
            ]
        if target is not None:
            blocks.append(("call_to_action", {"text": "Back", "page": target, "url": ""}))
        blocks.append(("hotline", {"label": "Hotline", "phone": "+221 800", "hours": "9-17"}))
        blocks += [
            ("text", f"<p>Paragraph {i}</p>"),
            ("key_message", {"message": f"Message {i}"}),
            ("testimony", {"quote": f"Quote {i}", "name": "Awa", "context": "",
                           "photo": {"image": photo, "alt_text": "Awa", "decorative": False}}),
            ("faq", [{"question": f"Q{i}", "answer": "<p>A</p>"}]),
            ("video", {"url": "https://www.youtube.com/watch?v=abc", "title": "Video",
                       "duration": "1:00"}),
        ]  # fmt: skip
    return blocks


def build(n_materials: int, n_blocks: int, slug: str):
    photo = image(title=f"photo-{slug}")
    parent = country_page()
    page = campaign_page(parent, slug=slug, image=photo, objective_fr="Objectif",
                         key_messages_wo="Bul dem")  # fmt: skip
    items = [
        material(page, languages=("fr", "wo", "en"), title=f"Material {i}")
        for i in range(n_materials)
    ]
    page.body = body_blocks(n_blocks, photo, items, parent)
    page.body_fr = body_blocks(n_blocks, photo, items, parent)
    page.save_revision().publish()
    return page


def queries_for(client, url) -> int:
    client.get(url)  # warm caches (site root paths, renditions) as a running site has them
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def url_in(page, code):
    with translation.override(code):
        return page.get_url()


@pytest.fixture(scope="module")
def campaign_pages(django_db_setup, django_db_blocker):
    """A small and a large campaign page, built once for both languages."""
    with module_data(django_db_blocker):
        yield build(3, 2, "small"), build(30, 20, "large")


@pytest.mark.parametrize("code", ["en", "wo"])
def test_campaign_page_queries_are_constant_and_within_budget(client, campaign_pages, code):
    small, large = campaign_pages
    small_count = queries_for(client, url_in(small, code))
    large_count = queries_for(client, url_in(large, code))
    assert small_count == large_count, (small_count, large_count)
    assert large_count <= BUDGET


def test_country_page_queries_are_constant_and_within_budget(client):
    page = country_page()
    for i in range(3):
        campaign_page(page, slug=f"c{i}", title=f"Campaign {i}")
    few = queries_for(client, url_in(page, "fr"))
    for i in range(3, 30):
        campaign_page(page, slug=f"c{i}", title=f"Campaign {i}")
    many = queries_for(client, url_in(page, "fr"))
    assert few == many, (few, many)
    assert many <= BUDGET
