"""Issue 10: a "copy" in the admin creates a new object and never touches the original.

campaigns.access.copy_views: users are never copied (no copy route: 404, for Administrators and
superusers alike, whatever is posted); every snippet copy route is the model's add view,
prefilled: a role that may add the model gets a NEW row (every row that existed before, of every
table, is unchanged), a role without "add" is refused and the database is unchanged.
The world is the route inventory's (tests/routes/world.py): one object of every kind.
"""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from wagtail.models import Site

from campaigns.access.roles import ADMINISTRATORS, REVIEWERS
from tests.routes.world import build_world, snapshot

User = get_user_model()
PASSWORD = "Dune-lantern-4721-orbit"

# Every snippet model with a copy route (test_every_copy_route_is_here keeps this list honest).
COPY_MODELS = (
    "ageband", "channel", "country", "funder", "fundingagreement", "indicator", "material",
    "reportingorganisation", "target",
)  # fmt: skip
# Roles tried in this order: the first that may add the model copies it; the first that may not
# (preferably one that reads or changes it) is refused.
ROLES = ("reporter", "translator", "editor", "reviewer", "me_officer", "finance", "admin")
# Values that must differ from the original's for the new row to be valid (unique fields).
NEW_VALUES = {
    "ageband": {"code": "25-34"},
    "channel": {"code": "tv"},
    "country": {"code": "ML"},
    "fundingagreement": {"reference": "EU-AMIF-2026-02"},
    "indicator": {"code": "people-reached-2"},
    "reportingorganisation": {"name": "IOM Mali"},
    "target": {"period_start": "2026-01-01", "period_end": "2026-06-30"},
    # Versions are not copied (they belong to the original); the add form needs one.
    "material": {
        "material_type": "sms",
        "versions-TOTAL_FORMS": "1",
        "versions-0-language": "en",
        "versions-0-text": "Call the hotline before you leave.",
        "versions-0-embed_url": "",
        "versions-0-document": "",
        "versions-0-ORDER": "1",
        "versions-0-id": "",
    },
}


@pytest.fixture(scope="module")
def world_data(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic(), translation.override("en"):
        world = build_world()
        for role, user in world.users.items():
            client = Client()
            client.force_login(user)
            world.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
        yield world
        transaction.set_rollback(True)
    cache.clear()


@pytest.fixture
def world(world_data, db):
    cache.clear()
    return world_data


def client_for(world, role) -> Client:
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    return client


def changed_or_deleted(before: dict, after: dict) -> list[str]:
    """Rows that existed before and are not exactly the same after (new rows are allowed).
    Wagtail's search index is left out: saving any object rewrites its entries."""
    found = []
    for label, rows in before.items():
        if label.startswith("wagtailsearch."):
            continue
        now = {row[0]: row for row in after[label]}
        found += [f"{label} {row[0]}" for row in rows if now.get(row[0]) != row]
    return found


def model_of(name):
    from django.apps import apps

    return apps.get_model("campaigns", name)


def copy_url(name, pk) -> str:
    return reverse(f"wagtailsnippets_campaigns_{name}:copy", args=[pk])


def role_that(world, name, may_add: bool) -> str:
    add = f"campaigns.add_{name}"
    reads = (f"campaigns.view_{name}", f"campaigns.change_{name}")
    candidates = [role for role in ROLES if world.users[role].has_perm(add) == may_add]
    if not may_add:  # prefer a role that sees the model: the likeliest to try
        candidates.sort(key=lambda role: not any(world.users[role].has_perm(p) for p in reads))
    assert candidates, f"no role {'may' if may_add else 'may not'} add {name}"
    return candidates[0]


def posted(form, overrides: dict) -> dict:
    """The add form's fields as a browser would post them, prefilled as the copy form shows."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        widget = type(field.widget).__name__
        if widget == "CheckboxInput":
            if value:
                data[name] = "on"
        elif widget == "SelectMultiple":
            data[name] = [str(getattr(v, "pk", v)) for v in value or ()]
        elif value is None:
            data[name] = ""
        elif isinstance(value, datetime.date):
            data[name] = value.isoformat()
        else:
            data[name] = str(getattr(value, "pk", value))
    for prefix in getattr(form, "formsets", {}):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
        data.update({f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
    data.update(overrides)
    return data


# --- Users: no copy ------------------------------------------------------------------------------


def test_users_have_no_copy_route():
    with pytest.raises(NoReverseMatch):
        reverse("wagtailusers_users:copy", args=[1])


@pytest.mark.parametrize("role", ["admin", "superuser"])
@pytest.mark.parametrize("grant", ["superuser", "funder reviewer"])
def test_user_copy_is_refused_and_changes_nothing(world, role, grant):
    """The security review's request: a copy of the superuser (or of an Administrator) posted
    as a superuser, or as a Funder reviewer. 404, and no user, group or membership changes."""
    root = User.objects.get(username="route-root")
    target = root if grant == "superuser" else world.users["admin"]
    data = {
        "username": target.username,
        "email": "attacker@example.com",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "is_active": "on",
    }
    if grant == "superuser":
        data["is_superuser"] = "on"
    else:
        data["groups"] = [str(Group.objects.get(name=REVIEWERS).pk)]
    before = snapshot()
    client = client_for(world, role)
    assert client.get(f"/admin/users/copy/{target.pk}/").status_code == 404
    response = client.post(f"/admin/users/copy/{target.pk}/", data)
    assert response.status_code == 404
    assert snapshot() == before
    root.refresh_from_db()
    assert root.email == "root@example.org" or root.email != "attacker@example.com"
    assert root.check_password(PASSWORD) is False
    assert User.objects.filter(email="attacker@example.com").count() == 0


def test_user_listing_offers_no_copy(world):
    response = client_for(world, "admin").get(reverse("wagtailusers_users:index"))
    assert response.status_code == 200
    assert b"/admin/users/copy/" not in response.content


def test_administrators_still_create_users_by_the_add_view_only(world):
    """The add view (what a copy was meant to prefill) keeps refusing the superuser flag."""
    data = {
        "username": "copy-root",
        "email": "copy-root@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "is_active": "on",
        "is_superuser": "on",
        "groups": [str(Group.objects.get(name=ADMINISTRATORS).pk)],
    }
    before = snapshot()
    client_for(world, "admin").post(reverse("wagtailusers_users:add"), data)
    assert not User.objects.filter(username="copy-root").exists()
    assert snapshot() == before


# --- Snippets: a copy is a create ----------------------------------------------------------------


def copy_route_models() -> set[str]:
    found = set()

    def walk(resolver, namespace=""):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                walk(entry, entry.namespace or namespace)
            elif isinstance(entry, URLPattern) and entry.name == "copy":
                found.add(namespace)

    walk(get_resolver())
    return found


def test_every_copy_route_is_here():
    snippets = {f"wagtailsnippets_campaigns_{name}" for name in COPY_MODELS}
    # Pages have their own copy view (a new page, under a parent the user may add to).
    assert copy_route_models() == snippets | {"wagtailsites", "wagtailadmin_pages"}


@pytest.mark.parametrize("name", COPY_MODELS)
def test_copy_creates_a_new_row_and_leaves_the_original(world, name):
    model = model_of(name)
    role = role_that(world, name, may_add=True)
    client = client_for(world, role)
    source = model.objects.get(pk=world.ids[name])
    response = client.get(copy_url(name, source.pk))
    assert response.status_code == 200, role
    form = response.context["form"]
    data = posted(form, NEW_VALUES.get(name, {}))
    existing = set(model._base_manager.values_list("pk", flat=True))
    before = snapshot()

    response = client.post(copy_url(name, source.pk), data)

    if response.status_code != 302:  # the add form's errors, to say why
        form = response.context["form"]
        errors = [form.errors, *[f.errors + [f.non_form_errors()] for f in form.formsets.values()]]
        pytest.fail(f"{role} copying {name}: {errors} {list(response.context['messages'])}")
    assert changed_or_deleted(before, snapshot()) == []
    new = set(model._base_manager.values_list("pk", flat=True)) - existing
    assert len(new) == 1, f"{role} copying {name}"
    copy = model._base_manager.get(pk=new.pop())
    assert form.instance.pk is None and form.instance._state.adding  # the form's instance
    for field, value in NEW_VALUES.get(name, {}).items():
        if "-" not in field:  # not a formset's
            assert str(getattr(copy, field)) == value


def test_a_copy_prefills_many_to_many_values(world):
    """The organisation's countries and members are offered, as initial values only."""
    source = model_of("reportingorganisation").objects.get(pk=world.ids["reportingorganisation"])
    response = client_for(world, "admin").get(copy_url("reportingorganisation", source.pk))
    form = response.context["form"]
    chosen = {getattr(v, "pk", v) for v in form["members"].value()}
    assert chosen == set(source.members.values_list("pk", flat=True)) != set()


@pytest.mark.parametrize("name", COPY_MODELS)
def test_copy_is_refused_without_add(world, name):
    model = model_of(name)
    role = role_that(world, name, may_add=False)
    client = client_for(world, role)
    source = model.objects.get(pk=world.ids[name])
    form = client_for(world, "superuser").get(copy_url(name, source.pk)).context["form"]
    data = posted(form, NEW_VALUES.get(name, {}))
    before = snapshot()

    response = client.post(copy_url(name, source.pk), data)

    assert response.status_code in (302, 403, 404), role
    if response.status_code == 302:
        assert response.url.rstrip("/") == "/admin", role  # Wagtail's permission refusal
    assert snapshot() == before
    assert client.get(copy_url(name, source.pk)).status_code in (302, 403, 404)


def test_site_copy_creates_a_new_site(world):
    site = Site.objects.get(is_default_site=True)
    client = client_for(world, "superuser")
    form = client.get(reverse("wagtailsites:copy", args=[site.pk])).context["form"]
    assert form.instance.pk is None
    data = posted(form, {"hostname": "copy.example.org", "is_default_site": ""})
    data.pop("is_default_site")
    before = snapshot()
    response = client.post(reverse("wagtailsites:copy", args=[site.pk]), data)
    assert response.status_code == 302
    assert changed_or_deleted(before, snapshot()) == []
    assert Site.objects.filter(hostname="copy.example.org").exclude(pk=site.pk).exists()
