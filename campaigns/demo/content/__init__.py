"""Demo campaign content, one module per pair of countries; CONTENT lists them all.

English and French are complete everywhere. Complete in another language: Arabic (Morocco, one
Iraqi campaign), Dari (Afghanistan), Albanian and Georgian. Partial on purpose: Wolof, Hausa,
Pashto, Central Kurdish, Tigrinya and one Iraqi campaign in Arabic. Untranslated: Pulaar,
Yoruba, Igbo, Nigerian Pidgin and Tamazight.
"""

from .afghanistan_eritrea import AFGHANISTAN, ERITREA
from .albania_georgia import ALBANIA, GEORGIA
from .base import CampaignSpec, CampaignText, CountryContent
from .morocco_iraq import IRAQ, MOROCCO
from .nigeria_cameroon import CAMEROON, NIGERIA
from .west_africa import GUINEA, SENEGAL

CONTENT: dict[str, CountryContent] = {
    content.code: content
    for content in (
        SENEGAL, GUINEA, NIGERIA, CAMEROON, MOROCCO, AFGHANISTAN, IRAQ, ALBANIA, GEORGIA, ERITREA
    )
}  # fmt: skip

__all__ = ["CONTENT", "CampaignSpec", "CampaignText", "CountryContent"]
