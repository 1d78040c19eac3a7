"""`manage.py check` and `makemigrations --check` as part of the suite."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_system_checks_pass():
    # The database checks on "default" (the test settings' "replica" is a mirror of it).
    call_command("check", "--database", "default", fail_level="WARNING")


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_migrate_adds_missing_translated_columns_in_one_line_each(capsys):
    """The translated page columns are added by ``migrate`` itself; it says so in one line per
    field, without the SQL (wagtail-modeltranslation's own command printed every statement)."""
    from io import StringIO

    from django.db import connection

    def columns():
        with connection.cursor() as cursor:
            table = connection.introspection.get_table_description(cursor, "wagtailcore_page")
            return {column.name for column in table}

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Rows this test's transaction wrote (Wagtail's tree root) have deferred foreign
            # key checks pending, and PostgreSQL alters no table with pending checks.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE wagtailcore_page DROP COLUMN seo_title_ti")
    assert "seo_title_ti" not in columns()

    out = StringIO()
    call_command("migrate", interactive=False, verbosity=1, stdout=out)

    assert "seo_title_ti" in columns()
    assert "  Added the translated columns of wagtailcore.page.seo_title.\n" in out.getvalue()
    printed = capsys.readouterr().out + out.getvalue()
    assert "ALTER TABLE" not in printed
    assert "Missing languages" not in printed
