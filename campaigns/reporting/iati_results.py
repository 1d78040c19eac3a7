"""The ``<result>`` of a campaign's IATI activity: its reach indicators, each with a period per
target (the target, and the validated figure achieved), split by sex and age band where the
reports split them.

Figures are read as the public reads them (campaigns.reporting.figures with ``user=None``:
validated and locked reports of every organisation, never a submitted one), so the file says
what the open data says. A target's actual is ``target_progress``'s achievement over the
target's own period; its sex and age parts are the monthly breakdown added up by the same rule
(sum, latest or highest month). An indicator with validated figures and no target gets one
period, the campaign's, with its actual (``totals``) only. No figures yet: targets alone, never
an actual of 0. A fixed number of queries, whatever the number of campaigns.
"""

from collections import defaultdict

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from lxml import etree

from campaigns.reach.models import AgeBand, Aggregation, Indicator, Sex

from . import figures
from .filters import ReachFilter
from .iati import iso, narratives, sub, translations
from .months import month_end

# Non-embedded codelists: ResultType (1: output), IndicatorMeasure (1: unit), IndicatorVocabulary
# (99: the reporting organisation's own, here the indicator's code).
OUTPUT, UNIT, OWN_VOCABULARY = "1", "1", "99"
RESULT_TITLE = gettext_noop("People and audiences reached by the campaign")
SEXES = list(Sex.values)


def results_for(campaigns) -> dict[int, list[etree._Element]]:
    """Campaign pk -> its ``<result>`` elements (none without targets or figures)."""
    flt = ReachFilter(campaigns=tuple(campaign.pk for campaign in campaigns))
    progress = defaultdict(list)
    for item in figures.target_progress(None, flt):
        progress[(item.target.campaign_id, item.target.indicator_id)].append(item)
    totals = {
        (row["campaign"], row["indicator"]): row["value"]
        for row in figures.totals(None, flt, by=("campaign",))
    }
    months = defaultdict(list)
    for row in figures.monthly(None, flt, by=("campaign",)):
        months[(row["campaign"], row["indicator"])].append(row["month"])
    cells = defaultdict(list)
    for row in figures.breakdown(None, flt, by=("campaign", "month")):
        cells[(row["campaign"], row["indicator"])].append(row)
    keys = set(progress) | set(totals)
    indicators = Indicator.objects.in_bulk({indicator for _campaign, indicator in keys})
    bands = AgeBand.objects.in_bulk()
    title = interface_texts(RESULT_TITLE)
    results = {}
    for campaign in campaigns:
        own = sorted(
            (key for key in keys if key[0] == campaign.pk), key=lambda key: indicators[key[1]].code
        )
        if not own:
            continue
        result = etree.Element("result", type=OUTPUT)
        narratives(sub(result, "title"), title)
        for key in own:
            add_indicator(
                result,
                campaign,
                indicators[key[1]],
                Figures(progress.get(key, []), totals.get(key), months.get(key, []), cells[key]),
                bands,
            )
        results[campaign.pk] = [result]
    return results


class Figures:
    """One campaign's figures on one indicator."""

    def __init__(self, targets, total, months, cells):
        self.targets, self.total, self.cells = targets, total, cells
        self.first = min(months, default=None)
        self.last = max(months, default=None)


def add_indicator(result, campaign, indicator, found: Figures, bands) -> None:
    languages = ["en", *campaign.offered_language_codes()]
    node = sub(result, "indicator", measure=UNIT, ascending="1")
    narratives(sub(node, "title"), translations(indicator, "name", languages), indicator.code)
    definition = translations(indicator, "definition", languages)
    if definition:
        narratives(sub(node, "description"), definition)
    sub(node, "reference", vocabulary=OWN_VOCABULARY, code=indicator.code)
    mode = indicator.aggregation
    last = month_end(found.last) if found.last else None
    for item in found.targets:
        target = item.target
        add_period(
            node,
            target.period_start or campaign.start_date or found.first,
            month_end(target.period_end) if target.period_end else campaign.end_date or last,
            target.value,
            item.achieved,
            parts(found.cells, mode, target.period_start, target.period_end, bands),
        )
    if not found.targets and found.total is not None:
        add_period(
            node,
            campaign.start_date or found.first,
            campaign.end_date or last,
            None,
            found.total,
            parts(found.cells, mode, None, None, bands),
        )


def add_period(node, start, end, target, actual, split) -> None:
    """A period with its target and actual (and the actual's parts); none without dates."""
    if not (start and end) or end < start:
        return
    period = sub(node, "period")
    sub(period, "period-start", iso_date=iso(start))
    sub(period, "period-end", iso_date=iso(end))
    if target is not None:
        sub(period, "target", value=target)
    if actual is None:
        return
    sub(period, "actual", value=actual)
    for dimensions, value in split:
        part = sub(period, "actual", value=value)
        for name, label in dimensions:
            sub(part, "dimension", name=name, value=label)


def parts(cells, mode, start, end, bands) -> list[tuple[tuple, int]]:
    """The actual by sex, by age band, and by both, from the monthly breakdown cells within
    [start, end] (months; None: open), each added up over the months by ``mode``."""
    series = defaultdict(lambda: defaultdict(int))  # (sex, band pk) -> month -> count
    for row in cells:
        month = row["month"]
        if (start and month < start) or (end and month > end):
            continue
        sex, band = row["sex"] or None, row["age_band"]
        if sex:
            series[(sex, None)][month] += row["value"]
        if band:
            series[(None, band)][month] += row["value"]
        if sex and band:
            series[(sex, band)][month] += row["value"]

    def order(key):
        sex, band = key
        kind = 0 if band is None else 1 if sex is None else 2
        sex_rank = SEXES.index(sex) if sex in SEXES else len(SEXES)
        band_rank = (bands[band].sort_order, bands[band].min_age) if band in bands else (0, 0)
        return (kind, sex_rank if kind != 1 else 0, band_rank)

    split = []
    for sex, band in sorted(series, key=order):
        dimensions = []
        if sex:
            dimensions.append(("sex", sex))
        if band:
            dimensions.append(("age", bands[band].name if band in bands else str(band)))
        split.append((tuple(dimensions), combine(series[(sex, band)], mode)))
    return split


def combine(by_month: dict, mode: str) -> int:
    if mode == Aggregation.MAXIMUM:
        return max(by_month.values())
    if mode == Aggregation.LATEST:
        return by_month[max(by_month)]
    return sum(by_month.values())


def interface_texts(message: str) -> list[tuple[str, str]]:
    """A message of ours in the default language and each site-wide one it is translated into."""
    texts = []
    for code in dict.fromkeys([settings.LANGUAGE_CODE, *settings.SITE_WIDE_LANGUAGES]):
        with translation.override(code):
            text = gettext(message)
        if code == settings.LANGUAGE_CODE or text != message:
            texts.append((code, text))
    return texts
