"""Every URL the project serves, and the check that each is covered by exactly one rule.

``all_routes()`` walks ``django.urls.get_resolver()`` recursively. Two generic Wagtail routes
dispatch on a URL parameter to very different actions, so they are listed once per action:
``/admin/bulk/<app>/<model>/<action>/`` (one route per registered bulk action) and the admin
API's ``/admin/api/main/pages/<pk>/action/<action_name>/`` (one per registered page action).
A new bulk action or API action therefore needs a rule of its own, like a new URL.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

BULK_NAME = "wagtail_bulk_action"
API_ACTION_NAME = "wagtailadmin_api:pages:action"


@dataclass(frozen=True)
class Route:
    pattern: str  # the full pattern, prefixes joined: "admin/pages/<int:page_id>/edit/"
    name: str  # the namespaced URL name ("wagtailadmin_pages:edit"), "" when unnamed
    fixed: tuple = ()  # (kwarg, value) pairs an expanded route always passes

    @property
    def key(self) -> str:
        return f"{self.name or '(unnamed)'} {self.pattern}"

    @property
    def fixed_kwargs(self) -> dict:
        return dict(self.fixed)


@dataclass(frozen=True)
class Rule:
    """Who may use the routes this rule matches, and how to ask for them.

    ``name`` is a regex matched in full against the route's name, ``pattern`` a regex searched in
    its full pattern; a route is matched when every regex given matches. ``allowed`` is a set of
    roles (tests/routes/world.py ROLES). ``fill(world, route)`` returns the URL parameters (a
    dict, reversed with the route's name) or a whole URL (a str). ``changes``: the route changes
    things, so denials are also proved by a POST of ``data(world)``, which must leave the
    database as it was.
    """

    label: str
    allowed: frozenset
    name: str | None = None
    pattern: str | None = None
    fill: Callable | None = None
    changes: bool = False
    data: Callable | None = None
    json: bool = False  # POST ``data`` as a JSON body (the APIs)
    method: str = "post"  # how ``changes`` is proved: "post", or "patch" for an API item
    witness: str | None = "superuser"  # a role for whom the filled URL must work (not 404)
    rerender_ok: bool = False  # bulk actions: a 200 saying "permission", or a redirect to
    # ``next``, counts as refused (the database snapshot proves nothing was done)
    opens: frozenset = frozenset()  # roles whose GET shows a form, but whose POST is refused
    hides: Callable | None = None  # (world) -> texts: a 200 without any of them is a refusal
    # (a listing scoped to nothing, "Nothing is waiting for your review")
    refusal_text: str = ""  # the view's own refusal message (redirect or page), if not Wagtail's
    noop_ok: bool = False  # any answer counts, the database being unchanged (a release of
    # editing sessions that deletes only the caller's own)
    note: str = ""

    def matches(self, route: Route) -> bool:
        if self.name is not None and not re.fullmatch(self.name, route.name):
            return False
        return self.pattern is None or re.search(self.pattern, route.pattern) is not None


def walk(resolver: URLResolver, prefix: str = "", namespaces: tuple = ()):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespaces + ((entry.namespace,) if entry.namespace else ())
            yield from walk(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = ":".join((*namespaces, entry.name)) if entry.name else ""
            yield Route(prefix + str(entry.pattern), name)


def expand(route: Route):
    """One route per action for the two routes that dispatch on a parameter."""
    if route.name == BULK_NAME:
        from wagtail.admin.views.bulk_action.registry import bulk_action_registry

        bulk_action_registry._scan_for_bulk_actions()
        for app_label, models in sorted(bulk_action_registry.actions.items()):
            for model_name, actions in sorted(models.items()):
                for action in sorted(actions):
                    fixed = (("app_label", app_label), ("model_name", model_name),
                             ("action", action))  # fmt: skip
                    yield Route(f"admin/bulk/{app_label}/{model_name}/{action}/", route.name, fixed)
    elif route.name == API_ACTION_NAME:
        from wagtail.admin.api.views import PagesAdminAPIViewSet

        for action in sorted(PagesAdminAPIViewSet.actions):
            pattern = route.pattern.replace("<str:action_name>", action)
            yield Route(pattern, route.name, (("action_name", action),))
    else:
        yield route


def all_routes(resolver=None) -> list[Route]:
    resolver = resolver or get_resolver()
    routes = [expanded for route in walk(resolver) for expanded in expand(route)]
    return list(dict.fromkeys(routes))


@dataclass
class Coverage:
    unruled: list = field(default_factory=list)  # routes no rule matches
    ambiguous: list = field(default_factory=list)  # (route, [rule labels]) matched twice or more
    unused: list = field(default_factory=list)  # rules that match no route
    rule_of: dict = field(default_factory=dict)  # route -> its one rule

    @property
    def problems(self) -> list[str]:
        return [
            *(f"no rule for {route.key}" for route in self.unruled),
            *(
                f"{route.key} matched by several rules: {labels}"
                for route, labels in self.ambiguous
            ),
            *(f"rule {label!r} matches no route" for label in self.unused),
        ]


def check_coverage(routes: list[Route], rules: list[Rule]) -> Coverage:
    coverage = Coverage()
    used = set()
    for route in routes:
        matching = [rule for rule in rules if rule.matches(route)]
        used.update(rule.label for rule in matching)
        if not matching:
            coverage.unruled.append(route)
        elif len(matching) > 1:
            coverage.ambiguous.append((route, [rule.label for rule in matching]))
        else:
            coverage.rule_of[route] = matching[0]
    coverage.unused = [rule.label for rule in rules if rule.label not in used]
    return coverage
