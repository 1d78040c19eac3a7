"""The public site's page cache (campaigns/site/page_cache.py): what is stored and served, to
whom never, its headers, the CSP nonce and the site's own counting on a hit.

The cache is off in the test settings; these tests turn it on (PAGE_CACHE_SECONDS). Changes are
made inside the test's transaction, so the purge (queued with on_commit) is run by
``django_capture_on_commit_callbacks(execute=True)``, as the commit would.
"""

import re

import pytest
from django.core.cache import cache
from django.utils import translation
from wagtail.models import PageViewRestriction

from campaigns.models import PageViewCount
from campaigns.reporting import counting
from campaigns.site import page_cache
from tests.factories import CountryFactory, campaign_page, country_page, home_page, role_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cache_on")]  # tests/conftest.py

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0"


@pytest.fixture
def campaign(db):
    home_page()
    senegal = CountryFactory(code="SN", languages="fr, wo")
    country = country_page(senegal, title_fr="Sénégal", title_wo="Senegaal")
    return campaign_page(
        country,
        title="The desert is not a road",
        title_fr="Le désert n'est pas une route",
        title_wo="Màndiŋ mi du yoon",
    )


def url(page, code):
    with translation.override(code):
        return page.get_url()


def get(client, path, **headers):
    headers.setdefault("HTTP_USER_AGENT", BROWSER)
    return client.get(path, **headers)


# --- Hits --------------------------------------------------------------------------------------


def test_second_anonymous_visit_is_a_hit_without_queries(
    client, campaign, django_assert_num_queries
):
    path = url(campaign, "fr")
    first = get(client, path)
    assert first.status_code == 200 and first["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = get(client, path)
    assert second.status_code == 200 and second["X-Cache"] == "hit"
    assert second.content == first.content
    assert "Le désert n&#x27;est pas une route" in second.content.decode()
    assert second["Content-Language"] == "fr"
    assert second["Content-Type"] == first["Content-Type"]
    assert int(second["Content-Length"]) == len(second.content)
    assert int(second["Age"]) >= 0


def test_cached_pages_tell_a_cdn_how_long_and_browsers_to_ask_again(client, campaign, settings):
    settings.PAGE_CACHE_SECONDS = 90
    path = url(campaign, "fr")
    for expected in ("miss", "hit"):
        response = get(client, path)
        assert response["X-Cache"] == expected
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert directives == {"public", "max-age=0", "s-maxage=90"}
        assert "Cookie" in response["Vary"]
        assert "Accept-Language" not in response.get("Vary", "")  # the path names the language
        assert "Set-Cookie" not in response
        assert response["Content-Security-Policy"].startswith("default-src 'none'")


def test_languages_are_cached_apart(client, campaign):
    french, wolof = url(campaign, "fr"), url(campaign, "wo")
    assert french != wolof
    get(client, french), get(client, wolof)
    fr_hit, wo_hit = get(client, french), get(client, wolof)
    assert fr_hit["X-Cache"] == wo_hit["X-Cache"] == "hit"
    assert "Le désert n&#x27;est pas une route" in fr_hit.content.decode()
    assert "Màndiŋ mi du yoon" in wo_hit.content.decode()
    assert "Màndiŋ mi du yoon" not in fr_hit.content.decode().split("<main", 1)[-1]
    assert fr_hit["Content-Language"] == "fr" and wo_hit["Content-Language"] == "wo"


def test_head_is_served_and_stored_like_get(client, campaign):
    path = url(campaign, "fr")
    head = client.head(path, HTTP_USER_AGENT=BROWSER)
    assert head.status_code == 200 and head["X-Cache"] == "miss" and head.content == b""
    after_head = get(client, path)
    assert after_head["X-Cache"] == "hit" and b"</html>" in after_head.content  # the whole page
    again = client.head(path, HTTP_USER_AGENT=BROWSER)
    assert again["X-Cache"] == "hit" and again.content == b""


def test_zero_seconds_turns_the_cache_off(client, campaign, settings):
    settings.PAGE_CACHE_SECONDS = 0
    path = url(campaign, "fr")
    get(client, path)
    response = get(client, path)
    assert "X-Cache" not in response and "s-maxage" not in response.get("Cache-Control", "")


def test_the_root_language_redirect_is_never_cached(client, campaign):
    for language in ("fr", "wo"):
        response = client.get("/", HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 302 and response["Location"] == f"/{language}/"
        assert "X-Cache" not in response
        assert "Accept-Language" in response["Vary"]


def test_query_strings_search_and_errors_are_not_cached(client, campaign):
    path = url(campaign, "fr")
    for target in (f"{path}?utm_source=x", "/fr/search/?q=desert", "/fr/search/", "/fr/nowhere/"):
        get(client, target)
        assert "X-Cache" not in get(client, target), target


# --- Never to signed-in visitors, previews, restricted pages ------------------------------------


def test_a_signed_in_editor_never_gets_nor_leaves_a_cached_page(client, campaign):
    from campaigns.access.roles import EDITORS, setup_roles

    setup_roles()
    path = url(campaign, "fr")
    anonymous = get(client, path)
    assert anonymous["X-Cache"] == "miss"
    client.force_login(role_user(EDITORS))
    for _ in range(2):
        own = get(client, path)
        assert "X-Cache" not in own
        assert "private" in own["Cache-Control"] and "public" not in own["Cache-Control"]
    client.logout()
    cache.clear()
    client.force_login(role_user(EDITORS, username="second-editor"))
    get(client, path)  # rendered for the editor first, cache empty
    client.logout()
    client.cookies.clear()
    after = get(client, path)
    assert after["X-Cache"] == "miss"  # nothing the editor saw was stored


def test_any_session_cookie_skips_the_cache(client, campaign, settings):
    path = url(campaign, "fr")
    get(client, path)
    assert get(client, path)["X-Cache"] == "hit"
    client.cookies[settings.SESSION_COOKIE_NAME] = "not-a-real-session"
    assert "X-Cache" not in get(client, path)


def test_post_is_never_cached_nor_served_from_the_cache(client, campaign):
    path = url(campaign, "fr")
    get(client, path)
    response = client.post(path, {"x": "1"}, HTTP_USER_AGENT=BROWSER)
    assert response.get("X-Cache") != "hit"
    assert get(client, path)["X-Cache"] == "hit"


@pytest.mark.parametrize(
    "kind", [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN, PageViewRestriction.GROUPS]
)
def test_restricted_pages_are_never_cached(
    client, campaign, kind, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Group

    path = url(campaign, "fr")
    get(client, path)
    assert get(client, path)["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=campaign, restriction_type=kind, password="secret"
        )
        if kind == PageViewRestriction.GROUPS:
            restriction.groups.add(Group.objects.create(name="Staff only"))
    for _ in range(2):
        response = get(client, path)
        assert "X-Cache" not in response
        assert "Le désert n&#x27;est pas une route</h1>" not in response.content.decode()
        assert response.status_code in (200, 302)


def test_a_preview_request_is_never_answered_from_the_cache(client, campaign):
    path = url(campaign, "fr")
    get(client, path)
    assert get(client, path)["X-Cache"] == "hit"
    with translation.override("fr"):
        preview = campaign.make_preview_request()  # no original request: no cookies at all
    assert preview.status_code == 200 and "X-Cache" not in preview  # rendered, not served
    assert "private" in preview["Cache-Control"]
    assert get(client, path)["X-Cache"] == "hit"  # and the preview stored nothing over it


def test_the_admin_is_never_cached(client, campaign, superuser):
    client.force_login(superuser)
    client.get("/admin/")
    assert "X-Cache" not in client.get("/admin/")


# --- The CSP nonce ------------------------------------------------------------------------------


def test_a_hit_carries_this_requests_nonce_in_page_and_header(rf, campaign):
    """A page whose template used the nonce: the stored nonce is swapped for the new one."""
    from django.http import HttpResponse

    from cms.csp import ContentSecurityPolicyMiddleware

    path = url(campaign, "fr")
    nonces = []

    def view(request):
        nonce = str(request._csp_nonce)
        nonces.append(nonce)
        response = HttpResponse(f'<style nonce="{nonce}">p{{}}</style>')
        return response

    def handler(request):
        request.resolver_match = type("Match", (), {"url_name": "wagtail_serve"})()
        return view(request)

    chain = ContentSecurityPolicyMiddleware(page_cache.PageCacheMiddleware(handler))
    first = chain(rf.get(path, HTTP_USER_AGENT=BROWSER))
    second = chain(rf.get(path, HTTP_USER_AGENT=BROWSER))
    assert first["X-Cache"] == "miss" and second["X-Cache"] == "hit"
    assert len(nonces) == 1  # the view ran once
    new = re.search(r'nonce="([^"]+)"', second.content.decode()).group(1)
    assert new != nonces[0] and nonces[0] not in second.content.decode()
    assert f"'nonce-{new}'" in second["Content-Security-Policy"]
    assert f"'nonce-{nonces[0]}'" in first["Content-Security-Policy"]


# --- Counting -----------------------------------------------------------------------------------


def test_hits_are_counted_like_misses_but_not_for_robots_or_head(client, campaign):
    path = url(campaign, "fr")
    assert get(client, path)["X-Cache"] == "miss"
    assert get(client, path)["X-Cache"] == "hit"
    assert get(client, path)["X-Cache"] == "hit"
    get(client, path, HTTP_USER_AGENT="Mozilla/5.0 (compatible; Googlebot/2.1)")
    get(client, path, HTTP_SEC_PURPOSE="prefetch")
    client.head(path, HTTP_USER_AGENT=BROWSER)
    assert get(client, url(campaign, "wo"))["X-Cache"] == "miss"
    assert get(client, url(campaign, "wo"))["X-Cache"] == "hit"
    assert counting.flush() == 5
    assert dict(PageViewCount.objects.values_list("language", "count")) == {"fr": 3, "wo": 2}


# --- What a page route's response must not be stored with ---------------------------------------


def page_route(view):
    def handler(request):
        request.resolver_match = type("Match", (), {"url_name": "wagtail_serve"})()
        return view(request)

    return page_cache.PageCacheMiddleware(handler)


def with_cookie(response):
    response.set_cookie("choice", "1")
    return response


def with_csrf_token(request, response):
    from django.middleware.csrf import get_token

    get_token(request)  # {% csrf_token %} in the page
    return response


def with_header(name, value):
    def change(response):
        response[name] = value
        return response

    return change


@pytest.mark.parametrize(
    "change",
    [
        with_cookie,
        with_header("Cache-Control", "no-store"),
        with_header("Cache-Control", "private"),
        with_header("Cache-Control", "no-cache"),
        with_header("Cache-Control", "max-age=0"),
        with_header("Vary", "*"),
        with_header("Content-Security-Policy", "default-src 'self'"),
    ],
    ids=["set-cookie", "no-store", "private", "no-cache", "max-age-0", "vary-star", "own-csp"],
)
def test_responses_that_refuse_caching_are_not_stored(rf, change):
    from django.http import HttpResponse

    renders = []
    middleware = page_route(lambda request: renders.append(1) or change(HttpResponse("x")))
    for _ in range(2):
        assert "X-Cache" not in middleware(rf.get("/fr/page/", HTTP_USER_AGENT=BROWSER))
    assert len(renders) == 2


def test_a_page_with_a_csrf_token_or_an_error_is_not_stored(rf):
    from django.http import HttpResponse

    for view in (
        lambda request: with_csrf_token(request, HttpResponse("form")),
        lambda request: HttpResponse("gone", status=404),
        lambda request: HttpResponse("moved", status=301),
    ):
        middleware = page_route(view)
        middleware(rf.get("/fr/page/"))
        assert "X-Cache" not in middleware(rf.get("/fr/page/"))


def test_only_the_page_route_is_stored(rf):
    from django.http import HttpResponse

    def other_view(request):
        request.resolver_match = type("Match", (), {"url_name": "open_data"})()
        return HttpResponse("figures")

    middleware = page_cache.PageCacheMiddleware(other_view)
    middleware(rf.get("/fr/open-data/"))
    assert "X-Cache" not in middleware(rf.get("/fr/open-data/"))
