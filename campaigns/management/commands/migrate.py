"""``migrate``, then the translated page columns wagtail-modeltranslation keeps out of migrations.

wagtail-modeltranslation's own ``migrate`` (``wagtail_modeltranslation.migrate``) prints every
ALTER TABLE it runs with ``print()``, hundreds of lines on a fresh database whatever the verbosity.
This one says in one line per field what it added, and shows the SQL from ``--verbosity 2``. When
it may ask before running the SQL (no ``--noinput``), the questions are shown as before.
"""

import contextlib
import io
import re

from wagtail_modeltranslation.management.commands.migrate_translation import (
    Command as TranslationMigrateCommand,
)

MISSING = re.compile(r'Missing languages in "(?P<field>\w+)" field from "(?P<model>[\w.]+)" model')


class Command(TranslationMigrateCommand):
    def handle(self, *args, **options):
        if options["interactive"] or options["verbosity"] >= 2:
            return super().handle(*args, **options)
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):  # Django's own output goes to self.stdout
            super().handle(*args, **options)
        if options["verbosity"] >= 1:
            for found in MISSING.finditer(printed.getvalue()):
                self.stdout.write(
                    f"  Added the translated columns of {found['model']}.{found['field']}."
                )
        return None
