"""Content's admin: the content snippets, the reports (translation status, reviewer's queue,
campaign audit, reviewers' comments) and their links, translator languages, and the rules on
publishing, deleting, moving and copying (campaigns.content.guards, .views.publish_refused).

Nothing here registers on import: campaigns/wagtail_hooks.py calls ``register()`` once.
"""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import Button
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.snippets.models import register_snippet

from campaigns.access.admin_access import is_content_user
from campaigns.content import guards
from campaigns.content.models import Material, SiteSettings
from campaigns.content.translation_status import status_fields
from campaigns.content.views import (
    audit,
    publish_refused,
    review_comments,
    review_queue,
    translation_status,
)
from campaigns.content.viewsets import ContentViewSetGroup, TranslatorLanguagesViewSet

# --- Translation status (campaigns.content.views.translation_status) ----------------------------


def register_translation_status_urls():
    return [path("reports/translation-status/", include(translation_status))]


class TranslationStatusMenuItem(MenuItem):
    def is_shown(self, request):
        return is_content_user(request.user)  # as the report's views (access.admin_access)


def register_translation_status_menu_item():
    return TranslationStatusMenuItem(
        _("Translation status"),
        reverse(f"{translation_status.app_name}:index"),
        name="translation-status",
        icon_name="globe",
        order=1300,
    )


def translation_status_page_button(page, user, view_name, next_url=None):
    if page.specific_class and status_fields(page.specific_class) and is_content_user(user):
        yield Button(
            _("Translation status"),
            reverse(f"{translation_status.app_name}:page", args=[page.pk]),
            icon_name="globe",
            priority=90,
        )


def translation_status_material_button(snippet, user, next_url=None):
    if isinstance(snippet, Material) and is_content_user(user):
        yield Button(
            _("Translation status"),
            reverse(f"{translation_status.app_name}:material", args=[snippet.pk]),
            icon_name="globe",
            priority=90,
        )


# --- Reviewer's queue, campaign audit, reviewers' comments (campaigns.content.views) -------------


def register_review_queue_and_audit_urls():
    return [
        path("reports/review-queue/", include(review_queue)),
        path("reports/campaign-audit/", include(audit)),
    ]


class ReviewQueueMenuItem(MenuItem):
    def is_shown(self, request):
        return review_queue.user_is_reviewer(request.user)


def register_review_queue_menu_item():
    return ReviewQueueMenuItem(
        _("Reviewer's queue"),
        reverse(f"{review_queue.app_name}:index"),
        name="review-queue",
        icon_name="tasks",
        order=1250,
    )


def register_campaign_audit_menu_item():
    return audit.AuditMenuItem(
        _("Campaign audit"),
        reverse(f"{audit.app_name}:index"),
        name="campaign-audit",
        icon_name="history",
        order=1350,
    )


def add_review_queue_panel(request, panels):
    panels.append(review_queue.ReviewQueuePanel())


def register_review_comments_urls():
    return [path("reports/review-comments/", include(review_comments))]


# --- Translator languages: Settings > Translator languages (campaigns.content.viewsets) ----------


def register_translator_languages_viewset():
    return TranslatorLanguagesViewSet("translator_languages")


def register_publish_refused_urls():
    return publish_refused.urlpatterns


def register() -> None:
    register_snippet(ContentViewSetGroup)

    hooks.register("register_admin_urls", register_translation_status_urls)
    hooks.register("register_reports_menu_item", register_translation_status_menu_item)
    hooks.register("register_page_header_buttons", translation_status_page_button)
    hooks.register("register_snippet_listing_buttons", translation_status_material_button)

    hooks.register("register_admin_urls", register_review_queue_and_audit_urls)
    hooks.register("register_reports_menu_item", register_review_queue_menu_item)
    hooks.register("register_reports_menu_item", register_campaign_audit_menu_item)
    hooks.register("construct_homepage_panels", add_review_queue_panel)

    # Only publishers delete or move pages; nothing in review is deleted (campaigns.content.guards).
    hooks.register("before_delete_page", guards.before_delete_page)
    hooks.register("before_move_page", guards.before_move_page)
    hooks.register("before_delete_snippet", guards.before_delete_snippet)
    hooks.register("before_bulk_action", guards.before_bulk_action)

    # Where the funder's review applies, only its approval publishes (campaigns.content.guards).
    hooks.register("before_publish_page", guards.before_publish_page)
    hooks.register("before_publish", guards.before_publish)
    hooks.register("before_bulk_action", guards.before_bulk_publish)
    # Before wagtail-modeltranslation's own before_copy_page hook.
    hooks.register("before_copy_page", guards.before_copy_page, order=-1)
    hooks.register("construct_page_action_menu", guards.hide_publish_button)
    hooks.register("construct_snippet_action_menu", guards.hide_publish_button)

    hooks.register("register_admin_viewset", register_translator_languages_viewset)
    # Settings > Site identity: the site's and organisation's names and logo (Administrators).
    settings_registry.register(SiteSettings, icon="site")
    hooks.register("register_admin_urls", register_review_comments_urls)

    # Nothing goes live while a publishing check fails (campaigns.content.publishing).
    hooks.register("before_publish_page", publish_refused.before_publish_page)
    hooks.register("before_publish", publish_refused.before_publish)
    hooks.register("before_bulk_action", publish_refused.before_bulk_action)
    hooks.register("after_edit_page", publish_refused.after_edit)
    hooks.register("after_edit_snippet", publish_refused.after_edit)
    hooks.register("after_create_snippet", publish_refused.after_create)
    hooks.register("register_admin_urls", register_publish_refused_urls)
