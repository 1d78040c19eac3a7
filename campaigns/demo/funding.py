"""Demo funding: the EU (AMIF) and Belgium's Immigration Office fund the West African campaigns.

The EU accepts no fallback, so its statement is written in every language its campaigns are
published in (Senegal's have Wolof text): every seeded page and material can be published
again as it is (tests/demo/test_publish_again.py). To see the visibility rule at work, a finance
officer clears the EU's Wolof statement and an administrator publishes a Senegal campaign: it is
refused. Belgium accepts the French statement as fallback. The Wolof statement ("with the
financial support of the European Union", Bennoog Tugal being the EU in Wolof-language press) is
a demo draft to be checked by a native speaker, like the Wolof campaign texts. Emblems are drawn
with Pillow; nothing is downloaded.
"""

import datetime
import math
from decimal import Decimal
from io import BytesIO

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw

from campaigns.demo.pages import set_translations
from campaigns.models import Allocation, CampaignImage, CampaignPage, Funder, FundingAgreement

EU_STATEMENT = {
    "en": "Funded by the European Union",
    "fr": "Financé par l’Union européenne",
    "wo": "Ak ndimbalu xaalisu Bennoog Tugal",
    "ar": "بتمويل من الاتحاد الأوروبي",
    "sq": "Financuar nga Bashkimi Evropian",
    "ka": "დაფინანსებულია ევროკავშირის მიერ",
    "fa-af": "با حمایت مالی اتحادیه اروپا",
    "ps": "د اروپايي اتحادیې په مالي ملاتړ",
}
BELGIUM_STATEMENT = {
    "en": "With the support of Belgium’s Immigration Office",
    "fr": "Avec le soutien de l’Office des Étrangers de Belgique",
}


def _eu_emblem() -> bytes:
    image = Image.new("RGB", (300, 200), (0, 51, 153))
    draw = ImageDraw.Draw(image)
    for star in range(12):
        angle = 2 * math.pi * star / 12
        x, y = 150 + 66 * math.cos(angle), 100 + 66 * math.sin(angle)
        points = []
        for tip in range(10):
            radius = 11 if tip % 2 == 0 else 4.5
            a = -math.pi / 2 + tip * math.pi / 5
            points.append((x + radius * math.cos(a), y + radius * math.sin(a)))
        draw.polygon(points, fill=(255, 204, 0))
    return _jpeg(image)


def _belgian_logo() -> bytes:
    image = Image.new("RGB", (300, 200), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    for band, colour in enumerate([(0, 0, 0), (253, 218, 36), (239, 51, 64)]):
        draw.rectangle([band * 100, 0, band * 100 + 99, 199], fill=colour)
    return _jpeg(image)


def _jpeg(image) -> bytes:
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def _logo(title: str, alt: str, drawing) -> CampaignImage:
    logo = CampaignImage.objects.filter(title=title).first()
    if logo is None:
        slug = title.lower().replace(" ", "-")
        logo = CampaignImage(
            title=title, description=alt, file=ImageFile(BytesIO(drawing()), name=f"{slug}.jpg")
        )
        logo._set_image_file_metadata()
        logo.save()
    return logo


def _funder(short_name, names, statements, logo, **rules) -> Funder:
    funder = Funder.objects.filter(short_name=short_name).first() or Funder(short_name=short_name)
    set_translations(funder, "name", names)
    set_translations(funder, "statement", statements)
    funder.logo = logo
    for name, value in rules.items():
        setattr(funder, name, value)
    funder.save()
    return funder


def _agreement(funder, reference, **fields) -> FundingAgreement:
    agreement, _created = FundingAgreement.objects.update_or_create(
        funder=funder, reference=reference, defaults=fields
    )
    return agreement


def ensure_funding() -> None:
    eu = _funder(
        "EU",
        {"en": "European Union", "fr": "Union européenne"},
        EU_STATEMENT,
        _logo("EU emblem", "Emblem of the European Union", _eu_emblem),
        iati_identifier="XI-IATI-EC_INTPA",
        accepts_fallback_statement=False,
        discloses_amounts=True,
    )
    belgium = _funder(
        "DOFI",
        {"en": "Belgian Immigration Office", "fr": "Office des Étrangers (Belgique)"},
        BELGIUM_STATEMENT,
        _logo("Belgian Immigration Office logo", "Belgian Immigration Office", _belgian_logo),
        accepts_fallback_statement=True,
        discloses_amounts=False,
    )
    period = {"start_date": datetime.date(2025, 1, 1), "end_date": datetime.date(2027, 12, 31)}
    amif = _agreement(
        eu,
        "AMIF/2025/PREV/017",
        title="Informed migration decisions in West Africa",
        programme="AMIF 2021-2027",
        amount=Decimal("1200000.00"),
        currency="EUR",
        **period,
    )
    dofi = _agreement(
        belgium,
        "DOFI-IOM-2025-04",
        title="Prevention campaigns in countries of origin",
        amount=Decimal("450000.00"),
        currency="EUR",
        **period,
    )
    campaigns = CampaignPage.objects.filter(country__code__in=["SN", "GN"]).order_by("pk")
    for number, campaign in enumerate(campaigns):
        for agreement, amount in ((amif, 150000 + 10000 * number), (dofi, 60000)):
            if not Allocation.objects.filter(agreement=agreement, campaign=campaign).exists():
                allocation = Allocation(
                    agreement=agreement,
                    campaign=campaign,
                    amount=Decimal(amount),
                    currency="EUR",
                    start_date=max(
                        campaign.start_date or period["start_date"], agreement.start_date
                    ),
                    end_date=min(campaign.end_date or period["end_date"], agreement.end_date),
                )
                allocation.full_clean()
                allocation.save()
