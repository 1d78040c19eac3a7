"""The public tree: Home > Campaigns > one CountryPage per country > its CampaignPages.

Pages are created once, found again by their place in the tree (the index below the home page,
a country's page by its country, a campaign by its English slug), and never overwritten: an
editor's changes to the demo pages, and to an existing campaign's materials, survive the next
`seed_demo`.
"""

import uuid

from django.conf import settings
from django.utils.html import escape
from django.utils.text import slugify
from modeltranslation.utils import build_localized_fieldname

from campaigns.i18n.languages import get_language
from campaigns.models import (
    CampaignIndexPage,
    CampaignPage,
    Channel,
    Country,
    CountryPage,
    HomeFeaturedCampaign,
)

from .content import CampaignSpec, CampaignText, CountryContent
from .materials import ensure_materials, placeholder_video_url
from .phrases import PHRASES

INDEX_TITLES = {
    "en": "Campaigns",
    "fr": "Campagnes",
    "ar": "الحملات",
    "fa-af": "کمپاین‌ها",
    "sq": "Fushatat",
    "ka": "კამპანიები",
}
INDEX_SLUGS = {"en": "campaigns", "fr": "campagnes"}
INDEX_INTROS = {
    "en": "Choose your country to find the campaigns that speak to you, in your language.",
    "fr": "Choisissez votre pays pour trouver les campagnes qui vous concernent, dans votre "
    "langue.",
}
BLOCK_IDS = uuid.UUID("1b0c5c8e-2d4f-4a43-9a51-6a0f3d1e7c20")  # namespace for stable block ids


def field(name: str, code: str) -> str:
    return build_localized_fieldname(name, code)


def set_translations(obj, name: str, values: dict[str, str]) -> None:
    for code, value in values.items():
        setattr(obj, field(name, code), value)


def paragraphs(text: str) -> str:
    """Plain text with blank lines between paragraphs -> rich text HTML."""
    return "".join(f"<p>{escape(part.strip())}</p>" for part in text.split("\n\n") if part.strip())


def slug_for(title: str, code: str, max_length: int = 80) -> str:
    """ASCII slugs for Latin scripts ('senegal'), Unicode ones for the others ('افغانستان')."""
    latin = get_language(code).script == "Latn"
    return slugify(title, allow_unicode=not latin)[:max_length].strip("-")


def set_titles_and_slugs(page, titles: dict[str, str]) -> None:
    """Titles in every language given; a slug only where it differs from the default one."""
    default = settings.LANGUAGE_CODE
    for code, title in titles.items():
        setattr(page, field("title", code), title)
        slug = slug_for(title, code)
        if code != default and slug and slug != page.slug:
            setattr(page, field("slug", code), slug)


def ensure_campaign_index(home) -> CampaignIndexPage:
    index = CampaignIndexPage.objects.first()  # max_count = 1
    if index is None:
        index = CampaignIndexPage(title=INDEX_TITLES["en"], slug=INDEX_SLUGS["en"])
        set_translations(index, "title", INDEX_TITLES)
        set_translations(index, "slug", INDEX_SLUGS)
        set_translations(index, "intro", {c: paragraphs(t) for c, t in INDEX_INTROS.items()})
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def ensure_country_page(index, country: Country, content: CountryContent) -> CountryPage:
    """The country's page, titled with the country's CLDR name in each language it offers."""
    page = CountryPage.objects.filter(country=country).first()
    if page is None:
        english = country.localized_name("en")
        page = CountryPage(country=country, title=english, slug=slug_for(english, "en"))
        titles = {code: country.localized_name(code) for code in country.offered_language_codes()}
        set_titles_and_slugs(page, {"en": english, **titles})
        set_translations(page, "intro", {c: paragraphs(t) for c, t in content.intro.items()})
        index.add_child(instance=page)
        page.save_revision().publish()
    return page


def stream(blocks: list[tuple[str, object]], seed: str) -> list[dict]:
    """StreamField raw data with ids that stay the same from one seed to the next."""
    return [
        {"type": kind, "value": value, "id": str(uuid.uuid5(BLOCK_IDS, f"{seed}/{i}"))}
        for i, (kind, value) in enumerate(blocks)
    ]


def campaign_body(
    spec: CampaignSpec, code: str, *, country_page, portrait, materials: dict
) -> list[dict]:
    """One language's body: text, key message, testimony, video, materials, FAQ, hotline, CTA."""
    text: CampaignText = spec.texts[code]
    words = PHRASES[code]
    name = text.name or spec.english.name
    blocks: list[tuple[str, object]] = [
        ("text", paragraphs(text.intro)),
        ("key_message", {"message": text.messages[0]}),
        (
            "testimony",
            {
                "quote": text.quote,
                "name": name,
                "context": text.context,
                "photo": {
                    "image": portrait.pk,
                    "decorative": False,
                    "alt_text": words["photo_alt"].format(name=name),
                },
            },
        ),
        (
            "video",
            {
                "url": placeholder_video_url(f"{spec.slug}/{code}"),
                "title": words["video_title"].format(name=name),
                "duration": "2:30",
            },
        ),
    ]
    printed = materials.get("poster") or materials.get("leaflet")
    if printed:
        blocks.append(("material", {"material": printed.pk}))
    if "radio_spot" in materials:
        blocks.append(("audio", {"material": materials["radio_spot"].pk}))
    faq = stream(
        [("item", {"question": q, "answer": a}) for q, a in words["faq"]], f"{spec.slug}/{code}/faq"
    )
    blocks += [
        ("faq", faq),
        (
            "hotline",
            {
                "label": words["hotline_label"],
                "phone": country_page.country.hotline,
                "hours": words["hours"],
            },
        ),
        ("call_to_action", {"text": words["cta"], "page": country_page.pk, "url": ""}),
    ]
    return stream(blocks, f"{spec.slug}/{code}")


def ensure_campaign_page(
    country_page: CountryPage, spec: CampaignSpec, channels: dict[str, Channel], images: dict
) -> CampaignPage:
    """A published campaign with its materials; left alone when it already exists."""
    default_slug = field("slug", settings.LANGUAGE_CODE)
    page = CampaignPage.objects.child_of(country_page).filter(**{default_slug: spec.slug}).first()
    if page is not None:
        return page
    country = country_page.country
    page = CampaignPage(
        country=country,
        title=spec.english.title,
        slug=spec.slug,
        start_date=spec.start,
        end_date=spec.end,
        image=images[spec.image],
    )
    set_titles_and_slugs(page, {code: text.title for code, text in spec.texts.items()})
    for code, text in spec.texts.items():
        values = {
            "objective": text.objective,
            "target_audiences": text.audiences,
            "key_messages": "\n".join(text.messages),  # one message per line
        }
        for name, value in values.items():
            if value:  # an empty field falls back along the country's language chain
                setattr(page, field(name, code), value)
    country_page.add_child(instance=page)

    # Materials point at the page, and the page's body points at materials: page first.
    materials = ensure_materials(page, spec, country)
    for code, text in spec.texts.items():
        if text.has_body:
            body = campaign_body(
                spec,
                code,
                country_page=country_page,
                portrait=images[spec.portrait],
                materials=materials,
            )
            setattr(page, field("body", code), body)
    page.channels.set([channels[code] for code in spec.channels])
    page.save_revision().publish()
    return page


# The countries whose first campaign (in the tree's order) the demo home page features.
FEATURED_COUNTRIES = ("SN", "AF", "MA")


def ensure_featured_campaigns(home) -> list[CampaignPage]:
    """Three campaigns from three countries on the home page (in a published revision, as an
    editor would), unless editors chose some or have a draft of the home page."""
    home = type(home).objects.get(pk=home.pk)  # publish() saved another copy of it
    if home.featured_campaigns.exists() or home.has_unpublished_changes:
        return [item.campaign for item in home.featured_campaigns.all()]
    chosen = [
        campaign
        for code in FEATURED_COUNTRIES
        if (
            campaign := CampaignPage.objects.live()
            .filter(country__code=code)
            .order_by("path")
            .first()
        )
    ]
    home.featured_campaigns = [
        HomeFeaturedCampaign(campaign=campaign, sort_order=order)
        for order, campaign in enumerate(chosen)
    ]
    home.save_revision().publish()
    return chosen
