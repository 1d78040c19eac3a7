"""From a partner system's JSON to the rules' `Entry`: codes resolved to ids, shapes checked.

Codes are looked up in the request's ReachRuleContext (no query per report). A code that does
not resolve is passed on as given, so the rules refuse it with the partner's own value ("SN-XX:
Not a region of the campaign's country") rather than an id they never sent. Only what the rules
cannot see is checked here: the JSON shape, unknown fields, data source and verification.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from campaigns.models import CampaignPage
from campaigns.reach.batch import Entry
from campaigns.reach.models import DataSource, Verification
from campaigns.reach.rules import Cell, Problem, ReachRuleContext, ReportData, ValueData

HEADER_FIELDS = ("campaign", "organisation", "month", "region", "channel")
OPTIONAL_FIELDS = ("material", "language", "data_source", "verification", "notes", "values")
READ_ONLY_FIELDS = {"id", "status", "return_reason", "revision", "is_current", "entered_via"}
READ_ONLY_FIELDS |= {"created_at", "updated_at"}
KNOWN_FIELDS = {*HEADER_FIELDS, *OPTIONAL_FIELDS, "merge"} | READ_ONLY_FIELDS
CELL_FIELDS = {"sex", "age_band", "count"}


@dataclass
class CampaignRef:
    id: int
    country_id: int | None


class Resolver:
    """Codes -> ids for one request: campaigns in one query, the rest from the rule context."""

    def __init__(self, payloads: list, *, scope, default_organisation: int | None = None):
        codes = {
            item.get("campaign")
            for item in payloads
            if isinstance(item, dict) and isinstance(item.get("campaign"), str)
        }
        self.campaigns = {
            code: CampaignRef(pk, country_id)
            for code, pk, country_id in CampaignPage.objects.filter(code__in=codes).values_list(
                "code", "pk", "country_id"
            )
        }
        self.context = ReachRuleContext(
            campaigns=[ref.id for ref in self.campaigns.values()], scope=scope
        )
        self.default_organisation = default_organisation
        self.codes: dict[int, dict] = {}  # id(ReportData) -> codes as given, for messages

    def entry(self, payload, where: str, report_id=None) -> tuple[Entry | None, list[Problem]]:
        """The Entry for one JSON report, or the shape problems that stop it being read."""
        if not isinstance(payload, dict):
            return None, [Problem("", None, _("Each report is a JSON object."), "not_an_object")]
        problems = [
            Problem(name, payload[name], _("Unknown field."), "unknown_field")
            for name in payload
            if name not in KNOWN_FIELDS
        ]
        for name in HEADER_FIELDS:
            if name == "organisation" and self.default_organisation is not None:
                continue
            if payload.get(name) in (None, ""):
                problems.append(Problem(name, None, _("This field is required."), "required"))
        for name in ("campaign", "organisation", "region", "channel", "material", "language"):
            if payload.get(name) is not None and not isinstance(payload[name], str):
                problems.append(Problem(name, payload[name], _("Give a text."), "not_text"))
        if payload.get("notes") is not None and not isinstance(payload["notes"], str):
            problems.append(Problem("notes", payload["notes"], _("Give a text."), "not_text"))
        organisation = payload.get("organisation")
        if isinstance(organisation, str) and organisation not in self.context.organisation_ids:
            problems.append(
                Problem("organisation", organisation, _("Unknown organisation."), "unknown")
            )
        problems += self._choice_problems(payload)
        values, value_problems = self._values(payload.get("values", {}))
        problems += value_problems
        if problems:
            return None, problems
        campaign = self.campaigns.get(payload["campaign"])
        country_id = campaign.country_id if campaign else None
        lookups = self.context
        given_org = payload.get("organisation")
        material = payload.get("material")
        data = ReportData(
            campaign=campaign.id if campaign else payload["campaign"],
            organisation=(
                lookups.organisation_ids[given_org] if given_org else self.default_organisation
            ),
            month=payload["month"],
            region=lookups.region_ids.get((country_id, payload["region"]), payload["region"]),
            channel=lookups.channel_ids.get(payload["channel"], payload["channel"]),
            material=lookups.material_ids.get(material, material) if material else None,
            language=payload.get("language") or "",
            values=values,
            report_id=report_id,
        )
        self.codes[id(data)] = payload
        entry = Entry(
            data=data,
            data_source=payload.get("data_source") or DataSource.OTHER,
            verification=payload.get("verification") or Verification.NONE,
            notes=payload.get("notes") or "",
            where=where,
        )
        return entry, []

    def key_label(self, entry: Entry) -> str:
        """The natural key as the partner sent it: campaign/organisation/month/region/channel."""
        given = self.codes.get(id(entry.data), {})
        organisation = given.get("organisation") or next(
            (name for name, pk in self.context.organisation_ids.items()
             if pk == entry.data.organisation),
            entry.data.organisation,
        )  # fmt: skip
        parts = (given.get("campaign"), organisation, given.get("month"))
        return "/".join(str(part) for part in (*parts, given.get("region"), given.get("channel")))

    @staticmethod
    def _choice_problems(payload) -> list[Problem]:
        problems = []
        for name, choices in (("data_source", DataSource), ("verification", Verification)):
            given = payload.get(name)
            if given not in (None, "") and given not in choices.values:
                problems.append(
                    Problem(
                        name,
                        given,
                        _("Choose one of: %(choices)s.") % {"choices": ", ".join(choices.values)},
                        "bad_choice",
                    )
                )
        return problems

    @staticmethod
    def _values(raw) -> tuple[dict[str, ValueData], list[Problem]]:
        if raw is None:
            return {}, []
        if not isinstance(raw, dict):
            message = _('Give the figures as {"indicator code": {"total": 120}}.')
            return {}, [Problem("values", raw, message, "not_an_object")]
        values, problems = {}, []
        for code, value in raw.items():
            where = f"values.{code}"
            if not isinstance(value, dict):
                value = {"total": value}  # a bare number is a total without breakdown
            unknown = set(value) - {"total", "breakdown"}
            for name in sorted(unknown):
                problems.append(
                    Problem(f"{where}.{name}", value[name], _("Unknown field."), "unknown_field")
                )
            cells = value.get("breakdown") or []
            if not isinstance(cells, list):
                problems.append(
                    Problem(f"{where}.breakdown", cells, _("Give a list of cells."), "not_a_list")
                )
                continue
            parsed = []
            for position, cell in enumerate(cells):
                if (
                    not isinstance(cell, dict)
                    or set(cell) - CELL_FIELDS
                    or not all(isinstance(cell.get(k), str | None) for k in ("sex", "age_band"))
                ):
                    problems.append(
                        Problem(
                            f"{where}.breakdown[{position}]",
                            cell,
                            _('Each cell is {"sex", "age_band", "count"}.'),
                            "bad_cell",
                        )
                    )
                    continue
                if isinstance(cell.get("count"), float):
                    problems.append(_not_digits(f"{where}.breakdown[{position}]", cell["count"]))
                    continue
                parsed.append(Cell(cell.get("count"), cell.get("sex"), cell.get("age_band")))
            if isinstance(value.get("total"), float):
                problems.append(_not_digits(f"{where}.total", value["total"]))
                continue
            values[code] = ValueData(value.get("total"), parsed)
        return values, problems


def _not_digits(field: str, given: float) -> Problem:
    """A JSON count is an integer: 1200, not 1200.0 or 1.2e3 (which JSON reads as floats)."""
    message = _("Give a whole number written with digits only, e.g. 1200.")
    return Problem(field, given, message, "not_a_count")
