"""The whole demo (`manage.py seed_demo`), seeded once for a module, in one transaction rolled
back after its last test: seeding takes seconds, and these modules' tests share it."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from tests.factories import module_data


def seed() -> str:
    """Run `seed_demo` (in English, as `make demo` does); what it printed."""
    out = StringIO()
    with translation.override("en"):
        call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded_demo(django_db_setup, django_db_blocker):
    """The demo seeded once for the module; what `seed_demo` printed."""
    with module_data(django_db_blocker):
        yield seed()
