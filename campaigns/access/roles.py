"""Roles as Wagtail groups, their permissions, and the "Funder review" workflow.

`manage.py setup_roles` applies this (idempotent; `seed_demo` runs it too). The README's role
table describes the same rules; tests/test_permission_matrix.py checks them route by route.

Administrators run the content, reach reporting, funding and the people in the roles they may grant
(ASSIGNABLE_BY_ADMINISTRATORS); the machinery stays with superusers: workflows and tasks, groups and
their permissions, superusers, sites, locales and API tokens. Whatever a role's permissions say,
campaigns.access.admin_guards refuses the routes that would let an Administrator make or take over
an account above theirs, and keeps the "Funder review" assigned.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowContentType,
    WorkflowPage,
    WorkflowTask,
)

EDITORS = "Campaign editors"
TRANSLATORS = "Translators"
REVIEWERS = "Funder reviewers"
REPORTERS = "Country-office reporters"
ME_OFFICERS = "M&E officers"
FINANCE = "Finance officers"
ADMINISTRATORS = "Administrators"

WORKFLOW_NAME = "Funder review"
INTERNAL_TASK = "IOM internal review"
FUNDER_TASK = "Funder approval"

ACCESS_ADMIN = "wagtailadmin.access_admin"

FUNDING_MODELS = ("funder", "fundingagreement", "allocation")
VIEW_FUNDING = [f"campaigns.view_{model}" for model in FUNDING_MODELS]
CHANGE_FUNDING = [
    f"campaigns.{action}_{model}"
    for model in FUNDING_MODELS
    for action in ("add", "change", "delete", "view")
]

# Reach reporting (campaigns.reach): reporters' rows are scoped in campaigns.reach.access.
REPORT_FIGURES = [
    "campaigns.view_reachreport",
    "campaigns.add_reachreport",
    "campaigns.change_reachreport",
    "campaigns.delete_reachreport",  # drafts only (campaigns.reach.viewsets.reports)
    "campaigns.view_indicator",
    "campaigns.view_ageband",
    "campaigns.view_target",
    "campaigns.add_reachattachment",
    "campaigns.view_reachattachment",
    "campaigns.delete_reachattachment",  # while the report is open
    "campaigns.add_reachimport",
    "campaigns.view_reachimport",
]
READ_ALL_FIGURES = [
    "campaigns.view_reachreport",
    "campaigns.view_all_reachreport",
    "campaigns.view_indicator",
    "campaigns.view_ageband",
    "campaigns.view_target",
    "campaigns.view_reachattachment",
]
MANAGE_INDICATORS = [
    f"campaigns.{action}_{model}"
    for model in ("indicator", "ageband", "target")
    for action in ("add", "change", "delete", "view")
]
VALIDATE_FIGURES = [
    *REPORT_FIGURES,
    *MANAGE_INDICATORS,
    "campaigns.view_all_reachreport",
    "campaigns.validate_reachreport",
    "campaigns.add_monthlock",
    "campaigns.view_monthlock",
    "campaigns.view_reportingorganisation",
]
# Settings > Reporting settings (the reports' due day): M&E officers; Administrators have it too.
CHANGE_REPORTING_SETTINGS = "campaigns.change_reportingsettings"

# Model permissions ("app_label.codename") per role.
MODEL_PERMISSIONS = {
    EDITORS: [
        ACCESS_ADMIN,
        "campaigns.add_material", "campaigns.change_material", "campaigns.lock_material",
        "campaigns.add_country", "campaigns.change_country", "campaigns.view_country",
        "campaigns.view_channel", *VIEW_FUNDING, *READ_ALL_FIGURES,
    ],
    TRANSLATORS: [
        ACCESS_ADMIN,
        "campaigns.change_material", "campaigns.view_country", "campaigns.view_channel",
        *VIEW_FUNDING,
    ],
    REVIEWERS: [
        ACCESS_ADMIN,
        "campaigns.view_material", "campaigns.view_country", "campaigns.view_channel",
        *VIEW_FUNDING, *READ_ALL_FIGURES,
    ],
    REPORTERS: [ACCESS_ADMIN, *REPORT_FIGURES],
    ME_OFFICERS: [ACCESS_ADMIN, *VIEW_FUNDING, *VALIDATE_FIGURES, CHANGE_REPORTING_SETTINGS],
    FINANCE: [ACCESS_ADMIN, "campaigns.view_country", *CHANGE_FUNDING],
}  # fmt: skip

# Administrators: every permission of the campaigns app (content, funding, reach) but the review
# tasks' (a task's groups decide who approves), redirects, and the users of the roles they grant.
ADMINISTRATOR_EXCLUDED_MODELS = ("reviewtask",)
ADMINISTRATOR_PERMISSIONS = [
    ACCESS_ADMIN,
    *[f"auth.{action}_user" for action in ("add", "change", "delete", "view")],
    *[f"wagtailredirects.{action}_redirect" for action in ("add", "change", "delete", "view")],
]
# Roles an Administrator may grant, and whose members they may edit, deactivate or delete. Not the
# funder's: an Administrator who could make (or reset the password of) a Funder reviewer could
# approve in the funder's place. Superusers grant every group.
ASSIGNABLE_BY_ADMINISTRATORS = (
    EDITORS,
    TRANSLATORS,
    REPORTERS,
    ME_OFFICERS,
    FINANCE,
    ADMINISTRATORS,
)

# Page permissions on the site's home page, i.e. on the whole campaigns tree.
PAGE_PERMISSIONS = {
    EDITORS: ["add", "change", "lock"],
    TRANSLATORS: ["change"],
    ADMINISTRATORS: ["add", "change", "publish", "bulk_delete", "lock", "unlock"],
}

# Image and document permissions on the root collection.
COLLECTION_PERMISSIONS = {
    EDITORS: ["add_image", "change_image", "choose_image",
              "add_document", "change_document", "choose_document"],
    TRANSLATORS: ["choose_image", "choose_document", "add_document", "change_document"],
    REVIEWERS: ["choose_image", "choose_document"],
    FINANCE: ["add_image", "choose_image", "add_document", "change_document", "choose_document"],
    ADMINISTRATORS: ["add_image", "change_image", "delete_image", "choose_image",
                     "add_document", "change_document", "delete_document", "choose_document"],
}  # fmt: skip

ROLE_DESCRIPTIONS = {
    EDITORS: _("Creates and edits pages and materials and submits them for review."),
    TRANSLATORS: _("Edits the translations of pages and materials."),
    REVIEWERS: _("Previews, comments, approves or asks for changes; never edits."),
    REPORTERS: _("Logs reach figures for their organisation and countries."),
    ME_OFFICERS: _("Defines indicators and validates reach figures."),
    FINANCE: _("Records funders, agreements and allocations."),
    ADMINISTRATORS: _(
        "Manages content, reach reporting, funding and the users of every role but the "
        "funder's; runs the internal review. Workflows, groups and superusers stay with "
        "superusers."
    ),
}


def permission(label: str) -> Permission:
    app_label, codename = label.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def administrator_permissions():
    """ADMINISTRATOR_PERMISSIONS and the campaigns app's own, but the review tasks'."""
    labels = [label.split(".") for label in ADMINISTRATOR_PERMISSIONS]
    listed = Q()
    for app_label, codename in labels:
        listed |= Q(content_type__app_label=app_label, codename=codename)
    own = Q(content_type__app_label="campaigns") & ~Q(
        content_type__model__in=ADMINISTRATOR_EXCLUDED_MODELS
    )
    return Permission.objects.filter(listed | own)


def collection_permission(codename: str) -> Permission:
    """Wagtail checks image permissions on wagtailimages.Image, even with a custom image model."""
    app_label = "wagtailimages" if codename.endswith("_image") else "wagtaildocs"
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def setup_roles(tree_root: Page | None = None) -> dict[str, Group]:
    """Create or update every role's group; permissions are set exactly (extras removed)."""
    tree_root = tree_root or review_tree_root()
    root_collection = Collection.get_first_root_node()
    groups = {}
    for name in ROLE_DESCRIPTIONS:
        group, _created = Group.objects.get_or_create(name=name)
        groups[name] = group
        if name == ADMINISTRATORS:
            group.permissions.set(administrator_permissions())
        else:
            group.permissions.set([permission(label) for label in MODEL_PERMISSIONS[name]])
        GroupPagePermission.objects.filter(group=group).delete()
        if tree_root is not None:
            for kind in PAGE_PERMISSIONS.get(name, []):
                GroupPagePermission.objects.create(
                    group=group, page=tree_root, permission=permission(f"wagtailcore.{kind}_page")
                )
        GroupCollectionPermission.objects.filter(group=group).delete()
        if root_collection is not None:
            for codename in COLLECTION_PERMISSIONS.get(name, []):
                GroupCollectionPermission.objects.create(
                    group=group, collection=root_collection,
                    permission=collection_permission(codename),
                )  # fmt: skip
    setup_review_workflow(groups, tree_root)
    from campaigns.reporting.settings_models import ensure_reporting_settings

    ensure_reporting_settings()  # its row exists before anyone opens it: opening never writes
    return groups


def setup_review_workflow(groups: dict[str, Group], tree_root: Page | None) -> Workflow:
    """IOM's internal review, then the funder's approval, on the campaigns tree and materials."""
    from campaigns.models import ReviewTask

    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    workflow.active = True
    workflow.save()
    for order, (task_name, group) in enumerate(
        [(INTERNAL_TASK, groups[ADMINISTRATORS]), (FUNDER_TASK, groups[REVIEWERS])]
    ):
        task = ReviewTask.objects.filter(name=task_name).first() or ReviewTask.objects.create(
            name=task_name
        )
        task.groups.set([group])
        WorkflowTask.objects.update_or_create(
            workflow=workflow, task=task, defaults={"sort_order": order}
        )
    assign_review_workflow(workflow, tree_root)
    return workflow


def review_tree_root() -> Page | None:
    return Page.objects.filter(depth=2).first()


def assign_review_workflow(workflow: Workflow, tree_root: Page | None) -> None:
    """The review on the whole campaigns tree and on materials (idempotent)."""
    from campaigns.models import Material

    if tree_root is not None:
        WorkflowPage.objects.update_or_create(page=tree_root, defaults={"workflow": workflow})
    WorkflowContentType.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(Material),
        defaults={"workflow": workflow},
    )
