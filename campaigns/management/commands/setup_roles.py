from django.core.management.base import BaseCommand

from campaigns.access.roles import setup_roles


class Command(BaseCommand):
    help = "Create or update the role groups, their permissions and the 'Funder review' workflow."

    def handle(self, *args, **options):
        groups = setup_roles()
        self.stdout.write(self.style.SUCCESS(f"Roles ready: {', '.join(groups)}."))
