"""Build the demo site; safe to run again.

Reference data (channels, countries, regions) is updated in place; pages, materials, images and
documents are created when missing and otherwise left as they are, so nothing is made twice.
"""

import time

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
        "admin (passwords printed)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--admin-password", help="Use this password instead of a random one.")
        parser.add_argument(
            "--role-password", help="Give every demo role user this password (default: random)."
        )

    def handle(self, *args, admin_password=None, role_password=None, **options):
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
        user, password = ensure_admin(password=admin_password)
        self.stdout.write("\nDemo logins, one per role (passwords are new at every run):")
        for username, role, user_password in people:
            self.stdout.write(f"  {role:<26} login: {username:<14} password: {user_password}")
        self.stdout.write(
            self.style.SUCCESS(
                "\nDemo ready: http://127.0.0.1:8000/ (admin at http://127.0.0.1:8000/admin/)\n"
                f"  login: {user.get_username()}  password: {password}\n"
            )
        )
