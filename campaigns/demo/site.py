"""The site, its home page and the local administrator."""

import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

from campaigns.models import HomePage

HOME_TITLES = {
    "en": "Know the risks. Know your options.",
    "fr": "Connaître les risques. Connaître vos options.",
    "ar": "اعرف المخاطر. اعرف خياراتك.",
}
HOME_INTROS = {
    "en": "<p>Real stories and real facts about irregular migration, and the safe, legal options "
    "that exist, in your language.</p>",
    "fr": "<p>De vraies histoires et de vrais faits sur la migration irrégulière, et les voies "
    "sûres et légales qui existent, dans votre langue.</p>",
}


def ensure_tree_root() -> Page:
    """Wagtail's migrations make the root page, collection and locale; a flushed database lacks
    them."""
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(title="Root", slug="root")
    return root


@transaction.atomic
@translation.override(settings.LANGUAGE_CODE)
def ensure_home_page() -> HomePage:
    """One HomePage under the tree root, served by the default site; Wagtail's welcome page goes."""
    home = HomePage.objects.first()
    root = ensure_tree_root()
    if home is None:
        home = HomePage(slug="home", title=HOME_TITLES["en"])
        for code, title in HOME_TITLES.items():
            setattr(home, f"title_{code}", title)
        for code, intro in HOME_INTROS.items():
            setattr(home, f"intro_{code}", intro)
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(is_default_site=True)
    base = urlsplit(settings.WAGTAILADMIN_BASE_URL)  # where the demo is served
    site.hostname, site.port, site.root_page = base.hostname, base.port or 80, home
    site.site_name = "Prevention campaigns"
    site.save()
    for page in root.get_children().exclude(pk=home.pk).filter(depth=2, numchild=0):
        if page.specific_class is Page:  # Wagtail's own "Welcome" placeholder
            page.delete()
    return home


def ensure_admin(username: str = "admin", password: str | None = None) -> tuple[object, str]:
    """The local administrator; a fresh password each run, returned so it can be printed."""
    password = password or secrets.token_urlsafe(12)
    user, _created = get_user_model().objects.get_or_create(
        username=username, defaults={"email": f"{username}@example.org"}
    )
    user.is_staff = user.is_superuser = user.is_active = True
    user.set_password(password)
    user.save()
    return user, password
