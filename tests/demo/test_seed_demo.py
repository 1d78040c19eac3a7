import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from wagtail.models import Page, Site

from campaigns.models import HomePage

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_is_idempotent_and_prints_a_working_password():
    first = seed()
    second = seed()
    assert HomePage.objects.count() == 1
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific_class is HomePage
    assert not Page.objects.filter(depth=2).exclude(pk=site.root_page.pk).exists()
    password = re.search(r"login: admin\s+password: (\S+)", second).group(1)
    assert authenticate(username="admin", password=password) is not None
    assert re.search(r"password: (\S+)", first).group(1) != password
