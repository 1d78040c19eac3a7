"""The trust layer's admin hooks and load-time patches of Wagtail: every generic route Wagtail
serves keeps the same rules as the project's own screens (README, "Every route keeps the rules").

Nothing here registers or patches on import: campaigns/wagtail_hooks.py calls ``register()``
once. The ``install()`` functions it calls are idempotent.
"""

from wagtail import hooks

from campaigns.access import (
    admin_access,
    admin_api_guards,
    admin_guards,
    admin_refusals,
    bulk_actions,
    chooser_permissions,
    copy_views,
    exports,
    media_guards,
    revert_guards,
)


def register() -> None:
    # Load-time patches of Wagtail's classes (each says why in its module's docstring).
    admin_access.install()  # page chooser: only those whose work needs it
    admin_guards.install()  # no one disables the review workflow (permission policy, signals)
    admin_refusals.install()  # chooser create views without a form, bulk ids beyond any key
    copy_views.install()  # a copy is a create
    exports.install()  # exports never hold formulas

    # The admin API: pages' actions keep the views' rules; images and documents are scoped.
    hooks.register("construct_admin_api", admin_api_guards.construct_admin_api)
    # After wagtail.images' and .documents' own endpoints, which these replace.
    hooks.register("construct_admin_api", admin_access.guard_media_endpoints, order=1000)

    # People: Administrators manage users below them, never a superuser or the funder.
    hooks.register("before_create_user", admin_guards.before_create_user)
    hooks.register("before_edit_user", admin_guards.before_edit_user)
    hooks.register("before_delete_user", admin_guards.before_delete_user)
    hooks.register("before_bulk_action", admin_guards.before_bulk_action)

    # Before wagtail-modeltranslation's own URL, which this one answers instead.
    hooks.register(
        "register_admin_urls", admin_refusals.register_copy_translation_content, order=-1
    )

    # After Wagtail's own bulk deletes (order 0), so that these replace them for their models.
    for action_class in bulk_actions.BULK_ACTIONS:
        hooks.register("register_bulk_action", action_class, order=100)

    # Runs in ``viewsets.populate()``, after every snippet viewset is registered.
    hooks.register("register_admin_viewset", chooser_permissions.guard_snippet_choosers, order=1000)

    # Images and documents used by live content are not deleted.
    hooks.register("register_actions", media_guards.register_live_use_delete)

    # Revert views refuse an item locked in review.
    hooks.register("before_edit_page", revert_guards.refuse_page_revert)
    hooks.register("before_edit_snippet", revert_guards.refuse_snippet_revert)
