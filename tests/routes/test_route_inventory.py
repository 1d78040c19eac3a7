"""Issue 10, "so that the next route cannot slip through": every URL the project serves has a
rule saying who may use it, and each denial is proved by a request.

- ``test_every_route_has_exactly_one_rule``: the URL inventory (tests/routes/inventory.py walks
  ``get_resolver()``; bulk actions and admin API page actions listed one by one) against the
  table in tests/routes/rules.py. A route without a rule, a route two rules claim and a rule
  that matches nothing all fail, so a new route cannot land without a line in the table.
- ``test_a_new_route_without_a_rule_is_reported`` and
  ``test_a_rule_that_matches_nothing_or_twice_is_reported``: the self-tests of that check.
- ``test_the_filled_urls_reach_their_views``: the rule's URL parameters name a real object (a
  witness role, the superuser by default, is not refused nor answered 404 or 500), so a denial
  below is a denial and not a wrong address. WITNESS_BUGS lists the routes that fail today.
- ``test_denied``: for each route, as a reporter of another organisation (Guinea's; every reach
  object in the URLs is Senegal's), a translator, an editor, a reviewer and an Administrator,
  where the rule does not allow them: a GET, and a POST (PATCH for an API item) where the route
  changes things, are refused (401/403/404, a redirect to the login, or to the dashboard with
  Wagtail's "Sorry, you do not have permission" message, or the rule's own refusal text; a
  listing scoped to nothing when the rule says what it hides), and the database is exactly as
  before (every table but sessions).
- ``test_anonymous_visitors_are_refused_everywhere``: the same for anonymous visitors, every
  route in one walk.

Where the code breaks a rule today, KNOWN_BUGS marks that request ``xfail(strict=True)``: fixing
the bug makes it pass, and strict makes that an error until the entry is removed.

The world is built once for the module in a transaction rolled back at the end, with one login
session per role; each test runs in a savepoint of its own.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import path, reverse
from django.utils import translation

from .inventory import Route, Rule, all_routes, check_coverage
from .rules import RULES, STAFF
from .world import build_world, differences, snapshot, writes

# Who proves the denials, one test per route and role (the brief's four, and Administrators,
# for issue 10 item 4, where a rule leaves them out); anonymous visitors are walked through
# every route in one test (test_anonymous_visitors_are_refused_everywhere).
PROBES = ("reporter_gn", "translator", "editor", "reviewer", "admin")

ROUTES = all_routes()
COVERAGE = check_coverage(ROUTES, RULES)
RULE_OF = COVERAGE.rule_of


def known(reason: str, roles: str, name: str, pattern: str = "") -> dict:
    """KNOWN_BUGS entries: ``roles`` (space-separated) on the routes whose name fully matches
    ``name`` and whose pattern contains ``pattern``."""
    return {
        (route.key, role): reason
        for route in ROUTES
        if re.fullmatch(name, route.name) and pattern in route.pattern
        for role in roles.split()
    }


FOUND = "found by the route inventory, in no item of issue 10: "
# (route key, role) -> the open bug that lets the role through today. Each case runs as the rule
# says, marked xfail(strict=True): when the bug is fixed it passes, and strict makes that an
# error until its entry is removed here.
KNOWN_BUGS: dict[tuple[str, str], str] = {}


# --- The world, once per module ------------------------------------------------------------------


@pytest.fixture(scope="module")
def world_data(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic(), translation.override("en"):
        world = build_world()
        for role, user in world.users.items():
            client = Client()
            client.force_login(user)
            world.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
        world.baseline = snapshot()
        yield world
        transaction.set_rollback(True)
    cache.clear()  # Wagtail caches site root paths; they belonged to the rolled-back data


@pytest.fixture
def world(world_data, db):
    cache.clear()  # the API's throttles count requests in the cache
    return world_data


def login(client, world, role):
    if role != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]


# --- Filling a route's URL -----------------------------------------------------------------------

PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>")


def parameters(pattern: str) -> set[str]:
    return {a or b for a, b in PARAMETER.findall(pattern)}


def fill_url(world, route: Route, rule: Rule) -> str:
    filled = rule.fill(world, route) if rule.fill else {}
    if isinstance(filled, str):
        return filled
    wanted = parameters(route.pattern) - set(route.fixed_kwargs)
    kwargs = {key: value for key, value in filled.items() if key in wanted}
    missing = wanted - set(kwargs)
    assert not missing, f"rule {rule.label!r} does not fill {missing} for {route.key}"
    return reverse(route.name, kwargs={**route.fixed_kwargs, **kwargs})


def send(client, world, url, rule):
    data = rule.data(world) if rule.data else {}
    if rule.json or rule.method != "post":
        return getattr(client, rule.method)(url, data, content_type="application/json")
    return client.post(url, data)


# --- What a refusal looks like --------------------------------------------------------------------

LOGIN_PATHS = ("/admin/login/", "/en/_util/login/")


def messages_of(response) -> list:
    return list(get_messages(response.wsgi_request))


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def refusal_problem(client, world, response, rule: Rule, method: str) -> str | None:
    """None if ``response`` refuses; else what it did instead."""
    status = response.status_code
    if status in (401, 403, 404) or rule.noop_ok:
        return None
    if status == 405 and method == "GET" and rule.changes:
        return None  # a POST-only view; the POST proves the refusal
    if status in (301, 302):
        where = urlsplit(response["Location"]).path
        if where.startswith(LOGIN_PATHS):
            return None
        found = messages_of(response)
        if any("permission" in str(m) for m in found):
            return None  # "Sorry, you do not have permission..."
        if rule.refusal_text and any(rule.refusal_text in str(m) for m in found):
            return None
        if rule.rerender_ok and where == "/admin/":
            return None  # a bulk action back to ``next``; the snapshot proves nothing changed
        if method == "GET" and where.startswith("/admin/") and where != "/admin/":
            # Wagtail moved the screen (revisions -> history): the new address must refuse too.
            return refusal_problem(client, world, client.get(where), rule, "GET (redirected)")
        return f"{method}: redirected to {response['Location']} ({[str(m) for m in found]})"
    if status == 200 and rule.rerender_ok and b"permission" in body(response):
        return None
    if status == 200 and rule.refusal_text and rule.refusal_text.encode() in body(response):
        return None
    if status == 200 and rule.hides:
        content = body(response).decode(errors="replace")
        shown = [text for text in rule.hides(world) if text in content]
        return f"{method}: shows {shown}" if shown else None
    return f"{method}: HTTP {status}, not a refusal"


def cases():
    for route in ROUTES:
        rule = RULE_OF.get(route)
        if rule is None:
            continue  # test_every_route_has_exactly_one_rule reports it
        for role in PROBES:
            if role in rule.allowed:
                continue
            marks = []
            if bug := KNOWN_BUGS.get((route.key, role)):
                marks = [pytest.mark.xfail(strict=True, reason=bug)]
            yield pytest.param(route, role, id=f"{role}: {route.key}", marks=marks)


# --- The tests -----------------------------------------------------------------------------------


def test_every_route_has_exactly_one_rule():
    assert COVERAGE.problems == []
    assert len(ROUTES) > 400  # the walk reached into the admin, the API and the public site


def test_a_new_route_without_a_rule_is_reported():
    """The self-test: an extra URL pattern (and a bulk action) nobody wrote a rule for."""
    extra = Route("admin/reach/export-everything/", "reach_reports:export_everything")
    coverage = check_coverage([*ROUTES, extra], RULES)
    assert coverage.problems == [f"no rule for {extra.key}"]

    # The same through the real resolver: a urlconf with one more pattern.
    from django.urls import get_resolver

    from cms import urls

    class ExtendedUrls:
        urlpatterns = [
            *urls.urlpatterns,
            path("admin/secret-dump/", lambda request: None, name="secret_dump"),
        ]

    walked = all_routes(get_resolver(ExtendedUrls))
    assert check_coverage(walked, RULES).problems == ["no rule for secret_dump admin/secret-dump/"]


def test_a_rule_that_matches_nothing_or_twice_is_reported():
    stale = Rule("a route that was removed", STAFF, name="reach_reports:gone")
    twice = Rule("a second rule for the dashboard", STAFF, name="wagtailadmin_home")
    coverage = check_coverage(ROUTES, [*RULES, stale, twice])
    assert coverage.problems == [
        "wagtailadmin_home admin/ matched by several rules: "
        "['dashboard, account, logout, dismissibles', 'a second rule for the dashboard']",
        "rule 'a route that was removed' matches no route",
    ]


# route key -> why the witness gets an error today (bugs found by this test, not issue 10's).
# test_the_filled_urls_reach_their_views fails unless exactly these routes fail: remove an
# entry when its bug is fixed.
WITNESS_BUGS: dict[str, str] = {}


def witness_problem(client, world, route, rule) -> str | None:
    login(client, world, rule.witness)
    url = fill_url(world, route, rule)
    try:
        response = client.get(url)
    except Exception as error:  # noqa: BLE001 - the test client re-raises the view's error
        return f"{url}: {type(error).__name__}: {error}"
    status = response.status_code
    if status in (401, 403, 404) or status >= 500:
        return f"{url}: HTTP {status}"
    if status in (301, 302):
        where = urlsplit(response["Location"]).path
        texts = [str(m) for m in messages_of(response)]
        if where.startswith(LOGIN_PATHS) or any("permission" in text for text in texts):
            return f"{url}: refused ({where}, {texts})"
    return None


SHARDS = 6  # the witness walk split in parts, so that pytest-xdist shares it out


@pytest.mark.parametrize("shard", range(SHARDS))
def test_the_filled_urls_reach_their_views(world, client, shard):
    """Each rule's URL names a real object: its witness (the superuser unless the rule says
    otherwise) is not refused, nor answered 404 or 500. A denial below is then a denial, not a
    wrong address."""
    failing = {}
    mine = list(RULE_OF.items())[shard::SHARDS]
    for route, rule in mine:
        if rule.witness:
            sid = transaction.savepoint_create()
            if problem := witness_problem(client, world, route, rule):
                failing[route.key] = problem
            transaction.savepoint_rollback(sid)
    unexpected = {key: problem for key, problem in failing.items() if key not in WITNESS_BUGS}
    fixed = sorted({route.key for route, _rule in mine} & set(WITNESS_BUGS) - set(failing))
    assert not unexpected, "\n".join(f"{key}: {problem}" for key, problem in unexpected.items())
    assert not fixed, f"fixed: remove from WITNESS_BUGS {fixed}"


def test_anonymous_visitors_are_refused_everywhere(world, client):
    """Every route anonymous visitors may not use sends them to the login (or answers 401,
    403, 404), for a GET and for a POST, and nothing is written."""
    problems = {}
    written = writes()
    for route, rule in RULE_OF.items():
        if "anonymous" in rule.allowed:
            continue
        client.cookies.clear()
        url = fill_url(world, route, rule)
        found = [refusal_problem(client, world, client.get(url), rule, "GET")]
        if rule.changes:
            found.append(
                refusal_problem(
                    client, world, send(client, world, url, rule), rule, rule.method.upper()
                )
            )
        if found := [problem for problem in found if problem]:
            problems[url] = found
    assert not problems, problems
    if written is None or writes() != written:
        assert differences(world.baseline, snapshot()) == []


def test_the_write_counter_sees_every_kind_of_write(world):
    """``test_denied`` skips the full snapshot when the counter did not move: it must move for
    an insert, an update and a delete, even one in a savepoint rolled back since."""
    from campaigns.models import Country

    country = Country.objects.create(code="ZZ", languages="en")
    for write in (
        lambda: Country.objects.create(code="ZY", languages="en"),
        lambda: Country.objects.filter(pk=country.pk).update(languages="fr"),
        lambda: Country.objects.filter(pk=country.pk).delete(),
    ):
        before = writes()
        assert before is not None  # both backends count; the snapshot is the fallback only
        sid = transaction.savepoint_create()
        write()
        transaction.savepoint_rollback(sid)
        assert writes() > before
    assert Country.objects.filter(code__in=["ZY", "ZZ"]).count() == 1


@pytest.mark.parametrize(("route", "role"), list(cases()))
def test_denied(world, client, route, role):
    rule = RULE_OF[route]
    login(client, world, role)
    url = fill_url(world, route, rule)
    written = writes()
    problems = []
    if role not in rule.opens and (
        problem := refusal_problem(client, world, client.get(url), rule, "GET")
    ):
        problems.append(problem)
    if rule.changes:
        login(client, world, role)  # a refused request may have ended the session
        response = send(client, world, url, rule)
        if problem := refusal_problem(client, world, response, rule, rule.method.upper()):
            problems.append(problem)
    changed = (
        []
        if written is not None and writes() == written
        else (differences(world.baseline, snapshot()))
    )
    if changed:
        problems.append(f"the database changed: {changed}")
    assert not problems, f"{url} as {role}: {problems}"
