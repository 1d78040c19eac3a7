"""Who may use each route the project serves: the table tests/routes/test_route_inventory.py
holds every URL to.

Each Rule names a family of routes (a regex on the URL name, or on the full pattern for unnamed
routes), the roles that may use them (tests/routes/world.py ROLES; ``reporter_gn`` is a
reporter of another organisation: Guinea's, while every reach object in the URLs is
Senegal's), and how to fill the URL parameters from the shared world. Every route must match
exactly one rule, and every rule at least one route.

The sets say what SHOULD be, whatever the code does today; KNOWN_BUGS in the test module marks
the requests where the code does otherwise (issue 10).
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from .inventory import Rule
from .world import ROLES

# --- Role sets ---------------------------------------------------------------------------------

EVERYONE = frozenset(ROLES)
STAFF = EVERYONE - {"anonymous"}  # any role: the admin's shell
SUPERUSER = frozenset({"superuser"})
ADMINS = frozenset({"admin", "superuser"})
PAGE_EDITORS = frozenset({"translator", "editor", "admin", "superuser"})  # "change" on pages
PAGE_AUTHORS = frozenset({"editor", "admin", "superuser"})  # "add" on pages
PAGE_LOCKERS = PAGE_AUTHORS  # "lock" on pages (editors, administrators)
PUBLISHERS = ADMINS  # "publish" on pages: administrators; the funder's approval otherwise
FUNDER_REVIEW = frozenset({"reviewer", "superuser"})  # acts on the "Funder approval" task
INTERNAL_REVIEW = ADMINS  # acts on the "IOM internal review" task
CONTENT_READERS = frozenset({"translator", "editor", "reviewer", "admin", "superuser"})
WORKFLOW_WATCHERS = PAGE_EDITORS | {"reviewer"}  # see an item's review and its history
IMAGE_CHOOSERS = frozenset({"translator", "editor", "reviewer", "finance", "admin", "superuser"})
IMAGE_ADDERS = frozenset({"editor", "finance", "admin", "superuser"})
IMAGE_CHANGERS = frozenset({"editor", "admin", "superuser"})
DOCUMENT_CHANGERS = frozenset({"translator", "editor", "finance", "admin", "superuser"})
FUNDING_READERS = frozenset(
    {"translator", "editor", "reviewer", "me_officer", "finance", "admin", "superuser"}
)
FUNDING_WRITERS = frozenset({"finance", "admin", "superuser"})
REACH_ROLES = frozenset(
    {"reporter", "reporter_gn", "editor", "reviewer", "me_officer", "admin", "superuser"}
)
REACH_REPORTERS = frozenset({"reporter", "reporter_gn", "me_officer", "admin", "superuser"})
# Senegal's report (draft, in an open month): who sees it, who changes it.
SEES_SENEGAL_REPORT = frozenset({"reporter", "editor", "reviewer", "me_officer", "admin",
                                 "superuser"})  # fmt: skip
CHANGES_SENEGAL_REPORT = frozenset({"reporter", "me_officer", "admin", "superuser"})
VALIDATORS = frozenset({"me_officer", "admin", "superuser"})
REACH_MANAGERS = VALIDATORS  # indicators, age bands, targets
COUNTRY_READERS = frozenset({"translator", "editor", "reviewer", "finance", "admin", "superuser"})
COUNTRY_WRITERS = frozenset({"editor", "admin", "superuser"})
ORGANISATION_READERS = VALIDATORS
MATERIAL_EDITORS = PAGE_EDITORS
MATERIAL_AUTHORS = PAGE_AUTHORS

# --- Filling URL parameters --------------------------------------------------------------------


def kw(**spec):
    """URL kwargs: ``"@key"`` is world.ids[key], ``"$key"`` world.extra[key], else literal."""

    def fill(w, route):
        values = {}
        for name, value in spec.items():
            if isinstance(value, str) and value.startswith("@"):
                value = w.ids[value[1:]]
            elif isinstance(value, str) and value.startswith("$"):
                value = w.extra[value[1:]]
            values[name] = value
        return values

    return fill


def model_of(route) -> str:
    """``wagtailsnippets_campaigns_reachreport:edit`` -> ``reachreport``."""
    namespace = route.name.split(":")[0]
    return namespace.rsplit("_", 1)[-1]


def snippet_pk(w, route):
    return {"pk": w.ids[model_of(route)]}


def page_url(key):
    def fill(w, route):
        from wagtail.models import Page

        return Page.objects.get(pk=w.ids[key]).specific.url

    return fill


def document_url(w, route):
    from wagtail.documents import get_document_model

    doc = get_document_model().objects.get(pk=w.ids["document"])
    return reverse("wagtaildocs_serve", args=[doc.pk, doc.filename])


def copy_translation_content(w, route):
    return f"/admin/pages/{w.ids['campaign']}/edit/copy_translation_content/"


def bulk(key):
    """A bulk action on one object: ``?id=<pk>`` (``next`` keeps the redirect in the admin)."""

    def fill(w, route):
        url = reverse(route.name, kwargs=route.fixed_kwargs)
        return f"{url}?id={w.ids[key]}&next=/admin/"

    return fill


def bulk_by_model(w, route):
    model = route.fixed_kwargs["model_name"]
    key = {"campaignimage": "image", "page": "campaign"}.get(model, model)
    return bulk(key)(w, route)


def admin_api(key):
    """Listing, detail (``pk``) or find (``?id=``) of the admin API's endpoint."""

    def fill(w, route):
        if route.name.endswith(":find"):
            return reverse(route.name) + f"?id={w.ids[key]}"
        return {"pk": w.ids[key]}

    return fill


def reporting_settings(w, route):
    from campaigns.models import ReportingSettings

    pk = ReportingSettings.objects.values_list("pk", flat=True).get()
    return {"app_name": "campaigns", "model_name": "reportingsettings", "pk": pk}


def api_action(w, route):
    return {"pk": w.ids["in_review"], **route.fixed_kwargs}


def api(path):
    """A reach API address; ``{report}`` etc. are filled from world.ids."""

    def fill(w, route):
        return "/api/v1/" + path.format(**w.ids)

    return fill


def drf(route_kwargs=None):
    """A DRF router route: its ``.<format>`` twin gets format=json."""

    def fill(w, route):
        values = kw(**(route_kwargs or {}))(w, route)
        if "<format>" in route.pattern or "(?P<format>" in route.pattern:
            values["format"] = "json"
        return values

    return fill


# --- POST bodies -------------------------------------------------------------------------------


def reason(w):
    return {"reason": "Because I can", "comment": "Because I can", "notes": "changed"}


def page_copy_form(w):
    return {"new_title_en": "The copy", "new_slug_en": "the-copy",
            "new_parent_page": str(w.ids["senegal"]), "publish_copies": "on"}  # fmt: skip


def report_patch(w):
    return {"notes": "changed by someone else"}


def api_publish(w):
    return {}


def interface_word_form(w):
    """Wolof for "Download" (campaigns.translation.interface_words_admin)."""
    from campaigns.translation.interface_words import public_word
    from campaigns.translation.interface_words_admin import word_key

    return {f"w-{word_key(public_word('Download'))}-0": "Yebbi"}


def po_upload(w):
    """The world's campaign exported for French, uploaded back as it is (to be saved)."""
    from campaigns.models import CampaignPage
    from campaigns.translation import po_export

    campaign = CampaignPage.objects.get(pk=w.ids["campaign"])
    data = po_export.export(po_export.campaign_scope(campaign), ["fr"])[1]
    return {"file": SimpleUploadedFile("campaign-fr.po", data), "check_only": ""}


# --- The table ---------------------------------------------------------------------------------

SNIPPET_VIEWS = r"wagtailsnippets_campaigns_{model}:{views}"
CHOOSER_VIEWS = r"wagtailsnippetchoosers_campaigns_{model}:{views}"
READ_VIEWS = "(list|list_results|inspect|usage|history|history_results)"
CHOOSER_READ = "(choose|choose_results|chosen|chosen_multiple)"


# A text each snippet's chooser would show of the world's object (its string, ASCII part).
SHOWN = {
    "material": "Poster", "country": "Senegal", "channel": "Radio", "funder": "European Union",
    "fundingagreement": "EU-AMIF-2026-01", "allocation": "EU-AMIF-2026-01",
    "indicator": "people-reached", "ageband": "15-24", "target": "people-reached",
    "reportingorganisation": "IOM Senegal", "reachreport": "IOM Senegal",
}  # fmt: skip


def snippet_rules(model, readers, adders, changers, deleters, *, copy=True):
    """The generic views every snippet viewset registers for ``model``."""
    label = model.replace("_", " ")
    rules = [
        Rule(f"{label}: listing and read-only screens", readers,
             name=SNIPPET_VIEWS.format(model=model, views=READ_VIEWS), fill=snippet_pk),
        Rule(f"{label}: chooser", readers,
             name=CHOOSER_VIEWS.format(model=model, views=CHOOSER_READ), fill=snippet_pk,
             hides=lambda w: [SHOWN[model]]),
        Rule(f"{label}: add", adders, name=SNIPPET_VIEWS.format(model=model, views="add"),
             changes=True),
        Rule(f"{label}: edit", changers, name=SNIPPET_VIEWS.format(model=model, views="edit"),
             fill=snippet_pk, changes=True, data=reason),
        Rule(f"{label}: delete", deleters,
             name=SNIPPET_VIEWS.format(model=model, views="delete"), fill=snippet_pk,
             changes=True),
        Rule(f"{label}: bulk delete", deleters, name="wagtail_bulk_action",
             pattern=f"^admin/bulk/campaigns/{model}/delete/$", fill=bulk(model), changes=True,
             rerender_ok=True),
    ]  # fmt: skip
    if copy:  # the copy form: the add form, prefilled
        rules.append(
            Rule(
                f"{label}: copy",
                adders,
                fill=snippet_pk,
                name=SNIPPET_VIEWS.format(model=model, views="copy"),
            )
        )
    return rules


RULES = [
    # --- The public site ---------------------------------------------------------------------
    Rule("public pages", EVERYONE, name="wagtail_serve", fill=page_url("campaign")),
    Rule("public search", EVERYONE, name="search", changes=False),
    Rule("transparency page", EVERYONE, name="transparency", fill=kw(country_code="sn")),
    Rule("open data page", EVERYONE, name="open_data"),
    Rule("open data files (CSV, HXL)", EVERYONE, name="open_data_download", fill=kw(fmt="csv")),
    Rule("sitemap", EVERYONE, name="sitemap"),
    Rule("health check, for load balancers", EVERYONE, name="healthz"),
    Rule("documents, served", EVERYONE, name="wagtaildocs_serve", fill=document_url),
    Rule(
        "password-protected pages and documents (no restriction in the world)",
        EVERYONE,
        name="wagtailcore_authenticate_with_password|wagtaildocs_authenticate_with_password",
        fill=lambda w, r: {
            k: w.ids["campaign"]
            for k in ("page_view_restriction_id", "page_id", "restriction_id")
            if f"<int:{k}>" in r.pattern
        },
        witness=None,
    ),
    Rule("front-end login for private pages", EVERYONE, name="wagtailcore_login"),
    # --- Signing in ------------------------------------------------------------------------
    Rule(
        "admin login, password reset, static admin assets",
        EVERYONE,
        name="wagtailadmin_(login|password_reset|password_reset_done|password_reset_complete"
        "|javascript_catalog|sprite)",
    ),
    Rule(
        "password reset link",
        EVERYONE,
        name="wagtailadmin_password_reset_confirm",
        fill=kw(uidb64="$uidb64", token="$reset_token"),
    ),
    # --- Addresses that only answer 404 ----------------------------------------------------
    Rule(
        "admin catch-all and test 404",
        EVERYONE,
        pattern=r"^admin/(\^\.\*/\$|test404/)$",
        fill=lambda w, r: "/admin/no-such-screen/" if "^" in r.pattern else "/admin/test404/",
        witness=None,
    ),
    Rule(
        "API catch-all (JSON 404)",
        EVERYONE,
        pattern=r"^api/v1/\^\(\?P<path>\.\*\)\$$",
        fill=lambda w, r: "/api/v1/no-such-thing/",
        witness=None,
    ),
    Rule(
        "Wagtail's deliberate error page",
        STAFF,
        name="wagtailadmin_error_test",
        witness=None,
        note="raises on purpose: a 500 for any signed-in user",
    ),
    # --- The admin's shell: every role ---------------------------------------------------
    Rule(
        "dashboard, account, logout, dismissibles",
        STAFF,
        name="wagtailadmin_(home|account|logout|dismissibles)",
    ),
    Rule(
        "link choosers (external, email, phone, anchor): forms, no data",
        STAFF,
        name="wagtailadmin_choose_page_(external|email|phone|anchor)_link",
    ),
    Rule(
        "tag autocomplete",
        STAFF,
        name="wagtailadmin_tag_(model_)?autocomplete",
        witness=None,
        fill=lambda w, r: (
            {"app_name": "wagtaildocs", "model_name": "document"} if "model" in r.name else {}
        ),
    ),
    Rule(
        "editing sessions: ping (on the campaign page)",
        PAGE_EDITORS,
        name="wagtailadmin_editing_sessions:ping",
        fill=lambda w, r: {
            "app_label": "wagtailcore",
            "model_name": "page",
            "object_id": str(w.ids["campaign"]),
            "session_id": w.ids["editing_session"],
        },
        changes=True,
        witness=None,
    ),
    Rule(
        "editing sessions: release (the superuser's session)",
        SUPERUSER,
        name="wagtailadmin_editing_sessions:release",
        fill=kw(session_id="@editing_session"),
        changes=True,
        witness=None,
        noop_ok=True,
        note="answers 200 to anyone, and deletes only the caller's own sessions",
    ),
    Rule(
        "block preview",
        PAGE_EDITORS,
        name="wagtailadmin_block_preview",
        witness=None,
        note="404 without a registered block id, for everyone",
    ),
    # --- The admin API (/admin/api/main/): page, image, document reads -------------------
    Rule(
        "admin API: pages (scoped to the explorable tree)",
        PAGE_EDITORS | {"reviewer"},
        name="wagtailadmin_api:pages:(listing|detail|find)",
        fill=admin_api("in_review"),
        hides=lambda w: ['"id"'],
    ),
    Rule(
        "admin API: images",
        IMAGE_CHOOSERS,
        name="wagtailadmin_api:images:(listing|detail|find)",
        fill=admin_api("image"),
        hides=lambda w: ['"id"'],
    ),
    Rule(
        "admin API: documents",
        IMAGE_CHOOSERS,
        name="wagtailadmin_api:documents:(listing|detail|find)",
        fill=admin_api("document"),
        hides=lambda w: ['"id"'],
    ),
    # Page actions, on the page waiting for the funder's approval.
    Rule(
        "admin API: publish, unpublish, move, delete, revert a page in review",
        SUPERUSER,
        name="wagtailadmin_api:pages:action",
        pattern="/action/(publish|unpublish|move|delete|revert_to_page_revision)/$",
        fill=api_action,
        changes=True,
        data=lambda w: {
            "revision_id": w.ids["in_review_earlier_revision"],
            "destination_page_id": w.ids["guinea"],
        },
        json=True,
        note="a page waiting on the funder changes only by the funder's approval",
    ),
    Rule(
        "admin API: aliases and translation copies",
        SUPERUSER,
        name="wagtailadmin_api:pages:action",
        pattern="/action/(create_alias|copy_for_translation)/$",
        fill=api_action,
        changes=True,
        data=lambda w: {"destination_page_id": w.ids["guinea"], "locale": "fr"},
        json=True,
        note="campaigns.access.admin_api_guards: superusers only on this site",
    ),
    Rule(
        "admin API: convert an alias (Wagtail: who may edit it)",
        PAGE_EDITORS,
        name="wagtailadmin_api:pages:action",
        pattern="/action/convert_alias/$",
        fill=lambda w, r: {"pk": w.ids["alias"], **r.fixed_kwargs},
        changes=True,
        json=True,
    ),
    Rule(
        "admin API: copy a page",
        PAGE_AUTHORS,
        name="wagtailadmin_api:pages:action",
        pattern="/action/copy/$",
        fill=api_action,
        changes=True,
        data=lambda w: {"destination_page_id": w.ids["guinea"], "update_slug": "api-copy"},
        json=True,
    ),
    # --- Pages -------------------------------------------------------------------------------
    Rule(
        "page explorer and search",
        PAGE_EDITORS | {"reviewer"},
        name="wagtailadmin_explore(_root|_results)?|wagtailadmin_pages:search(_results)?",
        fill=lambda w, r: {"parent_page_id": w.ids["senegal"]} if "parent" in r.pattern else {},
    ),
    Rule(
        "page chooser",
        PAGE_EDITORS | {"reviewer"},
        name="wagtailadmin_choose_page(_child|_search|_chosen_multiple)?",
        hides=lambda w: ["Night crossing", "Sea route", "The boat"],
        fill=lambda w, r: {"parent_page_id": w.ids["senegal"]} if "parent" in r.pattern else {},
    ),
    Rule(
        "page type usage",
        PAGE_EDITORS | {"reviewer"},
        name="wagtailadmin_pages:type_use(_results)?",
        fill=kw(content_type_app_name="campaigns", content_type_model_name="campaignpage"),
    ),
    Rule(
        "add a page: choose its parent (a form; the add view refuses)",
        PAGE_AUTHORS,
        name="wagtailadmin_pages:choose_parent",
        changes=True,
        fill=kw(app_label="campaigns", model_name="campaignpage"),
        data=lambda w: {"parent_page": str(w.ids["senegal"])},
        hides=lambda w: ["/admin/pages/add/"],
    ),
    Rule(
        "add a page",
        PAGE_AUTHORS,
        name="wagtailadmin_pages:(add|preview_on_add|add_subpage)",
        fill=lambda w, r: {
            "add": kw(
                content_type_app_name="campaigns",
                content_type_model_name="campaignpage",
                parent_page_id="@senegal",
            ),
            "preview_on_add": kw(
                content_type_app_name="campaigns",
                content_type_model_name="campaignpage",
                parent_page_id="@senegal",
            ),
            "add_subpage": kw(parent_page_id="@senegal"),
        }[r.name.split(":")[1]](w, r),
        changes=True,
    ),
    Rule(
        "edit a page, preview it, see its draft",
        PAGE_EDITORS,
        name="wagtailadmin_pages:(edit|preview_on_edit|view_draft)",
        fill=kw(page_id="@campaign"),
        changes=True,
        data=reason,
    ),
    Rule(
        "copy_translation_content (wagtail-modeltranslation)",
        PAGE_EDITORS,
        pattern=r"copy_translation_content",
        fill=copy_translation_content,
        changes=True,
        witness=None,
        note="no permission check of its own; 500 without X-Requested-With",
    ),
    Rule(
        "page usage, history",
        PAGE_EDITORS | {"reviewer"},
        name="wagtailadmin_pages:(usage|history|history_results)",
        fill=kw(page_id="@campaign"),
    ),
    Rule(
        "page revisions: list, view, compare",
        PAGE_EDITORS | {"reviewer"},
        name="wagtailadmin_pages:revisions_(index|view|compare)",
        fill=lambda w, r: (
            {"pk": w.ids["changed"], "revision_id_a": "earliest", "revision_id_b": "latest"}
            if r.name.endswith("compare")
            else {
                "page_id": w.ids["changed"],
                **(
                    {"revision_id": w.ids["earlier_revision"]} if "revision_id" in r.pattern else {}
                ),
            }
        ),
    ),
    Rule(
        "revert a page in review to an earlier revision",
        SUPERUSER,
        name="wagtailadmin_pages:revisions_revert",
        fill=kw(page_id="@in_review", revision_id="@in_review_earlier_revision"),
        changes=True,
        note="a page locked in review changes only by its reviewers' decision",
    ),
    Rule(
        "unschedule a page revision",
        PUBLISHERS,
        name="wagtailadmin_pages:revisions_unschedule",
        fill=kw(page_id="@changed", revision_id="@revision"),
        changes=True,
    ),
    Rule(
        "convert an alias into a page (Wagtail: who may edit it)",
        PAGE_EDITORS,
        name="wagtailadmin_pages:convert_alias",
        fill=kw(page_id="@alias"),
        changes=True,
        note="the same content stays live; no new content is published",
    ),
    Rule(
        "delete, unpublish, move, reorder, privacy",
        PUBLISHERS,
        name="wagtailadmin_pages:(delete|unpublish|move|move_confirm|set_page_position"
        "|set_privacy)",
        fill=lambda w, r: {
            "delete": kw(page_id="@campaign"),
            "unpublish": kw(page_id="@campaign"),
            "move": kw(page_to_move_id="@campaign"),
            "move_confirm": kw(page_to_move_id="@campaign", destination_id="@guinea"),
            "set_page_position": kw(page_to_move_id="@changed"),
            "set_privacy": kw(page_id="@campaign"),
        }[r.name.split(":")[1]](w, r),
        changes=True,
        data=lambda w: {"restriction_type": "login"},
    ),
    Rule(
        "copy a page",
        PAGE_AUTHORS,
        name="wagtailadmin_pages:copy",
        fill=kw(page_id="@campaign"),
        changes=True,
        data=page_copy_form,
        rerender_ok=True,
        opens=frozenset({"translator"}),
        note="Wagtail's copy form needs 'change'; the copy itself needs 'add' on the parent",
    ),
    Rule(
        "lock a page",
        PAGE_LOCKERS,
        name="wagtailadmin_pages:lock",
        fill=kw(page_id="@campaign"),
        changes=True,
    ),
    Rule(
        "unlock a page",
        ADMINS,
        name="wagtailadmin_pages:unlock",
        fill=kw(page_id="@campaign"),
        changes=True,
    ),
    Rule(
        "page review: the funder's approval",
        FUNDER_REVIEW,
        name="wagtailadmin_pages:(workflow_action|collect_workflow_action_data)",
        fill=kw(page_id="@in_review", action_name="approve", task_state_id="@task_state"),
        changes=True,
        data=lambda w: {"comment": "fine by me"},
    ),
    Rule(
        "page review: the 'publishing will cancel the review' text (Wagtail: no check)",
        STAFF,
        name="wagtailadmin_pages:confirm_workflow_cancellation",
        fill=kw(page_id="@in_review"),
    ),
    Rule(
        "page review: preview, history",
        WORKFLOW_WATCHERS,
        name="wagtailadmin_pages:(workflow_preview|workflow_history|workflow_history_detail)",
        fill=lambda w, r: {
            "workflow_preview": kw(page_id="@in_review", task_id="@funder_task"),
            "workflow_history": kw(page_id="@in_review"),
            "workflow_history_detail": kw(
                page_id="@in_review", workflow_state_id="@workflow_state"
            ),
        }[r.name.split(":")[1]](w, r),
    ),
    Rule(
        "bulk publish pages",
        PUBLISHERS,
        name="wagtail_bulk_action",
        pattern="^admin/bulk/wagtailcore/page/publish/$",
        fill=bulk("changed"),
        changes=True,
        rerender_ok=True,
    ),
    Rule(
        "bulk delete, move, unpublish pages",
        PUBLISHERS,
        name="wagtail_bulk_action",
        pattern="^admin/bulk/wagtailcore/page/(delete|move|unpublish)/$",
        fill=bulk("campaign"),
        changes=True,
        rerender_ok=True,
        data=lambda w: {"chooser": str(w.ids["guinea"])},
    ),
    # --- Reports (Wagtail's and the project's) --------------------------------------------
    Rule(
        "locked pages, aging pages, page types reports",
        PAGE_EDITORS | {"reviewer"},
        name="wagtailadmin_reports:(locked_pages|aging_pages|page_types_usage)(_results)?",
    ),
    Rule(
        "workflow reports",
        WORKFLOW_WATCHERS,
        name="wagtailadmin_reports:(workflow|workflow_tasks)(_results)?",
    ),
    Rule(
        "site history (scoped to what each user may edit or see)",
        CONTENT_READERS,
        name="wagtailadmin_reports:site_history(_results)?",
        hides=lambda w: ["Night crossing", "Poster", "Sea route", "IOM Senegal"],
    ),
    Rule(
        "translation status",
        CONTENT_READERS,
        hides=lambda w: ["Night crossing", "Radio spot", "The desert is not a road", "Poster"],
        name="campaigns_translation_status:(index|results|page|material)",
        fill=lambda w, r: (
            {"pk": w.ids["campaign"] if r.name.endswith("page") else w.ids["material"]}
            if "<int:pk>" in r.pattern
            else {}
        ),
    ),
    Rule(
        "reviewer's queue",
        FUNDER_REVIEW | ADMINS,
        hides=lambda w: ["Night crossing", "Radio spot"],
        name="campaigns_review_queue:(index|results|preview|compare)",
        fill=lambda w, r: (
            {"task_state_id": w.ids["task_state"]} if "task_state" in r.pattern else {}
        ),
    ),
    Rule(
        "review action confirmation: only who acted on the task state, once it is done (the "
        "world's task state waits: 403 for all)",
        frozenset(),
        name="campaigns_review_queue:done",
        fill=kw(task_state_id="@task_state"),
        witness=None,
    ),
    Rule("campaign audit", CONTENT_READERS, name="campaigns_audit:(index|results)"),
    Rule(
        "review comments (the funder's, on a task)",
        FUNDER_REVIEW,
        name="campaigns_review_comments:comments",
        fill=kw(task_state_id="@task_state"),
        changes=True,
        data=lambda w: {"field": "title_en", "comment": "too harsh"},
    ),
    Rule(
        "approval refused screen",
        WORKFLOW_WATCHERS,
        name="campaigns_approval_refused",
        fill=kw(task_state_id="@task_state"),
    ),
    # --- Collections, workflows, tasks, sites, users, groups, redirects, settings ---------
    Rule(
        "collections",
        SUPERUSER,
        name="wagtailadmin_collections:.*",
        fill=lambda w, r: (
            {"pk": w.ids["collection"]}
            if "<int:pk>" in r.pattern
            else {"collection_id": w.ids["collection"]}
            if "collection_id" in r.pattern
            else {}
        ),
        changes=True,
    ),
    Rule(
        "disable a workflow (the Funder review stays: refused to all)",
        SUPERUSER,
        name="wagtailadmin_workflows:disable",
        fill=kw(pk="@workflow"),
        changes=True,
        witness=None,
        note="issue 10 item 4; campaigns.access.admin_guards",
    ),
    Rule(
        "workflows and tasks",
        SUPERUSER,
        name="wagtailadmin_workflows:(index|index_results|add|enable|edit|usage"
        "|usage_results|remove|add_task|select_task_type|task_index|task_index_results"
        "|edit_task|disable_task|enable_task)",
        fill=lambda w, r: {
            "pk": w.ids["funder_task"] if "task" in r.name else w.ids["workflow"],
            "page_pk": w.ids["home"],
            "workflow_pk": w.ids["workflow"],
            "app_label": "campaigns",
            "model_name": "reviewtask",
            "task_id": w.ids["funder_task"],
        },
        changes=True,
        note="issue 10 item 4: workflows belong to superusers (kwargs not in the URL are "
        "dropped by fill_url)",
    ),
    Rule(
        "task chooser (Wagtail lists the tasks' names to any admin user)",
        STAFF,
        name="wagtailadmin_workflows:(task_chooser|task_chooser_results|task_chooser_create"
        "|task_chosen)",
        fill=kw(task_id="@funder_task"),
        note="creating a task needs add_task: without it the create POST answers 400",
    ),
    Rule(
        "users: the listing, a new user",
        ADMINS,
        name="wagtailusers_users:(index|index_results|add)",
        changes=True,
        note="administrators: the users of the roles they grant, never the superuser flag "
        "(issue 10 item 4, campaigns.access.admin_guards)",
        data=lambda w: {
            "username": "route-new-root",
            "email": "new-root@example.org",
            "password1": "pwned-pwned-1",
            "password2": "pwned-pwned-1",
            "is_superuser": "on",
            "groups": [str(w.ids["group_admins"])],
        },
    ),
    Rule(
        "users: a superuser's history, usage, copy form",
        ADMINS,
        name="wagtailusers_users:(history|history_results|usage|copy)",
        fill=kw(pk="@user"),
        note="the copy form only prefills the add form, whose superuser flag is refused",
    ),
    Rule(
        "users: edit or delete a superuser's account",
        SUPERUSER,
        name="wagtailusers_users:(edit|delete)",
        fill=kw(pk="@user"),
        changes=True,
        refusal_text="Only a superuser may change or delete a superuser",
        note="issue 10 item 4: an Administrator never edits a superuser's password or email",
        data=lambda w: {
            "password1": "pwned-pwned-1",
            "password2": "pwned-pwned-1",
            "is_superuser": "on",
            "username": "route-superuser",
            "email": "x@example.org",
        },
    ),
    Rule(
        "bulk actions on users (a superuser chosen)",
        SUPERUSER,
        name="wagtail_bulk_action",
        pattern="^admin/bulk/auth/user/",
        fill=bulk("user"),
        changes=True,
        rerender_ok=True,
        refusal_text="Only a superuser may change or delete a superuser",
        data=lambda w: {"role": str(w.ids["group_admins"]), "mark_as_active": "False"},
        opens=frozenset({"admin"}),  # the confirmation form; the POST is refused
    ),
    Rule("groups", SUPERUSER, name="wagtailusers_groups:.*", fill=kw(pk="@group"), changes=True),
    Rule("sites", SUPERUSER, name="wagtailsites:.*", fill=kw(pk="@site"), changes=True),
    Rule(
        "redirects",
        ADMINS,
        name="wagtailredirects:.*",
        fill=kw(redirect_id="@redirect"),
        changes=True,
    ),
    # Settings > Reporting settings (the reports' due day); its row exists (setup_roles), so
    # opening it writes nothing. Without a pk, Wagtail redirects to the row (no check of its
    # own: the edit view refuses).
    Rule(
        "settings: reporting settings",
        VALIDATORS,
        name="wagtailsettings:edit",
        pattern=r"<int:pk>/$",
        fill=reporting_settings,
        changes=True,
        data=lambda w: {"reports_due_day": "3"},
    ),
    Rule(
        "settings: reporting settings, the redirect to its row",
        VALIDATORS,
        name="wagtailsettings:edit",
        pattern=r"<slug:model_name>/$",
        fill=reporting_settings,
    ),
    Rule(
        "settings: preview (no setting is previewable: 404 for all)",
        frozenset(),
        name="wagtailsettings:preview_on_edit",
        fill=reporting_settings,
        witness=None,
    ),
    Rule(
        "translator languages",
        ADMINS,
        name="translator_languages:.*",
        fill=kw(pk="@translatorlanguages"),
        changes=True,
    ),
    Rule(
        "interface words: the languages one may set words in",
        PAGE_EDITORS,
        name="interface_words:index",
    ),
    Rule(
        "interface words of one language (Wolof: the world's translator is not limited)",
        PAGE_EDITORS,
        name="interface_words:edit",
        fill=kw(code="wo"),
        changes=True,
        data=interface_word_form,
    ),
    Rule(
        "translations as PO files: export (a campaign, a country or an item; download by POST)",
        PAGE_EDITORS,
        name="po_translations:export",
    ),
    Rule(
        "translations as PO files: import (checked, then drafts sent to review)",
        PAGE_EDITORS,
        name="po_translations:import",
        changes=True,
        data=po_upload,
    ),
    Rule(
        "embeds chooser (Wagtail: no check; fetches only from the oEmbed providers)",
        STAFF,
        name="wagtailembeds:(chooser|chooser_upload)",
    ),
    Rule(
        "snippets index (empty: every snippet is in a menu group; 403 for all)",
        frozenset(),
        name="wagtailsnippets:index",
        witness=None,
    ),
    Rule(
        "snippet choosers' create views: none has a creation form, 404 for all",
        frozenset(),
        name=r"wagtailsnippetchoosers_campaigns_\w+:create",
        changes=True,
        witness=None,
        note="campaigns.access.admin_refusals (issue 10 item 12)",
    ),
    # --- Images ------------------------------------------------------------------------------
    Rule("images: listing", IMAGE_CHOOSERS, name="wagtailimages:(index|index_results)"),
    Rule(
        "images: add",
        IMAGE_ADDERS,
        name="wagtailimages:(add|add_multiple|create_multiple_from_uploaded_image"
        "|delete_upload_multiple)",
        fill=kw(uploaded_file_id=999999),
        changes=True,
    ),
    Rule(
        "images: URL generator (no dynamic image serve URL: 404 for all)",
        IMAGE_CHANGERS,
        name="wagtailimages:(url_generator|url_generator_output)",
        fill=kw(image_id="@image"),
        witness=None,
    ),
    Rule(
        "images: edit",
        IMAGE_CHANGERS,
        name="wagtailimages:(edit|edit_multiple|preview|image_usage)",
        fill=kw(image_id="@image", filter_spec="original"),
        changes=True,
        data=reason,
    ),
    Rule(
        "images: delete",
        ADMINS,
        name="wagtailimages:(delete|delete_multiple)",
        fill=kw(image_id="@image"),
        changes=True,
    ),
    Rule(
        "images: chooser",
        IMAGE_CHOOSERS,
        name="wagtailimages_chooser:(choose|choose_results|chosen|chosen_multiple|select_format)",
        fill=kw(pk="@image", image_id="@image"),
        hides=lambda w: ["Photo", "photo"],
    ),
    Rule(
        "images: chooser's upload", IMAGE_ADDERS, name="wagtailimages_chooser:create", changes=True
    ),
    Rule(
        "images: bulk tags, collection",
        IMAGE_CHANGERS,
        name="wagtail_bulk_action",
        pattern="^admin/bulk/campaigns/campaignimage/(add_tags|add_to_collection)/$",
        fill=bulk_by_model,
        changes=True,
        rerender_ok=True,
        data=lambda w: {"tags": "leaked", "collection": str(w.ids["collection"])},
    ),
    Rule(
        "images: bulk delete",
        ADMINS,
        name="wagtail_bulk_action",
        pattern="^admin/bulk/campaigns/campaignimage/delete/$",
        fill=bulk_by_model,
        changes=True,
        rerender_ok=True,
    ),
    # --- Documents ---------------------------------------------------------------------------
    Rule("documents: listing", IMAGE_CHOOSERS, name="wagtaildocs:(index|index_results)"),
    Rule(
        "documents: add, edit",
        DOCUMENT_CHANGERS,
        name="wagtaildocs:(add|add_multiple|create_multiple_from_uploaded_document"
        "|delete_upload_multiple|edit|edit_multiple|document_usage)",
        fill=kw(document_id="@document", doc_id="@document", uploaded_file_id=999999),
        changes=True,
        data=reason,
    ),
    Rule(
        "documents: delete",
        ADMINS,
        name="wagtaildocs:(delete|delete_multiple)",
        fill=kw(document_id="@document", doc_id="@document"),
        changes=True,
    ),
    Rule(
        "documents: chooser",
        IMAGE_CHOOSERS,
        name="wagtaildocs_chooser:(choose|choose_results|chosen|chosen_multiple)",
        fill=kw(pk="@document"),
        hides=lambda w: ["poster"],
    ),
    Rule(
        "documents: chooser's upload",
        DOCUMENT_CHANGERS,
        name="wagtaildocs_chooser:create",
        changes=True,
    ),
    Rule(
        "documents: bulk tags, collection",
        DOCUMENT_CHANGERS,
        name="wagtail_bulk_action",
        pattern="^admin/bulk/wagtaildocs/document/(add_tags|add_to_collection)/$",
        fill=bulk("document"),
        changes=True,
        rerender_ok=True,
        data=lambda w: {"tags": "leaked", "collection": str(w.ids["collection"])},
    ),
    Rule(
        "documents: bulk delete",
        ADMINS,
        name="wagtail_bulk_action",
        pattern="^admin/bulk/wagtaildocs/document/delete/$",
        fill=bulk("document"),
        changes=True,
        rerender_ok=True,
    ),
    # --- Materials: the generic snippet views, and their revisions and reviews -------------
    *snippet_rules("material", CONTENT_READERS, MATERIAL_AUTHORS, MATERIAL_EDITORS, ADMINS),
    Rule(
        "material: preview",
        MATERIAL_EDITORS,
        name="wagtailsnippets_campaigns_material:preview_on_(add|edit)",
        fill=lambda w, r: {"pk": w.ids["material"]} if r.name.endswith("edit") else {},
    ),
    Rule(
        "material: revisions, view, compare",
        CONTENT_READERS,
        name="wagtailsnippets_campaigns_material:revisions_(view|compare)",
        fill=lambda w, r: (
            {"pk": w.ids["material"], "revision_id_a": "earliest", "revision_id_b": "latest"}
            if r.name.endswith("compare")
            else {"pk": w.ids["material"], "revision_id": w.ids["material_earlier_revision"]}
        ),
    ),
    Rule(
        "material: revert a material in review",
        SUPERUSER,
        name="wagtailsnippets_campaigns_material:revisions_revert",
        fill=lambda w, r: {
            "pk": w.ids["material_in_review"],
            "revision_id": w.ids["material_in_review_revision"],
        },
        changes=True,
    ),
    Rule(
        "material: unschedule, unpublish, unlock",
        ADMINS,
        name="wagtailsnippets_campaigns_material:(revisions_unschedule|unpublish|unlock)",
        fill=lambda w, r: {
            "pk": w.ids["material"],
            **({"revision_id": w.ids["material_revision"]} if "revision_id" in r.pattern else {}),
        },
        changes=True,
    ),
    Rule(
        "material: lock",
        PAGE_LOCKERS,
        name="wagtailsnippets_campaigns_material:lock",
        fill=snippet_pk,
        changes=True,
    ),
    Rule(
        "material: the funder's approval",
        FUNDER_REVIEW,
        name="wagtailsnippets_campaigns_material:(workflow_action|collect_workflow_action_data)",
        fill=kw(
            pk="@material_in_review", action_name="approve", task_state_id="@material_task_state"
        ),
        changes=True,
        data=lambda w: {"comment": "fine by me"},
    ),
    Rule(
        "material: the 'publishing will cancel the review' text (Wagtail: no check)",
        STAFF,
        name="wagtailsnippets_campaigns_material:confirm_workflow_cancellation",
        fill=kw(pk="@material_in_review"),
    ),
    Rule(
        "material: review preview, history",
        WORKFLOW_WATCHERS,
        name="wagtailsnippets_campaigns_material:(workflow_preview|workflow_history"
        "|workflow_history_detail)",
        fill=kw(
            pk="@material_in_review",
            task_id="@funder_task",
            workflow_state_id="@material_workflow_state",
        ),
    ),
    # --- Countries, channels -----------------------------------------------------------------
    *snippet_rules("country", COUNTRY_READERS, COUNTRY_WRITERS, COUNTRY_WRITERS, ADMINS),
    *snippet_rules("channel", CONTENT_READERS, ADMINS, ADMINS, ADMINS),
    # --- Funding -----------------------------------------------------------------------------
    *snippet_rules("funder", FUNDING_READERS, FUNDING_WRITERS, FUNDING_WRITERS, FUNDING_WRITERS),
    *snippet_rules(
        "fundingagreement", FUNDING_READERS, FUNDING_WRITERS, FUNDING_WRITERS, FUNDING_WRITERS
    ),
    *snippet_rules(
        "allocation", FUNDING_READERS, FUNDING_WRITERS, FUNDING_WRITERS, FUNDING_WRITERS, copy=False
    ),
    # --- Reach: reference data ---------------------------------------------------------------
    *snippet_rules("indicator", REACH_ROLES, REACH_MANAGERS, REACH_MANAGERS, REACH_MANAGERS),
    *snippet_rules("ageband", REACH_ROLES, REACH_MANAGERS, REACH_MANAGERS, REACH_MANAGERS),
    *snippet_rules("target", REACH_ROLES, REACH_MANAGERS, REACH_MANAGERS, REACH_MANAGERS),
    *snippet_rules("reportingorganisation", ORGANISATION_READERS, ADMINS, ADMINS, ADMINS),
    # --- Reach: Senegal's report -----------------------------------------------------------
    Rule(
        "reach reports: listing, chooser (scoped rows)",
        REACH_ROLES,
        name=r"wagtailsnippets_campaigns_reachreport:(list|list_results)"
        r"|wagtailsnippetchoosers_campaigns_reachreport:(choose|choose_results"
        r"|chosen_multiple)",
        hides=lambda w: ["IOM Senegal", "Dakar"],
    ),
    Rule(
        "reach report: read screens of Senegal's report",
        SEES_SENEGAL_REPORT,
        name=r"wagtailsnippets_campaigns_reachreport:(inspect|usage|history|history_results)"
        r"|wagtailsnippetchoosers_campaigns_reachreport:chosen"
        r"|reach_reports:(revisions|attachment)",
        fill=lambda w, r: {
            "pk": w.ids["reachattachment"]
            if r.name.endswith("attachment")
            else w.ids["reachreport"]
        },
    ),
    Rule(
        "reach report: add",
        REACH_REPORTERS,
        name="wagtailsnippets_campaigns_reachreport:add",
        changes=True,
    ),
    Rule(
        "reach report: edit, delete, submit, correct, attach to Senegal's report",
        CHANGES_SENEGAL_REPORT,
        name=r"wagtailsnippets_campaigns_reachreport:(edit|delete)"
        r"|reach_reports:(submit|correct|delete_attachment)",
        fill=lambda w, r: {
            "pk": w.ids["reachattachment"] if "attachment" in r.name else w.ids["reachreport"]
        },
        changes=True,
        data=reason,
    ),
    Rule(
        "reach report: attach a file to Senegal's report",
        CHANGES_SENEGAL_REPORT,
        name="reach_reports:attach",
        fill=kw(pk="@reachreport"),
        changes=True,
        witness=None,
        data=lambda w: {
            "file": SimpleUploadedFile("sheet.csv", b"a,b\n1,2\n"),
            "title": "Not yours",
        },
    ),
    Rule(
        "reach report: bulk delete",
        CHANGES_SENEGAL_REPORT,
        name="wagtail_bulk_action",
        pattern="^admin/bulk/campaigns/reachreport/delete/$",
        fill=bulk("reachreport"),
        changes=True,
        rerender_ok=True,
    ),
    Rule(
        "reach report: bulk submit (issue 12 item 2)",
        CHANGES_SENEGAL_REPORT,
        name="wagtail_bulk_action",
        pattern="^admin/bulk/campaigns/reachreport/submit/$",
        fill=bulk("reachreport"),
        changes=True,
        rerender_ok=True,
    ),
    Rule(
        "reach report: bulk validate, return (issue 12 item 2)",
        VALIDATORS,
        name="wagtail_bulk_action",
        pattern="^admin/bulk/campaigns/reachreport/(validate|return)/$",
        fill=bulk("reachreport"),
        changes=True,
        data=reason,
        rerender_ok=True,
    ),
    Rule(
        "reach report: validate, return, lock",
        VALIDATORS,
        name="reach_reports:(validate|return|lock)",
        fill=kw(pk="@reachreport"),
        changes=True,
        data=reason,
    ),
    Rule("reach: locked months", REACH_ROLES, name="reach_reports:months"),
    Rule(
        "reach: lock a month",
        VALIDATORS,
        name="reach_reports:lock_month",
        changes=True,
        data=lambda w: {"country": str(w.ids["country"]), "month": "2026-03"},
    ),
    Rule(
        "reach: reopen a month (issue 12 item 3)",
        VALIDATORS,
        name="reach_reports:reopen_month",
        changes=True,
        data=lambda w: {"country": str(w.ids["country"]), "month": "2026-03", "reason": "x"},
    ),
    Rule("reach: API token screen", REACH_ROLES, name="reach_api_token", changes=True),
    # Who reports and who checks reporting; a reporter sees their organisations only.
    Rule("reporting: reporting overview", REACH_REPORTERS, name="reporting:overview"),
    # Every organisation's figures beside the funders' amounts: validators and finance only.
    # Its file and the dashboard's are queued by a POST only (a GET shows the button).
    Rule("reporting: IATI export", VALIDATORS | {"finance"}, name="reporting:iati", changes=True),
    # Who reads figures (a reporter: their organisations'); finance: published totals only.
    Rule("reporting: dashboard", REACH_ROLES | {"finance"}, name="reporting:dashboard"),
    Rule(
        "reporting: dashboard export (CSV, XLSX, HXL)",
        REACH_ROLES | {"finance"},
        name="reporting:dashboard_export",
        fill=kw(fmt="csv"),
        changes=True,
    ),
    # An export's page and file: the user who asked only (tests/reporting/test_export_tasks.py);
    # any other id, guessed or not, is a 404 to everyone.
    Rule(
        "reporting: an export's page and file (issue 16)",
        frozenset(),
        name="reporting:export(_file)?",
        fill=kw(result_id="0f8fad5b-d9cb-469f-a165-70867728950e"),
        witness=None,
        note="only the user who asked: tests/reporting/test_export_tasks.py",
    ),
    # Funders' money beside every organisation's figures: the IATI export's readers.
    Rule("reporting: cost per person reached", VALIDATORS | {"finance"}, name="reporting:cost"),
    Rule(
        "reach: spreadsheet import screens",
        REACH_REPORTERS,
        name="reach_spreadsheet:(index|template|upload)",
        changes=True,
    ),
    Rule(
        "reach: Senegal's import run and its row report",
        CHANGES_SENEGAL_REPORT,
        name="reach_spreadsheet:(result|row_report)",
        fill=lambda w, r: {
            "pk": w.ids["reachimport"],
            **({"file_format": "csv"} if "file_format" in r.pattern else {}),
        },
    ),
    Rule(
        "reach: run a stalled import again (issue 16)",
        CHANGES_SENEGAL_REPORT,
        name="reach_spreadsheet:retry",
        fill=kw(pk="@reachimport"),
        changes=True,
        witness=None,
        note="POST only",
    ),
    Rule(
        "reach: submit Senegal's import run",
        CHANGES_SENEGAL_REPORT,
        name="reach_spreadsheet:submit",
        fill=kw(pk="@reachimport"),
        changes=True,
        witness=None,
        note="POST only",
    ),
    # --- Reach: the API (/api/v1/) ----------------------------------------------------------
    Rule(
        "API root and schema",
        EVERYONE,
        name="api-root|api-schema",
        fill=lambda w, r: "/api/v1/.json" if "<drf_format_suffix" in r.pattern else {},
    ),
    Rule(
        "API reference data (scoped rows)",
        REACH_ROLES,
        name="reach-(campaign|indicator|age-band|organisation)-list",
        fill=drf(),
    ),
    Rule(
        "API reference item",
        REACH_ROLES,
        name="reach-(indicator|age-band)-detail",
        fill=lambda w, r: drf({"code": "people-reached" if "indicator" in r.name else "15-24"})(
            w, r
        ),
    ),
    Rule(
        "API: Senegal's campaign and organisation",
        SEES_SENEGAL_REPORT | VALIDATORS,
        name="reach-(campaign|organisation)-detail",
        fill=lambda w, r: drf(
            {"code": "$campaign_code"} if "campaign" in r.name else {"pk": "@reportingorganisation"}
        )(w, r),
    ),
    Rule(
        "API: reports list, create, bulk",
        REACH_ROLES,
        name="reach-report-(list|bulk)",
        fill=drf(),
        changes=True,
        json=True,
        data=lambda w: {"campaign": w.extra["campaign_code"]},
        note="reads are scoped; writes need the reporter's permission",
    ),
    Rule(
        "API: Senegal's report",
        SEES_SENEGAL_REPORT,
        name="reach-report-detail",
        fill=drf({"pk": "@reachreport"}),
        changes=True,
        json=True,
        data=report_patch,
        method="patch",
    ),
    Rule(
        "API: submit Senegal's report",
        CHANGES_SENEGAL_REPORT,
        name="reach-report-submit",
        fill=drf({"pk": "@reachreport"}),
        changes=True,
        json=True,
    ),
    Rule(
        "API: validate, return, lock",
        VALIDATORS,
        name="reach-report-(validate|return|lock)",
        fill=drf({"pk": "@reachreport"}),
        changes=True,
        json=True,
        data=reason,
    ),
    # Readers of reach figures (reporters: their organisations'); not translators (no figures).
    Rule("reporting: languages and materials", REACH_ROLES, name="reporting:languages"),
]
