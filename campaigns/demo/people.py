"""One demo login per role, so each role's job can be tried by hand; the demo translator
translates into French, Wolof and Fula (Senegal's languages) only."""

import secrets

from django.contrib.auth import get_user_model

from campaigns.access import roles

DEMO_USERS = [
    ("editor", "Awa", "Diop", roles.EDITORS),
    ("translator", "Moussa", "Ndiaye", roles.TRANSLATORS),
    ("reviewer", "Lies", "Janssens", roles.REVIEWERS),
    ("reporter", "Fatou", "Sow", roles.REPORTERS),
    ("meofficer", "Karim", "Haddad", roles.ME_OFFICERS),
    ("finance", "Sofie", "Peeters", roles.FINANCE),
    ("administrator", "Nino", "Beridze", roles.ADMINISTRATORS),
]
# Demo users limited to some content languages (Settings > Translator languages).
DEMO_LANGUAGES = {"translator": ["fr", "wo", "ff"]}


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
        limit_languages(user, DEMO_LANGUAGES.get(username))
        created.append((username, role, user_password))
    return created


def limit_languages(user, codes: list[str] | None) -> None:
    """Set (or lift, with ``None``) the user's language limit; run again, it changes nothing."""
    from campaigns.models import TranslatorLanguages

    if codes is None:
        TranslatorLanguages.objects.filter(user=user).delete()
    else:
        TranslatorLanguages.objects.update_or_create(user=user, defaults={"languages": codes})
