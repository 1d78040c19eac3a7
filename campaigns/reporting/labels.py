"""Names for the ids in aggregated reach figures, in the reader's language."""

from collections.abc import Iterable

from django.utils.formats import date_format

from campaigns.reach.models import AgeBand, Indicator, Sex


class Labels:
    """Names for the ids in aggregated rows, in the active language: one query per dimension."""

    def __init__(self, rows: Iterable[dict], dimensions: Iterable[str]):
        rows = list(rows)
        self._names: dict[str, dict] = {}
        for dimension in dimensions:
            keys = {row.get(dimension) for row in rows} - {None}
            self._names[dimension] = self._load(dimension, keys)

    @staticmethod
    def _load(dimension: str, keys: set) -> dict:
        from campaigns.i18n.languages import get_language
        from campaigns.models import (
            CampaignPage,
            Channel,
            Country,
            Material,
            Region,
            ReportingOrganisation,
        )

        if dimension == "country":
            return {c.pk: str(c) for c in Country.objects.filter(pk__in=keys)}
        if dimension == "campaign":
            return {c.pk: c.title for c in CampaignPage.objects.filter(pk__in=keys)}
        if dimension == "material":
            return {m.pk: m.title for m in Material.objects.filter(pk__in=keys)}
        if dimension == "indicator":
            return {i.pk: i.name for i in Indicator.objects.filter(pk__in=keys)}
        if dimension == "age_band":
            return {a.pk: a.name for a in AgeBand.objects.filter(pk__in=keys)}
        if dimension == "sex":
            return {key: str(Sex(key).label) for key in keys}
        if dimension == "month":
            return {key: date_format(key, "YEAR_MONTH_FORMAT") for key in keys}
        if dimension == "language":
            from django.utils.translation import get_language as active

            names = {}
            for code in keys:
                try:
                    names[code] = get_language(code).name_in(active() or "en")
                except ValueError:
                    names[code] = code
            return names
        model = {"channel": Channel, "region": Region, "organisation": ReportingOrganisation}[
            dimension
        ]
        return {obj.pk: str(obj) for obj in model.objects.filter(pk__in=keys)}

    def __call__(self, dimension: str, key) -> str:
        if key is None or key == "":
            return "—"
        return self._names.get(dimension, {}).get(key, str(key))
