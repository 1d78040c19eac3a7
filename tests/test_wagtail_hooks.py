"""campaigns/wagtail_hooks.py is the one place admin hooks are registered (issue 11).

Each concept's folder lists its hooks in an ``admin_hooks.register()`` that wagtail_hooks calls
once; no module registers a hook or patches Wagtail when it is imported. These tests read the
source for registrations at import time, and check, once Wagtail has loaded the hooks, that every
hook and every patch of Wagtail's classes is in place exactly once, and that content does not
import funding (funding adds its panel and its publishing check itself).
"""

import ast
from pathlib import Path

from wagtail import hooks
from wagtail.admin.views import chooser as page_chooser
from wagtail.admin.views.bulk_action.base_bulk_action import BulkAction
from wagtail.admin.views.generic.chooser import CreateViewMixin
from wagtail.admin.views.generic.models import CopyViewMixin
from wagtail.admin.views.mixins import SpreadsheetExportMixin

import campaigns
from campaigns.access import admin_refusals
from campaigns.content import publishing
from campaigns.funding.panels import FundingPanel
from campaigns.funding.visibility import visibility_problems
from campaigns.models import CampaignPage

APP = Path(campaigns.__file__).parent
REGISTRY = APP / "wagtail_hooks.py"


def app_modules():
    for path in sorted(APP.rglob("*.py")):
        if "migrations" not in path.parts and path != REGISTRY:
            yield path


def is_hooks_register(node) -> bool:
    """``hooks.register(...)`` or ``register_snippet(...)``, called or used as a decorator."""
    target = node.func if isinstance(node, ast.Call) else node
    if isinstance(target, ast.Attribute):
        return target.attr == "register" and getattr(target.value, "id", None) == "hooks"
    return isinstance(target, ast.Name) and target.id == "register_snippet"


def import_time_registrations(path: Path) -> list[str]:
    """Registrations that run when the module is imported (top-level code and decorators)."""
    found = []
    for statement in ast.parse(path.read_text()).body:
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            found += [
                f"{path.relative_to(APP)}:{decorator.lineno}"
                for decorator in statement.decorator_list
                if is_hooks_register(decorator)
            ]
            continue
        found += [
            f"{path.relative_to(APP)}:{node.lineno}"
            for node in ast.walk(statement)
            if isinstance(node, ast.Call) and is_hooks_register(node)
        ]
    return found


def test_no_module_registers_a_hook_on_import():
    found = [line for path in app_modules() for line in import_time_registrations(path)]
    assert found == []


def test_the_registry_calls_each_concept_once():
    source = REGISTRY.read_text()
    tree = ast.parse(source)
    concepts = next(
        node.value
        for node in tree.body
        if isinstance(node, ast.Assign) and node.targets[0].id == "CONCEPTS"
    )
    names = [element.id for element in concepts.elts]
    assert len(names) == len(set(names))
    assert {"content", "funding", "access"} <= set(names)


def test_every_hook_of_the_project_is_registered_once():
    hooks.search_for_hooks()
    for name, registered in hooks._hooks.items():
        ours = [fn for fn, _order in registered if fn.__module__.startswith("campaigns.")]
        assert len(ours) == len(set(ours)), name


def test_patches_of_wagtail_are_applied_once():
    hooks.search_for_hooks()
    assert CreateViewMixin.dispatch is admin_refusals._create_dispatch
    assert BulkAction.get_actionable_objects is admin_refusals._actionable_objects
    assert admin_refusals._wagtail_create_dispatch is not admin_refusals._create_dispatch
    assert SpreadsheetExportMixin.neutralises_formulas is True
    assert CopyViewMixin.copies_safely is True
    for view_class in (page_chooser.BrowseView, page_chooser.SearchView):
        guarded = view_class.dispatch
        assert guarded.campaigns_guarded
        wrapped = dict(zip(guarded.__code__.co_freevars, guarded.__closure__, strict=True))
        assert not getattr(wrapped["wagtail_dispatch"].cell_contents, "campaigns_guarded", False)


def test_content_never_imports_funding():
    importers = []
    for path in sorted((APP / "content").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "campaigns.funding"
            ):
                importers.append(str(path.relative_to(APP)))
    assert importers == []


def test_funding_adds_its_panel_and_check_once():
    panels = [p for p in CampaignPage.content_panels if isinstance(p, FundingPanel)]
    assert len(panels) == 1
    assert CampaignPage.content_panels[-1] is panels[0]  # last, as before
    edit_handler = CampaignPage.get_edit_handler()
    content_tab = edit_handler.children[0]
    assert [type(p) for p in content_tab.children].count(FundingPanel) == 1
    assert publishing._checks.count(visibility_problems) == 1
