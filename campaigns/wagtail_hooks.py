"""Every admin hook of the project, in one place: each concept's folder lists its own hooks (and
the load-time patches of Wagtail's classes) in an ``admin_hooks.register()``, called here once,
in this order. No module registers a hook when it is imported.

Order matters only between hooks of one name and one ``order``: content's rules run before the
trust layer's, which run before reach's (e.g. ``before_bulk_action``).
"""

from campaigns import admin_display
from campaigns.access import admin_hooks as access
from campaigns.content import admin_hooks as content
from campaigns.funding import admin_hooks as funding
from campaigns.reach.admin import admin_hooks as reach_reports
from campaigns.reach.api import admin_hooks as reach_api
from campaigns.reach.spreadsheet import admin_hooks as reach_spreadsheet
from campaigns.reporting import admin_hooks as reporting
from campaigns.translation import admin_hooks as translation
from campaigns.translation import editor as translator_editor
from campaigns.translation import po_admin_hooks as translation_files

CONCEPTS = (
    content,  # snippets, reports, translator languages; publish, delete, move, copy rules
    funding,  # funders, agreements, allocations
    access,  # Wagtail's generic routes keep the same rules (users, API, media, bulk, copies...)
    reach_reports,  # reach snippets, report steps, attachments, month locks
    reach_api,  # personal API tokens
    reach_spreadsheet,  # spreadsheet import
    reporting,  # dashboards, targets, cost per person reached, exports
    translation,  # interface words set in the CMS
    admin_display,  # the admin's words: the reports menu's name
    translator_editor,  # the editor's languages and source texts for translators
    translation_files,  # content translations as PO files: export, import
)

for concept in CONCEPTS:
    concept.register()
