"""From a partner system's JSON to the rules' `Entry`: shapes checked, codes resolved to ids.

Only what the rules cannot see is checked here: the JSON shape (types, required and unknown
fields, the figures' structure). Codes are resolved by campaigns.reach.rules.codes against the
request's ReachRuleContext (no query per report), the same as for a spreadsheet: a code that
does not resolve is a problem of its field, named as the JSON field ("region") with the
partner's own value ("SN-XX": Not a region of the campaign's country), and the report is still
checked by the rules for everything else.
"""

from django.utils.translation import gettext as _

from campaigns.reach.batch import Entry
from campaigns.reach.rules import Cell, Problem, ReachRuleContext, ValueData
from campaigns.reach.rules.codes import CodeResolver, campaign_ids

HEADER_FIELDS = ("campaign", "organisation", "month", "region", "channel")
OPTIONAL_FIELDS = ("material", "language", "data_source", "verification", "notes", "values")
READ_ONLY_FIELDS = {"id", "status", "return_reason", "revision", "is_current", "entered_via"}
READ_ONLY_FIELDS |= {"created_at", "updated_at"}
KNOWN_FIELDS = {*HEADER_FIELDS, *OPTIONAL_FIELDS, "merge"} | READ_ONLY_FIELDS
CELL_FIELDS = {"sex", "age_band", "count"}
TEXT_FIELDS = ("campaign", "organisation", "region", "channel", "material", "language")
# The rules' problems name fields as the JSON does: the field name is the JSON path.


class Resolver:
    """Codes -> ids for one request: campaigns in one query, the rest from the rule context."""

    def __init__(self, payloads: list, *, scope, default_organisation: int | None = None):
        campaigns = campaign_ids(
            item.get("campaign") for item in payloads if isinstance(item, dict)
        )
        self.context = ReachRuleContext(campaigns=campaigns.values(), scope=scope)
        self.resolver = CodeResolver(self.context, campaigns)
        self.default_organisation = default_organisation
        self.codes: dict[int, dict] = {}  # id(ReportData) -> codes as given, for messages

    def entry(self, payload, where: str, report_id=None) -> tuple[Entry | None, list[Problem]]:
        """The Entry for one JSON report (None when its shape stops it being read) and the
        problems found before the rules: shape, and codes that do not resolve."""
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
        for name in (*TEXT_FIELDS, "notes"):
            if payload.get(name) is not None and not isinstance(payload[name], str):
                problems.append(Problem(name, payload[name], _("Give a text."), "not_text"))
        values, value_problems = self._values(payload.get("values", {}))
        problems += value_problems
        given = {name: payload.get(name) for name in TEXT_FIELDS}
        resolved = self.resolver.resolve(
            **{name: code if isinstance(code, str) else None for name, code in given.items()},
            data_source=payload.get("data_source"),
            verification=payload.get("verification"),
            default_organisation=self.default_organisation,
        )
        code_problems = list(resolved.problems.values())
        if problems:
            return None, problems + code_problems
        data = resolved.report_data(payload["month"], values, report_id)
        self.codes[id(data)] = payload
        entry = Entry(
            data=data,
            data_source=resolved.data_source,
            verification=resolved.verification,
            notes=payload.get("notes") or "",
            where=where,
        )
        return entry, code_problems

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
