"""Build the demo site; safe to run again (it updates what exists and adds what is missing)."""

from django.core.management.base import BaseCommand

from campaigns.demo.site import ensure_admin, ensure_home_page


class Command(BaseCommand):
    help = "Create the demo site, home page, reference data and a local admin (password printed)."

    def add_arguments(self, parser):
        parser.add_argument("--admin-password", help="Use this password instead of a random one.")

    def handle(self, *args, admin_password=None, **options):
        home = ensure_home_page()
        self.stdout.write(f"Home page: {home.title} (id {home.pk})")
        user, password = ensure_admin(password=admin_password)
        self.stdout.write(
            self.style.SUCCESS(
                "\nDemo ready: http://127.0.0.1:8000/ (admin at http://127.0.0.1:8000/admin/)\n"
                f"  login: {user.get_username()}  password: {password}\n"
            )
        )
