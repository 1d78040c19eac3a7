"""The README's menu paths (written **Reach > Lock a month**) are what the admin's menu shows."""

import re
from pathlib import Path

import pytest
from django.test import RequestFactory
from wagtail.admin.menu import SubmenuMenuItem, admin_menu

README = Path(__file__).resolve().parents[2] / "README.md"
LABEL = r"[A-Z][\w' ]*(?:\n\s*[\w' ]+)?"  # one label, perhaps wrapped onto the next line
MENU_PATH = re.compile(rf"\*\*({LABEL}(?: > {LABEL})+)\*\*")


def menu_paths() -> set[tuple[str, ...]]:
    text = README.read_text()
    return {
        tuple(" ".join(part.split()) for part in found.split(" > "))
        for found in MENU_PATH.findall(text)
    }


def labels(menu, request) -> dict[str, object]:
    return {str(item.label): item for item in menu.menu_items_for_request(request)}


def test_the_readme_names_menu_paths():
    assert len(menu_paths()) >= 10


@pytest.mark.django_db
def test_every_menu_path_in_the_readme_is_in_the_admin_menu(superuser):
    request = RequestFactory().get("/admin/")
    request.user = superuser
    missing = []
    for path in sorted(menu_paths()):
        menu = admin_menu
        for depth, label in enumerate(path):
            items = labels(menu, request)
            if label not in items:
                missing.append(f"{' > '.join(path)}: no {label!r} in {sorted(items)}")
                break
            if depth < len(path) - 1:
                assert isinstance(items[label], SubmenuMenuItem), path
                menu = items[label].menu
    assert not missing, "\n".join(missing)
