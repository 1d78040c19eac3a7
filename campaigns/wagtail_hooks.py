"""Admin hooks: the content snippets, and the translation status report and its links."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet

from campaigns import guards
from campaigns.admin_access import is_content_user
from campaigns.funding.viewsets import FundingViewSetGroup
from campaigns.models import Material
from campaigns.reach.viewsets import ReachViewSetGroup
from campaigns.translation_status import status_fields
from campaigns.views import audit, publish_refused, review_queue, translation_status
from campaigns.viewsets import ContentViewSetGroup

register_snippet(ContentViewSetGroup)


@hooks.register("register_admin_urls")
def register_translation_status_urls():
    return [path("reports/translation-status/", include(translation_status))]


class TranslationStatusMenuItem(MenuItem):
    def is_shown(self, request):
        return is_content_user(request.user)  # as the report's views (campaigns.admin_access)


@hooks.register("register_reports_menu_item")
def register_translation_status_menu_item():
    return TranslationStatusMenuItem(
        _("Translation status"),
        reverse(f"{translation_status.app_name}:index"),
        name="translation-status",
        icon_name="globe",
        order=1300,
    )


@hooks.register("register_page_header_buttons")
def translation_status_page_button(page, user, view_name, next_url=None):
    if page.specific_class and status_fields(page.specific_class) and is_content_user(user):
        yield Button(
            _("Translation status"),
            reverse(f"{translation_status.app_name}:page", args=[page.pk]),
            icon_name="globe",
            priority=90,
        )


@hooks.register("register_snippet_listing_buttons")
def translation_status_material_button(snippet, user, next_url=None):
    if isinstance(snippet, Material) and is_content_user(user):
        yield Button(
            _("Translation status"),
            reverse(f"{translation_status.app_name}:material", args=[snippet.pk]),
            icon_name="globe",
            priority=90,
        )


# --- Reviewer's queue and campaign audit (campaigns.views.review_queue, campaigns.views.audit) ---


@hooks.register("register_admin_urls")
def register_review_queue_and_audit_urls():
    return [
        path("reports/review-queue/", include(review_queue)),
        path("reports/campaign-audit/", include(audit)),
    ]


class ReviewQueueMenuItem(MenuItem):
    def is_shown(self, request):
        return review_queue.user_is_reviewer(request.user)


@hooks.register("register_reports_menu_item")
def register_review_queue_menu_item():
    return ReviewQueueMenuItem(
        _("Reviewer's queue"),
        reverse(f"{review_queue.app_name}:index"),
        name="review-queue",
        icon_name="tasks",
        order=1250,
    )


@hooks.register("register_reports_menu_item")
def register_campaign_audit_menu_item():
    return audit.AuditMenuItem(
        _("Campaign audit"),
        reverse(f"{audit.app_name}:index"),
        name="campaign-audit",
        icon_name="history",
        order=1350,
    )


@hooks.register("construct_homepage_panels")
def add_review_queue_panel(request, panels):
    panels.append(review_queue.ReviewQueuePanel())


# --- Only publishers delete or move pages (campaigns.guards) ---

hooks.register("before_delete_page", guards.before_delete_page)
hooks.register("before_move_page", guards.before_move_page)
hooks.register("before_delete_snippet", guards.before_delete_snippet)  # not while in review
hooks.register("before_bulk_action", guards.before_bulk_action)

# --- Where the funder's review applies, only its approval publishes (campaigns.guards) ---

hooks.register("before_publish_page", guards.before_publish_page)
hooks.register("before_publish", guards.before_publish)
hooks.register("before_bulk_action", guards.before_bulk_publish)
hooks.register("before_copy_page", guards.before_copy_page, order=-1)  # before modeltranslation's
hooks.register("construct_page_action_menu", guards.hide_publish_button)
hooks.register("construct_snippet_action_menu", guards.hide_publish_button)


# --- Translator languages: Settings > Translator languages (campaigns.viewsets) ---


@hooks.register("register_admin_viewset")
def register_translator_languages_viewset():
    from campaigns.viewsets import TranslatorLanguagesViewSet

    return TranslatorLanguagesViewSet("translator_languages")


# --- Reviewers' comments on fields (campaigns.views.review_comments) ---


@hooks.register("register_admin_urls")
def register_review_comments_urls():
    from campaigns.views import review_comments

    return [path("reports/review-comments/", include(review_comments))]


# --- Nothing goes live while a publishing check fails (campaigns.publishing) ---

hooks.register("before_publish_page", publish_refused.before_publish_page)
hooks.register("before_publish", publish_refused.before_publish)
hooks.register("before_bulk_action", publish_refused.before_bulk_action)
hooks.register("after_edit_page", publish_refused.after_edit)
hooks.register("after_edit_snippet", publish_refused.after_edit)


@hooks.register("register_admin_urls")
def register_publish_refused_urls():
    return publish_refused.urlpatterns


# --- Funding: funders, agreements, allocations (campaigns.funding) ---

register_snippet(FundingViewSetGroup)


# --- Reach reporting: reports, indicators, organisations (campaigns.reach) ---

register_snippet(ReachViewSetGroup)

# Their admin URLs and "Reach" menu items (the `register_reach_menu_item` hook) register on import.
from campaigns import admin_api_guards as _admin_api_guards  # noqa: E402, F401
from campaigns import admin_guards as _admin_guards  # noqa: E402, F401
from campaigns import admin_refusals as _admin_refusals  # noqa: E402, F401
from campaigns import bulk_actions as _bulk_actions  # noqa: E402, F401
from campaigns import chooser_permissions as _chooser_permissions  # noqa: E402, F401
from campaigns import copy_views as _copy_views  # noqa: E402, F401  (a copy is a create)
from campaigns import exports as _exports  # noqa: E402, F401  (exports never hold formulas)
from campaigns import media_guards as _media_guards  # noqa: E402, F401
from campaigns import revert_guards as _revert_guards  # noqa: E402, F401
from campaigns.reach.admin import admin_hooks as _report_hooks  # noqa: E402, F401
from campaigns.reach.api import admin_hooks as _api_hooks  # noqa: E402, F401
from campaigns.reach.spreadsheet import admin_hooks as _spreadsheet_hooks  # noqa: E402, F401
