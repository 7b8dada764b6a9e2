"""The read API, /api/v1/: published practices (the browse FilterSet: every filter
and sort, paginated, facets on request), a practice with its parts, and the sources,
actors, regions and themes they refer to. Django REST Framework for the views and
errors, drf-spectacular for the OpenAPI schema; GET only, CORS open, anonymous
clients rate-limited, ETags from the site's conditional-GET middleware."""

from contextlib import nullcontext

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from browse.facets import practice_facets
from browse.filters import SORT_CHOICES
from browse.insights import role_matches, role_matrix, time_limits
from browse.planner import index_scans_only, keyword_is_rare
from browse.selectors import filtered_practices
from practices.choices import ActorKind, Level, Role, StepFunction
from practices.models import (
    Actor,
    Involvement,
    Metric,
    Practice,
    Region,
    SourceDocument,
    Step,
    Theme,
)

from .api_serializers import (
    ActorSerializer,
    PracticeDetailSerializer,
    PracticeSerializer,
    RegionSerializer,
    SourceDetailSerializer,
    SourceSerializer,
    ThemeSerializer,
    plain_number,
)
from .streaming import dataset_version

MAX_PAGE_SIZE = 100


class Pages(PageNumberPagination):
    """20 a page; `page_size` up to 100, refused (400) when it is not a number in
    range, rather than silently replaced."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        values = request.query_params.getlist(self.page_size_query_param)
        if not values:
            return self.page_size
        value = values[-1].strip()
        if len(values) > 1 or not value.isdigit() or not 1 <= int(value) <= 100:
            raise ValidationError(
                {"page_size": [f"Give one whole number from 1 to {MAX_PAGE_SIZE}."]}
            )
        return int(value)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        limits = {"page": {"minimum": 1}, "page_size": {"minimum": 1, "maximum": 100}}
        for parameter in parameters:
            parameter["schema"].update(limits.get(parameter["name"], {}))
        return parameters


def flag(request, name):
    """An optional yes/no parameter: true/false/1/0, else a 400."""
    values = request.query_params.getlist(name)
    if not values:
        return False
    if len(values) > 1 or values[0] not in ("true", "false", "1", "0"):
        raise ValidationError({name: ["Give true or false."]})
    return values[0] in ("true", "1")


FILTER_PARAMETERS = [
    OpenApiParameter("q", str, description="Keyword (folds script: 六單 finds 六单)."),
    OpenApiParameter("region", str, description="Region code (430000) or names."),
    OpenApiParameter("theme", str, many=True, description="Theme slugs (any of)."),
    OpenApiParameter("actor", int, description="Actor id."),
    OpenApiParameter(
        "actor_kind", str, many=True, enum=ActorKind.values, description="Any of."
    ),
    OpenApiParameter("level", str, many=True, enum=Level.values, description="Any of."),
    OpenApiParameter("year_from", int, description="1949–2100."),
    OpenApiParameter("year_to", int, description="1949–2100."),
    OpenApiParameter("has_metrics", bool),
    OpenApiParameter("sort", str, enum=[value for value, _label in SORT_CHOICES]),
    OpenApiParameter("facets", bool, description="Add the browse page's facets."),
]


SINGLE_VALUED = ("q", "region", "actor", "year_from", "year_to", "sort", "page",
                 "kind", "role", "function")  # fmt: skip
QUESTION = ("kind", "role", "function")


def refuse_malformed(request):
    """A 400 for what the browse page would quietly read its own way: a one-value
    parameter given twice, an empty value, a yes/no that is neither."""
    errors = {
        name: ["Give this parameter once."]
        for name in SINGLE_VALUED
        if len(request.query_params.getlist(name)) > 1
    }
    for name, values in request.query_params.lists():
        if name != "q" and any(not value.strip() for value in values):
            errors[name] = ["Give a value, or leave the parameter out."]
    if errors:
        raise ValidationError({"errors": errors})
    flag(request, "facets")
    flag(request, "has_metrics")


class PracticeList(generics.ListAPIView):
    """Published practices, filtered and sorted as on /practices/."""

    serializer_class = PracticeSerializer
    pagination_class = Pages

    @extend_schema(parameters=FILTER_PARAMETERS)
    def get(self, request, *args, **kwargs):
        refuse_malformed(request)  # before any query
        filterset = filtered_practices(request.query_params)
        if not filterset.is_valid():
            raise ValidationError({"errors": filterset.errors})
        self.filterset = filterset
        keyword = request.query_params.get("q", "").strip()
        # A keyword search is planned as the browse page plans it (the GIN index
        # first); other lists do better with PostgreSQL's own plan for their count.
        planned = nullcontext()
        if keyword:
            planned = index_scans_only(rare=keyword_is_rare(keyword))
        with planned:
            response = self.list(request, *args, **kwargs)
            if flag(request, "facets"):
                facets, _total = practice_facets(filterset, request.query_params)
                response.data["facets"] = facets
        return response

    def get_queryset(self):
        return self.filterset.qs.select_related("region__parent").prefetch_related(
            "themes", "region__former"
        )


class PracticeDetail(generics.RetrieveAPIView):
    """A published practice with its sources, steps, involvements and figures."""

    serializer_class = PracticeDetailSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return (
            Practice.objects.published()
            .select_related("region__parent")
            .prefetch_related(
                "themes",
                "region__former",
                "sources",
                Prefetch(
                    "steps",
                    Step.objects.select_related("passage_source").order_by(
                        "parent_id", "position"
                    ),
                ),
                Prefetch(
                    "involvements",
                    Involvement.objects.select_related("actor").order_by("pk"),
                ),
                Prefetch(
                    "metrics",
                    Metric.objects.select_related("passage_source").order_by("pk"),
                ),
            )
        )


class SourceList(generics.ListAPIView):
    serializer_class = SourceSerializer
    pagination_class = Pages

    def get_queryset(self):
        return SourceDocument.objects.public().order_by("slug")


class SourceDetail(generics.RetrieveAPIView):
    serializer_class = SourceDetailSerializer
    lookup_field = "slug"
    lookup_url_kwarg = "key"

    def get_queryset(self):
        return SourceDocument.objects.public()


class ActorList(generics.ListAPIView):
    serializer_class = ActorSerializer
    pagination_class = Pages

    def get_queryset(self):
        return Actor.objects.public().order_by("name")


class ActorDetail(generics.RetrieveAPIView):
    serializer_class = ActorSerializer

    def get_queryset(self):
        return Actor.objects.public()


class RegionList(generics.ListAPIView):
    """Regions: the provinces, or the children of `parent` (a region code)."""

    serializer_class = RegionSerializer
    pagination_class = Pages

    @extend_schema(
        parameters=[OpenApiParameter("parent", OpenApiTypes.STR, description="Code")]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        code = self.request.query_params.get("parent", "").strip()
        regions = (
            Region.objects.select_related("parent")
            .prefetch_related("former")
            .order_by("path")
        )
        if not code:
            return regions.filter(depth=1)
        if not code.isdigit() or len(code) > 12:
            raise ValidationError({"parent": ["Give a region code of digits."]})
        parent = get_object_or_404(Region, code=code)
        return regions.filter(parent=parent)


class RegionDetail(generics.RetrieveAPIView):
    """A region by its code, or by a former code (430124 gives 宁乡市, 430182)."""

    serializer_class = RegionSerializer
    lookup_field = "code"
    queryset = Region.objects.select_related("parent").prefetch_related("former")

    def get_object(self):
        code = self.kwargs["code"]
        region = self.get_queryset().by_code(code).first()
        if region is None:
            raise Http404
        return region


class ThemeList(generics.ListAPIView):
    serializer_class = ThemeSerializer
    queryset = Theme.objects.select_related("parent").order_by("pk")


class VersionSerializer(serializers.Serializer):
    api = serializers.CharField()
    dataset_version = serializers.CharField()
    published_practices = serializers.IntegerField()


class Version(generics.GenericAPIView):
    """The API's version and the dataset's (the latest change to a published
    practice)."""

    serializer_class = VersionSerializer

    def get(self, request):
        data = {
            "api": "v1",
            "dataset_version": dataset_version(),
            "published_practices": Practice.objects.published().count(),
        }
        return Response(VersionSerializer(data).data)


class TimeLimitSerializer(serializers.Serializer):
    practice = serializers.CharField(source="metric.practice.slug")
    step_id = serializers.IntegerField(source="metric.step_id", allow_null=True)
    function = serializers.CharField(help_text="The step's function, or none.")
    figure_id = serializers.IntegerField(source="metric.pk")
    name = serializers.CharField(source="metric.name")
    qualifier = serializers.CharField(source="metric.qualifier")
    value = serializers.CharField(source="value_text")
    value_max = serializers.CharField(source="value_max_text", allow_null=True)
    unit = serializers.CharField(source="metric.unit")
    hours = serializers.FloatField(
        allow_null=True, help_text="A range counts its upper end."
    )
    source_quote = serializers.CharField(source="metric.source_quote")


class TimeLimitList(generics.GenericAPIView):
    """Time limits of the published practices the browse filters give, in hours
    (a working day counts 24), the first 300 by hours."""

    serializer_class = TimeLimitSerializer

    @extend_schema(
        parameters=FILTER_PARAMETERS[:-2], responses=TimeLimitSerializer(many=True)
    )
    def get(self, request):
        refuse_malformed(request)
        filterset = filtered_practices(request.query_params)
        if not filterset.is_valid():
            raise ValidationError({"errors": filterset.errors})
        limits, _total = time_limits(filterset.qs)
        for limit in limits:
            metric = limit.metric
            limit.value_text = plain_number(metric.value)
            limit.value_max_text = plain_number(metric.value_max)
        return Response(TimeLimitSerializer(limits, many=True).data)


class RoleCountSerializer(serializers.Serializer):
    kind = serializers.CharField()
    role = serializers.CharField()
    count = serializers.IntegerField()


class RoleStepSerializer(serializers.Serializer):
    practice = serializers.CharField(source="practice.slug")
    step_id = serializers.IntegerField()
    step = serializers.CharField(source="step.name")
    function = serializers.CharField(source="step.function")
    actor_id = serializers.IntegerField()
    actor = serializers.CharField(source="actor.name")
    kind = serializers.CharField(source="actor.kind")
    role = serializers.CharField()
    source_quote = serializers.CharField(source="step.source_quote")


class RolesSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Matching steps (the first 500 listed).")
    steps = RoleStepSerializer(many=True)
    matrix = RoleCountSerializer(many=True)


ROLE_QUESTION = [
    OpenApiParameter("kind", str, enum=ActorKind.values, description="Actor kind."),
    OpenApiParameter("role", str, enum=[v for v, _l in Role.choices]),
    OpenApiParameter("function", str, enum=[v for v, _l in StepFunction.choices]),
]


class Roles(generics.GenericAPIView):
    """Who does what: steps where an actor of a kind plays a role, by step function,
    under the browse filters; and every kind × role count."""

    serializer_class = RolesSerializer

    @extend_schema(parameters=[*FILTER_PARAMETERS[:-2], *ROLE_QUESTION])
    def get(self, request):
        refuse_malformed(request)
        question = {name: request.query_params.get(name, "") for name in QUESTION}
        allowed = {"kind": ActorKind.values, "role": Role.values,
                   "function": StepFunction.values}  # fmt: skip
        errors = {
            name: ["Not one of the allowed values."]
            for name, value in question.items()
            if value and value not in allowed[name]
        }
        if errors:
            raise ValidationError({"errors": errors})
        filterset = filtered_practices(request.query_params)
        if not filterset.is_valid():
            raise ValidationError({"errors": filterset.errors})
        matches = role_matches(filterset.qs, **question)
        matrix = [
            {"kind": kind, "role": role, "count": count}
            for kind, _label, cells in role_matrix(filterset.qs)
            for role, _role_label, count in cells
            if count
        ]
        data = {"count": matches.count(), "steps": matches[:500], "matrix": matrix}
        return Response(RolesSerializer(data).data)
