"""The shape of the demo campaigns' content; the text itself lives in the sibling modules.

Every testimony is fictional, written for this demo: the names, places and stories are
illustrations of what returnees commonly report, not real people. No figure in these texts is an
official statistic.
"""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class CampaignText:
    """A campaign in one language. Leave fields empty for a partial translation."""

    title: str
    objective: str = ""
    audiences: str = ""
    messages: tuple[str, ...] = ()
    intro: str = ""  # the body's opening text; paragraphs separated by a blank line
    quote: str = ""  # the returnee's testimony
    name: str = ""  # first name or pseudonym, in this language's script
    context: str = ""  # e.g. "returned from Libya in 2023"

    @property
    def has_body(self) -> bool:
        return bool(self.intro)

    @property
    def complete(self) -> bool:
        return all(
            (self.title, self.objective, self.audiences, self.messages, self.intro, self.quote)
        )


@dataclass(frozen=True)
class CampaignSpec:
    slug: str
    start: date
    end: date | None
    channels: tuple[str, ...]  # Channel codes
    image: str  # key of campaigns.demo.images.ILLUSTRATIONS
    portrait: str  # the testimony's illustration
    materials: tuple[str, ...]  # material types: poster, leaflet, radio_spot, sms, video
    texts: dict[str, CampaignText]  # "en" and "fr" always complete

    @property
    def english(self) -> CampaignText:
        return self.texts["en"]


@dataclass(frozen=True)
class CountryContent:
    code: str
    intro: dict[str, str]  # the country page's introduction, per language
    campaigns: list[CampaignSpec]
