"""The dashboard's current view as a table to download (CSV, XLSX, HXL): one row per group of
the chosen dimension and indicator, the value by the indicator's rule, and where the figures are
split by sex or age, a column per sex and per age band.

HXL hashtags: ``#country+code``, ``#adm1+code`` (region), ``#org+name``, ``#date+month``,
``#activity+code`` (campaign), ``#indicator+code``, ``#reached+total``, ``#reached+f``,
``#reached+m``, ``#reached+unknown`` and ``#reached+age15_24`` (one per age band, from its
code). Channels, languages and materials have no core hashtag: ``#meta+channel``,
``#meta+language``, ``#meta+material``. Indicators are never added together: each row is one
indicator, its unit in a column of its own.
"""

import re
from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext

from campaigns.reach.models import AgeBand, Indicator, Sex
from campaigns.reporting import figures
from campaigns.reporting.filters import ReachFilter
from campaigns.reporting.tables import Column, Table

from .dashboard_content import DIMENSION_LABELS, _sort_keys

SEX_HASHTAGS = {"female": "#reached+f", "male": "#reached+m", "unknown": "#reached+unknown"}


def dimension_columns(by: str) -> list[Column]:
    """The columns naming a group: its codes first (what tools join on), then its name."""
    name = str(DIMENSION_LABELS[by])
    country_code = Column("country_code", gettext("Country code"), "#country+code")
    return {
        "country": [country_code, Column("label", name, "#country+name")],
        "region": [
            country_code,
            Column("code", gettext("Region code"), "#adm1+code"),
            Column("label", name, "#adm1+name"),
        ],
        "campaign": [
            country_code,
            Column("code", gettext("Campaign code"), "#activity+code"),
            Column("label", name, "#activity+name"),
        ],
        "organisation": [Column("label", name, "#org+name")],
        "channel": [
            Column("code", gettext("Channel code"), "#meta+channel+code"),
            Column("label", name, "#meta+channel+name"),
        ],
        "language": [
            Column("code", gettext("Language code"), "#meta+language+code"),
            Column("label", name, "#meta+language+name"),
        ],
        "material": [Column("label", name, "#meta+material+name")],
        "month": [Column("key", name, "#date+month", kind="month")],
    }[by]


def dimension_codes(by: str, keys: set) -> dict:
    """Key -> {"code": ..., "country_code": ...}: one query for the dimensions that have codes."""
    from campaigns.models import CampaignPage, Channel, Country, Region

    keys = keys - {None, ""}
    if by == "country":
        return {pk: {"country_code": code} for pk, code in Country.objects.filter(pk__in=keys)
                .values_list("pk", "code")}  # fmt: skip
    if by in ("region", "campaign"):
        model = Region if by == "region" else CampaignPage
        rows = model.objects.filter(pk__in=keys).values_list("pk", "code", "country__code")
        return {pk: {"code": code, "country_code": country} for pk, code, country in rows}
    if by == "channel":
        return {pk: {"code": code} for pk, code in Channel.objects.filter(pk__in=keys)
                .values_list("pk", "code")}  # fmt: skip
    if by == "language":
        return {key: {"code": key} for key in keys}
    return {}


def age_hashtag(band: AgeBand) -> str:
    return "#reached+age" + re.sub(r"[^a-z0-9]+", "_", band.code.lower()).strip("_")


def export_table(reader, flt: ReachFilter, by: str) -> Table:
    """The figures of the dashboard's view by `by`, one row per group and indicator."""
    grouped = figures.totals(reader, flt, by=[by])
    cells = figures.breakdown(reader, flt, by=[by])
    indicators = {
        i.pk: i for i in Indicator.objects.filter(pk__in={r["indicator"] for r in grouped})
    }
    labels = figures.Labels(grouped, [by])
    codes = dimension_codes(by, {row[by] for row in grouped})
    split = defaultdict(int)  # (key, indicator, "sex"/"band", which) -> count
    for cell in cells:
        base = (cell[by], cell["indicator"])
        split[(*base, "sex", cell["sex"])] += cell["value"]
        split[(*base, "band", cell["age_band"])] += cell["value"]
    sexes = [s for s in SEX_HASHTAGS if any(c["sex"] == s for c in cells)]
    band_ids = {c["age_band"] for c in cells} - {None}
    bands = list(AgeBand.objects.filter(pk__in=band_ids)) if band_ids else []

    columns = [
        *dimension_columns(by),
        Column("indicator_code", gettext("Indicator code"), "#indicator+code"),
        Column("indicator", gettext("Indicator"), "#indicator+name"),
        Column("unit", gettext("Unit"), "#indicator+unit"),
        Column("value", gettext("Value"), "#reached+total"),
        *(Column(f"sex_{s}", str(Sex(s).label), SEX_HASHTAGS[s]) for s in sexes),
        *(Column(f"band_{b.pk}", str(b), age_hashtag(b)) for b in bands),
    ]
    rows = []
    order = {
        key: index for index, key in enumerate(_sort_keys(by, {r[by] for r in grouped}, labels))
    }
    for row in sorted(grouped, key=lambda r: (order[r[by]], indicators[r["indicator"]].code)):
        key, indicator = row[by], indicators[row["indicator"]]
        out = {
            "key": key,
            "label": labels(by, key) if key not in (None, "") else "",
            **codes.get(key, {}),
            "indicator_code": indicator.code,
            "indicator": indicator.name,
            "unit": indicator.unit_label,
            "value": row["value"],
        }
        for sex in sexes:
            out[f"sex_{sex}"] = split.get((key, indicator.pk, "sex", sex))
        for band in bands:
            out[f"band_{band.pk}"] = split.get((key, indicator.pk, "band", band.pk))
        rows.append(out)
    title = gettext("Reach by %(dimension)s") % {"dimension": str(DIMENSION_LABELS[by]).lower()}
    return Table(title=title, columns=columns, rows=rows)


def filename(by: str) -> str:
    return f"reach-by-{by}-{timezone.localdate():%Y-%m-%d}"
