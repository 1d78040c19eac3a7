"""One demo login per role, so each role's job can be tried by hand."""

import secrets

from django.contrib.auth import get_user_model

from campaigns import roles

DEMO_USERS = [
    ("editor", "Awa", "Diop", roles.EDITORS),
    ("translator", "Moussa", "Ndiaye", roles.TRANSLATORS),
    ("reviewer", "Lies", "Janssens", roles.REVIEWERS),
    ("reporter", "Fatou", "Sow", roles.REPORTERS),
    ("meofficer", "Karim", "Haddad", roles.ME_OFFICERS),
    ("finance", "Sofie", "Peeters", roles.FINANCE),
    ("administrator", "Nino", "Beridze", roles.ADMINISTRATORS),
]


def ensure_role_users(groups, password: str | None = None) -> list[tuple[str, str, str]]:
    """Create or reset the demo users; returns (username, role, password) to print."""
    created = []
    for username, first_name, last_name, role in DEMO_USERS:
        user, _new = get_user_model().objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.org"}
        )
        user.first_name, user.last_name, user.is_active = first_name, last_name, True
        user_password = password or secrets.token_urlsafe(9)
        user.set_password(user_password)
        user.save()
        user.groups.set([groups[role]])
        created.append((username, role, user_password))
    return created
