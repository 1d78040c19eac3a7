"""Build the demo site; safe to run again.

Reference data (channels, countries, regions) is updated in place; pages, materials, images and
documents are created when missing and otherwise left as they are, so nothing is made twice.
"""

import os
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from campaigns.access.roles import setup_roles
from campaigns.demo.build import build_demo_content, demo_counts
from campaigns.demo.funding import ensure_funding
from campaigns.demo.people import ensure_role_users
from campaigns.demo.reach import ensure_reach, reach_counts
from campaigns.demo.site import ensure_admin


class Command(BaseCommand):
    help = (
        "Create the demo site: home page, channels, the ten demo countries, their campaign "
        "pages, materials and images, funding, reach figures, one login per role and a local "
        "admin (passwords printed; --password or $DEMO_PASSWORD keeps them stable)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=os.environ.get("DEMO_PASSWORD") or None,
            help="Give the admin and every demo role user this password, so that it stays the "
            "same from run to run (default: $DEMO_PASSWORD, else a new random one per user).",
        )
        parser.add_argument("--admin-password", help="The admin's password (overrides --password).")
        parser.add_argument(
            "--role-password", help="Every demo role user's password (overrides --password)."
        )

    def handle(self, *args, password=None, admin_password=None, role_password=None, **options):
        admin_password = admin_password or password
        role_password = role_password or password
        started = time.monotonic()
        home = build_demo_content()
        ensure_funding()
        self.stdout.write(f"Home page: {home.title} (id {home.pk})")
        counts = ", ".join(f"{count} {label}" for label, count in demo_counts().items())
        self.stdout.write(f"Demo content: {counts} ({time.monotonic() - started:.1f} s)")
        groups = setup_roles(tree_root=home)
        people = ensure_role_users(groups, password=role_password)
        people += ensure_reach(groups, password=role_password)
        counts = ", ".join(f"{count} {label}" for label, count in reach_counts().items())
        self.stdout.write(f"Reach: {counts}")
        user, admin_password = ensure_admin(password=admin_password)
        kept = "the same at every run" if role_password else "new at every run"
        self.stdout.write(f"\nDemo logins, one per role (passwords are {kept}):")
        for username, role, user_password in people:
            self.stdout.write(f"  {role:<26} login: {username:<14} password: {user_password}")
        base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        self.stdout.write(
            self.style.SUCCESS(
                f"\nDemo ready: {base}/ (the public site: campaigns by country of origin)\n"
                f"  admin at {base}/admin/\n"
                f"  login: {user.get_username()}  password: {admin_password}\n"
            )
        )
