"""What the API shows, by codes a partner system knows (campaign code, region ISO code, channel
code, indicator code, material UUID, organisation name), never internal ids of related rows.

Writes are read by campaigns.reach.api.payload (fast, for bulk posts) and checked by the rules;
these serializers describe the same fields for the OpenAPI schema and render answers.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
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


class CellSerializer(serializers.Serializer):
    sex = serializers.ChoiceField(
        Sex.choices, allow_null=True, required=False, help_text=_("Where the indicator is by sex.")
    )
    age_band = serializers.CharField(
        allow_null=True, required=False, help_text=_("Age band code, where it is by age.")
    )
    count = serializers.IntegerField(min_value=0)


class ValueSerializer(serializers.Serializer):
    total = serializers.IntegerField(min_value=0)
    breakdown = CellSerializer(
        many=True,
        required=False,
        help_text=_("Cells adding up to the total, one per sex and/or age band."),
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

    def to_internal_value(self, data):  # payload.py parses months; this is for the schema
        return data


class MaterialField(serializers.UUIDField):
    def get_attribute(self, report):
        return report.material.uuid if report.material_id else None

    def to_representation(self, value):
        return None if value is None else str(value)


class ReportSerializer(serializers.Serializer):
    """A reach report; `values` is keyed by indicator code."""

    id = serializers.IntegerField(read_only=True)
    campaign = serializers.CharField(source="campaign.code", help_text=_("Campaign code."))
    organisation = serializers.CharField(
        source="organisation.name",
        required=False,
        help_text=_(
            "Reporting organisation's name; may be left out by a user of a single organisation."
        ),
    )
    month = MonthField(help_text=_("YYYY-MM; a past month within the campaign's dates."))
    region = serializers.CharField(source="region.code", help_text=_("ISO 3166-2, e.g. SN-DK."))
    channel = serializers.CharField(source="channel.code", help_text=_("Channel code."))
    material = MaterialField(
        allow_null=True, required=False, help_text=_("UUID of a material of the campaign.")
    )
    language = serializers.CharField(
        allow_blank=True, required=False, help_text=_("Language used, e.g. wo.")
    )
    data_source = serializers.ChoiceField(DataSource.choices, required=False)
    verification = serializers.ChoiceField(Verification.choices, required=False)
    notes = serializers.CharField(allow_blank=True, required=False)
    values = ValuesField(help_text=_("Figures by indicator code."))
    status = serializers.ChoiceField(Status.choices, read_only=True)
    return_reason = serializers.CharField(read_only=True)
    revision = serializers.IntegerField(read_only=True)
    is_current = serializers.BooleanField(read_only=True)
    entered_via = serializers.ChoiceField(EntryRoute.choices, read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)
    merge = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text=_("Merge into an existing open report with the same natural key."),
    )


class ProblemSerializer(serializers.Serializer):
    index = serializers.IntegerField(
        required=False, help_text=_("Position of the report in a bulk post.")
    )
    field = serializers.CharField(allow_null=True)
    value = serializers.JSONField(allow_null=True)
    message = serializers.CharField()
    code = serializers.CharField()


class ErrorsSerializer(serializers.Serializer):
    errors = ProblemSerializer(many=True)
    warnings = ProblemSerializer(many=True, required=False)
    detail = serializers.CharField(required=False)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text=_("Why the report goes back to its organisation."))


class BulkRequestSerializer(serializers.Serializer):
    merge = serializers.BooleanField(required=False, default=False)
    reports = ReportSerializer(many=True)


class BulkResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    ids = serializers.ListField(child=serializers.IntegerField())
    warnings = ProblemSerializer(many=True)


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


class AgeBandSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgeBand
        fields = ["code", "name", "min_age", "max_age"]


class OrganisationSerializer(serializers.ModelSerializer):
    countries = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = ReportingOrganisation
        fields = ["id", "name", "kind", "countries"]
