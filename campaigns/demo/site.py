"""The site, its home page, its identity (Settings > Site identity), its footer pages and the
local administrator."""

import secrets
from io import BytesIO
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import translation
from PIL import Image, ImageDraw
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

from campaigns.models import CampaignImage, HomePage, InfoPage, SiteSettings

from .pages import slug_for

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

HOME_WHY = {
    "en": "<p>Smugglers sell the journey, not the truth. This site gathers what people who "
    "made the journey, and those who work with migrants, want you to know before you decide: "
    "the real risks, the legal ways, and who to call.</p>",
    "fr": "<p>Les passeurs vendent le voyage, pas la vérité. Ce site rassemble ce que des "
    "personnes qui ont fait le voyage, et celles qui travaillent avec les migrants, veulent "
    "que vous sachiez avant de décider : les vrais risques, les voies légales, et qui "
    "appeler.</p>",
}
SITE_NAMES = {"en": "Prevention campaigns", "fr": "Campagnes de prévention"}
ORGANISATION_NAMES = {
    "en": "International Organization for Migration (IOM)",
    "fr": "Organisation internationale pour les migrations (OIM)",
}
LOGO_TITLE = "Demo logo"
# slug -> titles and bodies per language; the footer lists them in this order.
INFO_PAGES = {
    "about": (
        {"en": "About us", "fr": "Qui sommes-nous"},
        {
            "en": "<p>This site is run by the International Organization for Migration with "
            "partners in each country. It tells the truth about irregular migration, in your "
            "language.</p>",
            "fr": "<p>Ce site est tenu par l'Organisation internationale pour les migrations avec "
            "des partenaires dans chaque pays. Il dit la vérité sur la migration irrégulière, "
            "dans votre langue.</p>",
        },
    ),
    "contact": (
        {"en": "Contact", "fr": "Contact"},
        {
            "en": "<p>Call your country's hotline, listed on the home page: it is free. You can "
            "also write to campaigns@example.org.</p>",
            "fr": "<p>Appelez la ligne d'écoute de votre pays, indiquée sur la page d'accueil : "
            "c'est gratuit. Vous pouvez aussi écrire à campaigns@example.org.</p>",
        },
    ),
    "privacy": (
        {"en": "Privacy", "fr": "Confidentialité"},
        {
            "en": "<p>This site sets no cookie for visitors and loads nothing from other sites. "
            "It counts page views without recording who you are.</p>",
            "fr": "<p>Ce site ne dépose aucun cookie chez ses visiteurs et ne charge rien "
            "d'autres sites. Il compte les pages vues sans enregistrer qui vous êtes.</p>",
        },
    ),
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
        for code, text in HOME_WHY.items():
            setattr(home, f"why_this_site_{code}", text)
        root.add_child(instance=home)
        home.save_revision().publish()
    elif not home.why_this_site_en and not home.has_unpublished_changes:
        for code, text in HOME_WHY.items():  # a home built before the field existed
            setattr(home, f"why_this_site_{code}", text)
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


def draw_logo() -> ImageFile:
    """A plain demo mark (a blue disc with a white path): no organisation's real logo."""
    image = Image.new("RGBA", (240, 160), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse([40, 0, 200, 160], fill=(11, 83, 148, 255))
    draw.line([(80, 120), (110, 70), (130, 95), (160, 40)], fill=(255, 255, 255, 255), width=14)
    buffer = BytesIO()
    image.save(buffer, format="PNG")
    return ImageFile(buffer, name="demo-logo.png")


@transaction.atomic
def ensure_site_identity() -> SiteSettings:
    """Settings > Site identity: names in English and French, a drawn logo; an editor's
    changes survive the next run (only empty fields are filled)."""
    identity = SiteSettings.objects.first() or SiteSettings()
    for field, values in (("site_name", SITE_NAMES), ("organisation_name", ORGANISATION_NAMES)):
        for code, value in values.items():
            if not getattr(identity, f"{field}_{code}", None):
                setattr(identity, f"{field}_{code}", value)
    if identity.logo_id is None:
        logo = CampaignImage.objects.filter(title=LOGO_TITLE).first()
        if logo is None:
            logo = CampaignImage(
                title=LOGO_TITLE,
                description="Demo logo: a white path rising across a blue disc",
                file=draw_logo(),
            )
            logo._set_image_file_metadata()  # file size and hash: not filled by save()
            logo.save()
        identity.logo = logo
    identity.save()
    return identity


@transaction.atomic
@translation.override(settings.LANGUAGE_CODE)
def ensure_info_pages(home) -> list[InfoPage]:
    """About, contact and privacy below the home page, shown in the footer; left alone once
    they exist."""
    pages = []
    home = type(home).objects.get(pk=home.pk)  # its children as they are now
    for slug, (titles, bodies) in INFO_PAGES.items():
        page = InfoPage.objects.child_of(home).filter(slug_en=slug).first()
        if page is None:
            page = InfoPage(slug=slug, title=titles["en"], show_in_menus=True)
            for code, title in titles.items():
                setattr(page, f"title_{code}", title)
            for code, body in bodies.items():
                setattr(page, f"body_{code}", body)
            if slug_for(titles["fr"], "fr") != slug:
                page.slug_fr = slug_for(titles["fr"], "fr")
            home.add_child(instance=page)
            page.save_revision().publish()
        pages.append(page)
    return pages


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
