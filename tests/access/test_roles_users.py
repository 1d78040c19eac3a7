"""Issue 10, item 4: Administrators manage people below them, never a superuser or the funder.

Every route Wagtail offers to change a user or a group (create, edit and delete views, the user
bulk actions, the group views), posted by an Administrator: each refusal leaves users, their
groups and the groups' permissions exactly as they were; the same request by a superuser (or an
allowed one by the Administrator) shows the route works.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.urls import reverse
from wagtail.models import GroupPagePermission

from campaigns.access.roles import (
    ADMINISTRATORS,
    EDITORS,
    FINANCE,
    REVIEWERS,
    TRANSLATORS,
    administrator_permissions,
    setup_roles,
)
from tests.factories import SuperUserFactory, UserFactory, home_page

User = get_user_model()
PASSWORD = "Dune-lantern-4721-orbit"


@pytest.fixture(scope="module")
def world_data(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        home_page()
        groups = setup_roles()
        users = {"root": SuperUserFactory(username="root", email="root@example.org")}
        for name, group in [
            ("admin", ADMINISTRATORS),
            ("editor", EDITORS),
            ("translator", TRANSLATORS),
            ("reviewer", REVIEWERS),
        ]:
            users[name] = UserFactory(username=name, email=f"{name}@example.org")
            users[name].groups.add(groups[group])
        yield {"groups": groups, "users": users}
        transaction.set_rollback(True)


@pytest.fixture
def world(world_data, db):
    return world_data


def people():
    """Everything a refused request must leave untouched."""
    return (
        list(
            User.objects.order_by("pk").values_list(
                "pk", "username", "email", "password", "is_superuser", "is_active", "first_name"
            )
        ),
        list(User.groups.through.objects.order_by("user_id", "group_id").values_list()),
        sorted(Group.permissions.through.objects.values_list("group_id", "permission_id")),
        list(Group.objects.order_by("pk").values_list("pk", "name")),
        sorted(GroupPagePermission.objects.values_list("group_id", "page_id", "permission_id")),
    )


def user_data(username, groups=(), superuser=False, **fields) -> dict:
    data = {
        "username": username,
        "email": f"{username}@example.org",
        "first_name": "Awa",
        "last_name": "Diallo",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "is_active": "on",
        "groups": [str(group.pk) for group in groups],
        **fields,
    }
    if superuser:
        data["is_superuser"] = "on"
    return data


def assert_refused(client, response, before):
    assert people() == before, "the database changed: not refused"
    assert response.status_code in {302, 403}, response.status_code
    if response.status_code == 302:
        assert "/admin/login/" not in response["Location"]
        follow = client.get(response["Location"])
        shown = [str(message) for message in follow.context["messages"]]
        # Ours name who may; Wagtail's own refusal (deleting a superuser) says "permission".
        assert any("superuser" in message or "permission" in message for message in shown), shown


# --- What the role holds ---------------------------------------------------------------------


def test_administrators_hold_no_permission_over_the_machinery(world):
    held = set(
        world["groups"][ADMINISTRATORS].permissions.values_list(
            "content_type__app_label", "codename"
        )
    )
    machinery = {
        (app_label, codename)
        for app_label, codename in Permission.objects.values_list(
            "content_type__app_label", "codename"
        )
        if app_label in {"wagtailcore", "authtoken", "sessions", "contenttypes"}
        or codename.endswith(("_group", "_permission", "_reviewtask"))
    }
    assert not held & machinery, sorted(held & machinery)
    # What the job needs is still there.
    for label in [
        ("wagtailadmin", "access_admin"),
        ("auth", "add_user"),
        ("auth", "change_user"),
        ("campaigns", "validate_reachreport"),
        ("campaigns", "change_reportingorganisation"),
        ("campaigns", "change_fundingagreement"),
        ("campaigns", "add_translatorlanguages"),
        ("wagtailredirects", "add_redirect"),
    ]:
        assert label in held, label
    assert held == set(
        administrator_permissions().values_list("content_type__app_label", "codename")
    )


def test_setup_roles_takes_back_what_an_administrator_was_given(world):
    admins = world["groups"][ADMINISTRATORS]
    admins.permissions.add(Permission.objects.get(codename="change_workflow"))
    setup_roles()
    assert not admins.permissions.filter(codename="change_workflow").exists()


# --- Creating users ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "superuser", "group"),
    [("a superuser", True, None), ("a funder reviewer", False, REVIEWERS)],
)
def test_an_administrator_cannot_create(world, client, label, superuser, group):
    client.force_login(world["users"]["admin"])
    before = people()
    groups = [world["groups"][group]] if group else []
    data = user_data("intruder", groups=groups, superuser=superuser)
    response = client.post(reverse("wagtailusers_users:add"), data)
    assert_refused(client, response, before)


def test_an_administrator_creates_an_editor(world, client):
    client.force_login(world["users"]["admin"])
    data = user_data("new-editor", groups=[world["groups"][EDITORS]])
    response = client.post(reverse("wagtailusers_users:add"), data)
    assert response.status_code == 302
    user = User.objects.get(username="new-editor")
    assert not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == [EDITORS]


def test_a_superuser_still_creates_a_superuser(world, client):
    client.force_login(world["users"]["root"])
    response = client.post(reverse("wagtailusers_users:add"), user_data("root2", superuser=True))
    assert response.status_code == 302
    assert User.objects.get(username="root2").is_superuser


# --- Editing users -----------------------------------------------------------------------------


def test_an_administrator_cannot_open_a_superusers_form(world, client):
    client.force_login(world["users"]["admin"])
    before = people()
    root = world["users"]["root"]
    response = client.get(reverse("wagtailusers_users:edit", args=[root.pk]))
    assert_refused(client, response, before)


@pytest.mark.parametrize(
    "change",
    [{"password1": "Taken-over-9431", "password2": "Taken-over-9431"}, {"email": "me@evil.test"}],
    ids=["password", "email"],
)
def test_an_administrator_cannot_change_a_superuser(world, client, change):
    client.force_login(world["users"]["admin"])
    before = people()
    root = world["users"]["root"]
    data = user_data("root", superuser=True, password1="", password2="")
    data.update(change)
    response = client.post(reverse("wagtailusers_users:edit", args=[root.pk]), data)
    assert_refused(client, response, before)


def test_an_administrator_cannot_take_over_the_funders_account(world, client):
    client.force_login(world["users"]["admin"])
    before = people()
    reviewer = world["users"]["reviewer"]
    data = user_data("reviewer", groups=[world["groups"][REVIEWERS]])
    response = client.post(reverse("wagtailusers_users:edit", args=[reviewer.pk]), data)
    assert_refused(client, response, before)


def test_an_administrator_cannot_make_someone_a_superuser(world, client):
    client.force_login(world["users"]["admin"])
    before = people()
    editor = world["users"]["editor"]
    data = user_data("editor", groups=[world["groups"][EDITORS]], superuser=True)
    data.update(password1="", password2="")
    response = client.post(reverse("wagtailusers_users:edit", args=[editor.pk]), data)
    assert_refused(client, response, before)


@pytest.mark.parametrize("group", [REVIEWERS, FINANCE])
def test_an_administrator_cannot_add_themselves_to_a_group(world, client, group):
    admin = world["users"]["admin"]
    client.force_login(admin)
    before = people()
    groups = [world["groups"][ADMINISTRATORS], world["groups"][group]]
    data = user_data("admin", groups=groups, password1="", password2="")
    response = client.post(reverse("wagtailusers_users:edit", args=[admin.pk]), data)
    assert_refused(client, response, before)


def test_an_administrator_edits_an_editor_and_themselves(world, client):
    admin, editor = world["users"]["admin"], world["users"]["editor"]
    client.force_login(admin)
    groups = [world["groups"][EDITORS], world["groups"][TRANSLATORS]]
    data = user_data("editor", groups=groups, password1="", password2="", first_name="Fatou")
    response = client.post(reverse("wagtailusers_users:edit", args=[editor.pk]), data)
    assert response.status_code == 302
    editor.refresh_from_db()
    assert editor.first_name == "Fatou"
    assert set(editor.groups.values_list("name", flat=True)) == {EDITORS, TRANSLATORS}

    data = user_data("admin", groups=[world["groups"][ADMINISTRATORS]], first_name="Nino")
    data.update(password1="", password2="")
    response = client.post(reverse("wagtailusers_users:edit", args=[admin.pk]), data)
    assert response.status_code == 302
    admin.refresh_from_db()
    assert admin.first_name == "Nino"


# --- Deleting users ----------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["root", "reviewer"])
def test_an_administrator_cannot_delete(world, client, target):
    client.force_login(world["users"]["admin"])
    before = people()
    url = reverse("wagtailusers_users:delete", args=[world["users"][target].pk])
    response = client.post(url)
    assert_refused(client, response, before)


# --- Bulk actions on users ---------------------------------------------------------------------


def bulk(client, action, users, data=None):
    ids = "&".join(f"id={user.pk}" for user in users)
    return client.post(f"/admin/bulk/auth/user/{action}/?{ids}&next=/admin/users/", data or {})


@pytest.mark.parametrize(
    ("label", "action", "targets", "data"),
    [
        ("assign the funder's role", "assign_role", ["translator"], {"role": REVIEWERS}),
        ("assign a role to a superuser", "assign_role", ["root"], {"role": EDITORS}),
        ("assign themselves a role", "assign_role", ["admin"], {"role": FINANCE}),
        ("deactivate a superuser", "set_active_state", ["root"], {"mark_as_active": "False"}),
        ("deactivate the funder", "set_active_state", ["reviewer"], {"mark_as_active": "False"}),
        ("delete the funder", "delete", ["reviewer", "translator"], {}),
        ("delete a superuser", "delete", ["root"], {}),
    ],
)
def test_an_administrators_bulk_action_is_refused(world, client, label, action, targets, data):
    client.force_login(world["users"]["admin"])
    if "role" in data:
        data = {"role": str(world["groups"][data["role"]].pk)}
    before = people()
    response = bulk(client, action, [world["users"][name] for name in targets], data)
    assert people() == before, "the database changed: not refused"
    assert response.status_code in {302, 403}


def test_an_administrator_assigns_a_role_in_bulk(world, client):
    client.force_login(world["users"]["admin"])
    translator = world["users"]["translator"]
    response = bulk(client, "assign_role", [translator], {"role": str(world["groups"][EDITORS].pk)})
    assert response.status_code == 302
    assert translator.groups.filter(name=EDITORS).exists()


def test_a_superuser_assigns_the_funders_role_in_bulk(world, client):
    client.force_login(world["users"]["root"])
    translator = world["users"]["translator"]
    response = bulk(
        client, "assign_role", [translator], {"role": str(world["groups"][REVIEWERS].pk)}
    )
    assert response.status_code == 302
    assert translator.groups.filter(name=REVIEWERS).exists()


# --- Groups ------------------------------------------------------------------------------------


def test_an_administrator_cannot_change_groups(world, client):
    client.force_login(world["users"]["admin"])
    before = people()
    admins = world["groups"][ADMINISTRATORS]
    edit = reverse("wagtailusers_groups:edit", args=[admins.pk])
    for response in [
        client.get(edit),
        client.post(edit, {"name": ADMINISTRATORS, "permissions": [1, 2, 3]}),
        client.post(reverse("wagtailusers_groups:add"), {"name": "Everything"}),
        client.post(reverse("wagtailusers_groups:delete", args=[admins.pk])),
    ]:
        assert people() == before
        assert response.status_code in {302, 403}
        if response.status_code == 302:
            assert response["Location"] in {"/admin/", reverse("wagtailadmin_home")}
