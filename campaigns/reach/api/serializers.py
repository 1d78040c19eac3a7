"""What the API shows, by codes a partner system knows (campaign code, region ISO code, channel
code, indicator code, material UUID, organisation name), never internal ids of related rows.

Two directions, two descriptions:
- answers are rendered by ReportSerializer (and the reference serializers): every field is
  always there, so the OpenAPI schema marks them all required;
- writes are read by campaigns.reach.api.payload (fast, for bulk posts) and checked by the rules;
  ReportInputSerializer only *describes* what that parser accepts, for the OpenAPI schema
  (components ReportRequest, PatchedReportRequest, ValueRequest). It never reads a request.
tests/reach/test_api_schema.py holds the two together: payloads the parser accepts must match
the served schema, shapes it refuses must not, and every endpoint's answers must match theirs.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from campaigns.reach.models import (
    AgeBand,
    DataSource,
    EntryRoute,
    Indicator,
    ReportingOrganisation,
    Sex,
    Status,
    Verification,
)
from campaigns.reach.rules.values import MAX_COUNT

MAX_BULK = 5000  # reports per bulk post; campaigns.reach.api.reports refuses more (too_many)

# --- answers ---


class CellSerializer(serializers.Serializer):
    sex = serializers.ChoiceField(
        Sex.choices, allow_null=True, read_only=True, help_text=_("Where the indicator is by sex.")
    )
    age_band = serializers.CharField(
        allow_null=True, read_only=True, help_text=_("Age band code, where it is by age.")
    )
    count = serializers.IntegerField(min_value=0, read_only=True)


class ValueSerializer(serializers.Serializer):
    total = serializers.IntegerField(min_value=0, read_only=True)
    breakdown = CellSerializer(
        many=True,
        read_only=True,
        help_text=_("Cells adding up to the total, one per sex and/or age band (may be empty)."),
    )


class ValuesField(serializers.DictField):
    """{indicator code: {"total", "breakdown"}} from prefetched values and cells."""

    def __init__(self, **kwargs):
        super().__init__(child=ValueSerializer(), **kwargs)

    def to_representation(self, values):
        shown = {}
        for value in values.all():
            cells = []
            for cell in value.breakdown.all():
                cells.append(
                    {
                        "sex": cell.sex,
                        "age_band": cell.age_band.code if cell.age_band_id else None,
                        "count": cell.count,
                    }
                )
            shown[value.indicator.code] = {"total": value.total, "breakdown": cells}
        return shown


@extend_schema_field({"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2026-03"})
class MonthField(serializers.Field):
    def to_representation(self, month):
        return f"{month:%Y-%m}"


class MaterialField(serializers.UUIDField):
    def get_attribute(self, report):
        return report.material.uuid if report.material_id else None

    def to_representation(self, value):
        return None if value is None else str(value)


class ProblemSerializer(serializers.Serializer):
    index = serializers.IntegerField(
        required=False, help_text=_("Position of the report in a bulk post.")
    )
    field = serializers.CharField(
        allow_null=True, help_text=_("The field concerned, e.g. values.people-reached.total.")
    )
    value = serializers.JSONField(allow_null=True, help_text=_("The value given, as given."))
    message = serializers.CharField()
    code = serializers.CharField(help_text=_("Stable code of the problem, e.g. not_a_count."))


class ReportSerializer(serializers.Serializer):
    """A reach report as the API answers it; `values` is keyed by indicator code."""

    id = serializers.IntegerField(read_only=True)
    campaign = serializers.CharField(
        source="campaign.code", read_only=True, help_text=_("Campaign code.")
    )
    organisation = serializers.CharField(
        source="organisation.name", read_only=True, help_text=_("Reporting organisation's name.")
    )
    month = MonthField(read_only=True, help_text=_("YYYY-MM."))
    region = serializers.CharField(
        source="region.code", read_only=True, help_text=_("ISO 3166-2, e.g. SN-DK.")
    )
    channel = serializers.CharField(
        source="channel.code", read_only=True, help_text=_("Channel code.")
    )
    material = MaterialField(
        allow_null=True, read_only=True, help_text=_("UUID of a material of the campaign.")
    )
    language = serializers.CharField(read_only=True, help_text=_("Language used, e.g. wo."))
    data_source = serializers.ChoiceField(DataSource.choices, read_only=True)
    verification = serializers.ChoiceField(Verification.choices, read_only=True)
    notes = serializers.CharField(read_only=True)
    values = ValuesField(read_only=True, help_text=_("Figures by indicator code."))
    status = serializers.ChoiceField(Status.choices, read_only=True)
    return_reason = serializers.CharField(read_only=True)
    revision = serializers.IntegerField(read_only=True)
    is_current = serializers.BooleanField(read_only=True)
    entered_via = serializers.ChoiceField(EntryRoute.choices, read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)


class WrittenReportSerializer(ReportSerializer):
    """The answer to a create or a change: the report, and the rules' warnings if any."""

    warnings = ProblemSerializer(
        many=True,
        required=False,
        help_text=_("Only when the rules have warnings (saved all the same)."),
    )


class ErrorsSerializer(serializers.Serializer):
    errors = ProblemSerializer(many=True)
    warnings = ProblemSerializer(many=True, required=False)
    detail = serializers.CharField(required=False)


class BulkResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    ids = serializers.ListField(
        child=serializers.IntegerField(), help_text=_("The saved report of each posted one.")
    )
    warnings = ProblemSerializer(many=True)


# --- what campaigns.reach.api.payload accepts (described, never parsed here) ---

COUNT = {
    "oneOf": [
        {"type": "integer", "minimum": 0, "maximum": MAX_COUNT},
        {"type": "string", "pattern": r"^\s*[0-9]+\s*$"},
    ],
    "description": "A whole number, 0 or more; a text of ASCII digits is read too ('120').",
}
CELL_REQUEST = {
    "type": "object",
    "description": "One breakdown cell. Leave out (or null) sex or age band where the indicator "
    "is not split that way.",
    "properties": {
        "sex": {"type": "string", "nullable": True, "enum": [*Sex.values, None]},
        "age_band": {"type": "string", "nullable": True, "description": "Age band code."},
        "count": COUNT,
    },
    "required": ["count"],
    "additionalProperties": False,
}
VALUE_REQUEST = {
    "description": "An indicator's figure: a bare count (a total without breakdown), or "
    '{"total", "breakdown"}.',
    "oneOf": [
        COUNT,
        {
            "type": "object",
            "properties": {
                "total": COUNT,
                "breakdown": {
                    "type": "array",
                    "nullable": True,
                    "items": CELL_REQUEST,
                    "description": "Cells adding up to the total, one per sex and/or age band.",
                },
            },
            "required": ["total"],
            "additionalProperties": False,
        },
    ],
}
MONTH_REQUEST = {
    "type": "string",
    "pattern": r"^\d{4}-(0[1-9]|1[0-2])(-01)?$",
    "example": "2026-03",
}
MATERIAL_REQUEST = {
    "type": "string",
    "nullable": True,
    "anyOf": [{"format": "uuid"}, {"maxLength": 0}],
}


@extend_schema_field(VALUE_REQUEST, component_name="ValueRequest")
class ValueInputField(serializers.JSONField):
    pass


@extend_schema_field(MONTH_REQUEST)
class MonthInputField(serializers.Field):
    pass


@extend_schema_field(MATERIAL_REQUEST)
class MaterialInputField(serializers.Field):
    pass


@extend_schema_field(OpenApiTypes.ANY)
class IgnoredField(serializers.JSONField):
    """A read-only field of the answer: accepted in a write (so an answer can be sent back
    changed) and ignored."""


def _ignored():
    return IgnoredField(
        required=False, help_text=_("Read-only: accepted and ignored, whatever its value.")
    )


def _text(help_text="", **kwargs):
    return serializers.CharField(
        required=False, allow_null=True, allow_blank=True, help_text=help_text, **kwargs
    )


@extend_schema_serializer(component_name="Report")
class ReportInputSerializer(serializers.Serializer):
    """A reach report to create or change; `values` is keyed by indicator code. Fields not
    listed are refused (unknown_field)."""

    campaign = serializers.CharField(help_text=_("Campaign code."))
    organisation = _text(
        _(
            "Reporting organisation's name. Required, except for a user of a single "
            "organisation, for whom it may be left out, empty or null."
        )
    )
    month = MonthInputField(help_text=_("YYYY-MM (or YYYY-MM-01); a past month in the campaign."))
    region = serializers.CharField(help_text=_("ISO 3166-2, e.g. SN-DK."))
    channel = serializers.CharField(help_text=_("Channel code."))
    material = MaterialInputField(
        required=False, help_text=_("UUID of a material of the campaign; empty or null: none.")
    )
    language = _text(_("Language used, e.g. wo."))
    data_source = serializers.ChoiceField(
        DataSource.choices,
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text=_("Empty or null: other."),
    )
    verification = serializers.ChoiceField(
        Verification.choices,
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text=_("Empty or null: none."),
    )
    notes = _text()
    values = serializers.DictField(
        child=ValueInputField(),
        help_text=_(
            "Figures by indicator code, at least one. A change (PATCH) replaces only the "
            "indicators given; a replacement (PUT) removes those left out."
        ),
    )
    merge = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_(
            "true: merge into an existing open report with the same natural key (POST only; "
            "the ?merge=true parameter does the same)."
        ),
    )
    id = _ignored()
    status = _ignored()
    return_reason = _ignored()
    revision = _ignored()
    is_current = _ignored()
    entered_via = _ignored()
    created_at = _ignored()
    updated_at = _ignored()


@extend_schema_serializer(component_name="ReportReplacement")
class ReportReplacementSerializer(ReportInputSerializer):
    """A report's replacement (PUT): its natural key (campaign, organisation, month, region,
    channel) may be left out, as it does not change; given, it must be the report's own.
    Indicators left out are removed."""

    campaign = serializers.CharField(required=False, help_text=_("The report's campaign code."))
    month = MonthInputField(required=False, help_text=_("The report's month."))
    region = serializers.CharField(required=False, help_text=_("The report's region."))
    channel = serializers.CharField(required=False, help_text=_("The report's channel."))


class ReportInputExtension(OpenApiSerializerExtension):
    """Closes ReportRequest (unknown fields are refused) and asks for at least one indicator;
    PatchedReportRequest: nothing required, `values` may be empty or null (stored ones kept)."""

    target_class = ReportInputSerializer
    match_subclasses = True

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        schema["additionalProperties"] = False
        values = schema["properties"]["values"]
        if getattr(self.target, "partial", False):
            values["nullable"] = True
        else:
            values["minProperties"] = 1
        return schema


class ReasonSerializer(serializers.Serializer):
    reason = serializers.RegexField(
        r"\S", help_text=_("Why the report goes back to its organisation (not blank).")
    )


class BulkRequestSerializer(serializers.Serializer):
    merge = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("true: merge each report into an existing open one with the same key."),
    )
    reports = serializers.ListField(
        child=ReportInputSerializer(), min_length=1, max_length=MAX_BULK
    )


# --- reference data ---


class CampaignMaterialSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    title = serializers.CharField()
    languages = serializers.ListField(child=serializers.CharField())


class CampaignSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    title = serializers.CharField()
    country = serializers.CharField(source="country.code", allow_null=True)
    start_date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)
    regions = serializers.SerializerMethodField()
    channels = serializers.SerializerMethodField()
    materials = serializers.SerializerMethodField()

    def get_regions(self, campaign) -> list[str]:
        country = campaign.country
        return [region.code for region in country.regions.all()] if country else []

    def get_channels(self, campaign) -> list[str]:
        return [channel.code for channel in campaign.channels.all()]

    @extend_schema_field(CampaignMaterialSerializer(many=True))
    def get_materials(self, campaign):
        return [
            {
                "uuid": str(material.uuid),
                "title": material.title,
                "languages": sorted({version.language for version in material.versions.all()}),
            }
            for material in campaign.materials.all()
        ]


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["code", "name", "definition", "unit", "kind", "by_sex", "by_age"]
        fields += ["aggregation", "active"]
        read_only_fields = fields  # answers only: every field is always there


class AgeBandSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgeBand
        fields = ["code", "name", "min_age", "max_age"]
        read_only_fields = fields


class OrganisationSerializer(serializers.ModelSerializer):
    countries = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = ReportingOrganisation
        fields = ["id", "name", "kind", "countries"]
        read_only_fields = fields
