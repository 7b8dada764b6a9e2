"""The read API's JSON: stable field names, documented in the OpenAPI schema and the
codebook. A practice's steps, involvements and figures are flat lists joined by ids
(a step names its parent, an involvement or figure its step), like the CSV tables;
numbers are strings holding the exact decimal ("1.2" for 1.2万 is "12000")."""

from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from practices.models import (
    Actor,
    FormerRegion,
    Involvement,
    Metric,
    Practice,
    Region,
    SourceDocument,
    Step,
    Theme,
)
from practices.units import unit_in_english


def plain_number(value):
    """Decimal('12000.0000') → "12000"; None → None."""
    if value is None:
        return None
    value = Decimal(value)
    if value == value.to_integral_value():
        return str(int(value))
    return f"{value.normalize():f}"


class PassageSerializer(serializers.Serializer):
    """Where a quote stands in its source: character offsets [start, end)."""

    source = serializers.CharField(source="passage_source.slug")
    start = serializers.IntegerField(source="passage_start")
    end = serializers.IntegerField(source="passage_end")


class QuotingSerializer(serializers.ModelSerializer):
    passage = serializers.SerializerMethodField()

    @extend_schema_field(PassageSerializer(allow_null=True))
    def get_passage(self, item):
        if item.passage_source_id is None:
            return None
        return PassageSerializer(item).data


class FormerRegionSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="old_code")
    name = serializers.CharField(source="old_name")
    parent = serializers.CharField(source="old_parent")

    class Meta:
        model = FormerRegion
        fields = ["code", "name", "parent", "relation"]


class RegionSerializer(serializers.ModelSerializer):
    key = serializers.CharField(source="url_key", help_text="Code, else names.")
    parent = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    former = FormerRegionSerializer(
        many=True,
        read_only=True,
        help_text="Codes and names it had before (renamed), or of divisions now "
        "within it (merged).",
    )

    class Meta:
        model = Region
        fields = [
            "key", "code", "name", "name_en", "level", "parent", "lon", "lat", "former",
        ]  # fmt: skip


class ThemeSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )

    class Meta:
        model = Theme
        fields = ["slug", "name", "name_en", "parent"]


class ActorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Actor
        fields = ["id", "name", "name_en", "kind", "level"]


class SourceSerializer(serializers.ModelSerializer):
    key = serializers.CharField(source="slug")

    class Meta:
        model = SourceDocument
        fields = [
            "key", "title", "subtitle", "authors", "publication", "dateline",
            "published_on", "url", "script",
        ]  # fmt: skip


class SourceDetailSerializer(SourceSerializer):
    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "text"]


class StepSerializer(QuotingSerializer):
    parent_id = serializers.IntegerField(allow_null=True)

    class Meta:
        model = Step
        fields = [
            "id", "parent_id", "position", "name", "description", "function",
            "kind", "source_quote", "passage",
        ]  # fmt: skip


class InvolvementSerializer(serializers.ModelSerializer):
    step_id = serializers.IntegerField(allow_null=True)
    actor = ActorSerializer()

    class Meta:
        model = Involvement
        fields = ["step_id", "actor", "role"]


class MetricSerializer(QuotingSerializer):
    step_id = serializers.IntegerField(allow_null=True)
    value = serializers.SerializerMethodField()
    value_max = serializers.SerializerMethodField()
    unit_en = serializers.SerializerMethodField()

    class Meta:
        model = Metric
        fields = [
            "id", "step_id", "name", "qualifier", "value", "value_max", "unit",
            "unit_en", "kind", "nature", "period", "period_text", "period_start",
            "as_of", "source_quote", "passage",
        ]  # fmt: skip

    def get_value(self, metric) -> str:
        return plain_number(metric.value)

    def get_value_max(self, metric) -> str | None:
        return plain_number(metric.value_max)

    def get_unit_en(self, metric) -> str | None:
        return unit_in_english(metric.unit)


class PracticeSerializer(serializers.ModelSerializer):
    region = RegionSerializer()
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Practice
        fields = [
            "id", "slug", "title", "alias", "region", "implementing_level", "themes",
            "year_started", "step_count", "actor_count", "metric_count", "summary",
            "updated_at", "url",
        ]  # fmt: skip

    def get_url(self, practice) -> str:
        request = self.context.get("request")
        path = practice.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class PracticeDetailSerializer(PracticeSerializer):
    sources = SourceSerializer(many=True)
    steps = StepSerializer(many=True)
    involvements = InvolvementSerializer(many=True)
    metrics = MetricSerializer(many=True)

    class Meta(PracticeSerializer.Meta):
        fields = [
            *PracticeSerializer.Meta.fields,
            "problem", "outcomes", "sources", "steps", "involvements", "metrics",
        ]  # fmt: skip
