"""Campaign materials (posters, leaflets, radio spots, SMS texts, videos) and their versions.

A material exists in a language only where the campaign's text does: a Wolof poster shows the
Wolof title, but no Wolof radio spot is made from an English script. Video addresses are
placeholders on youtube.com (deterministic, made-up identifiers), never fetched.
"""

import base64
import hashlib

from modeltranslation.utils import build_localized_fieldname

from campaigns.models import CampaignPage, Country, Material, MaterialType, MaterialVersion

from .content import CampaignSpec, CampaignText
from .images import draw_poster, ensure_document
from .phrases import PHRASES


def placeholder_video_url(seed: str) -> str:
    """A stable, made-up YouTube address (11-character identifier) for a demo video."""
    digest = base64.urlsafe_b64encode(hashlib.sha1(seed.encode()).digest()).decode()
    return f"https://www.youtube.com/watch?v={digest[:11]}"


def material_title(kind: str, text: CampaignText, language_code: str) -> str:
    return f"{PHRASES[language_code]['labels'][kind]}: {text.title}"


def radio_script(text: CampaignText, language_code: str, hotline: str) -> str:
    music, voice, narrator, call = PHRASES[language_code]["radio"]
    return "\n".join(
        [
            music,
            f"{voice}: {text.quote}",
            f"{narrator}: {' '.join(text.messages[:2])}",
            f"{narrator}: {call.format(phone=hotline)}",
            music,
        ]
    )


def build_version(
    kind: str, spec: CampaignSpec, country: Country, code: str
) -> MaterialVersion | None:
    """The material's version in one language, or None where the text for it is missing."""
    text = spec.texts[code]
    if kind in (MaterialType.POSTER, MaterialType.LEAFLET):
        lines = list(text.messages) if kind == MaterialType.LEAFLET else []
        if kind == MaterialType.LEAFLET and not lines:
            return None
        label = PHRASES["en"]["labels"][kind]
        document = ensure_document(
            title=f"{label}: {spec.english.title} [{code}]",
            filename=f"{kind}-{country.code.lower()}-{spec.slug[:40]}-{code}.png",
            draw=lambda: draw_poster(text.title, lines, code, country.hotline, seed=spec.slug),
        )
        return MaterialVersion(language=code, document=document)
    if kind == MaterialType.RADIO_SPOT:
        if code not in PHRASES or not (text.quote and text.messages):
            return None
        return MaterialVersion(language=code, text=radio_script(text, code, country.hotline))
    if kind == MaterialType.SMS:
        if not text.messages:
            return None
        return MaterialVersion(language=code, text=f"{text.messages[0]} ☎ {country.hotline}")
    if kind == MaterialType.VIDEO:
        if not text.has_body:
            return None
        return MaterialVersion(
            language=code, embed_url=placeholder_video_url(f"{spec.slug}/{code}")
        )
    raise ValueError(f"No demo builder for material type {kind!r}")


def ensure_material(campaign: CampaignPage, spec: CampaignSpec, country: Country, kind: str):
    """One published material, found again by its English title within its campaign."""
    title_field = build_localized_fieldname("title", "en")
    title = material_title(kind, spec.english, "en")
    material = Material.objects.filter(campaign=campaign, **{title_field: title}).first()
    if material is not None:
        return material
    codes = [code for code in country.offered_language_codes() if code in spec.texts] or ["en"]
    versions = [v for code in codes if (v := build_version(kind, spec, country, code))]
    for version in versions:
        version.clean()
    material = Material(campaign=campaign, material_type=kind, live=False)
    for code, text in spec.texts.items():
        if code not in PHRASES:
            continue  # no translated labels: the title falls back to another language
        values = {
            "title": material_title(kind, text, code),
            "usage_notes": PHRASES[code]["usage"][kind],
        }
        for field, value in values.items():
            setattr(material, build_localized_fieldname(field, code), value)
    material.versions = versions
    material.save()
    material.save_revision().publish()
    return material


def ensure_materials(campaign: CampaignPage, spec: CampaignSpec, country: Country) -> dict:
    """The campaign's materials by type (poster, leaflet...), published."""
    return {kind: ensure_material(campaign, spec, country, kind) for kind in spec.materials}
