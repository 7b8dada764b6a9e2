"""The API's JSON fields for the codebook, read off the serializers themselves, so
the documentation cannot drift from what the API sends."""

from rest_framework import serializers

from .api_serializers import (
    ActorSerializer,
    InvolvementSerializer,
    MetricSerializer,
    PassageSerializer,
    PracticeDetailSerializer,
    RegionSerializer,
    SourceDetailSerializer,
    StepSerializer,
    ThemeSerializer,
)

OBJECTS = [
    ("practice", PracticeDetailSerializer),
    ("step", StepSerializer),
    ("involvement", InvolvementSerializer),
    ("figure", MetricSerializer),
    ("passage", PassageSerializer),
    ("source", SourceDetailSerializer),
    ("actor", ActorSerializer),
    ("region", RegionSerializer),
    ("theme", ThemeSerializer),
]
TYPES = [
    (serializers.ListSerializer, "list"),
    (serializers.ManyRelatedField, "list"),
    (serializers.Serializer, "object"),
    (serializers.IntegerField, "integer"),
    (serializers.FloatField, "number"),
    (serializers.DateTimeField, "date-time"),
    (serializers.ChoiceField, "choice"),
]


def type_of(field):
    for kind, name in TYPES:
        if isinstance(field, kind):
            return name
    return "text"


def api_fields():
    """(object, field, type, meaning) for every field of every API object."""
    for name, serializer in OBJECTS:
        for field_name, field in serializer().fields.items():
            meaning = field.help_text or field.label or ""
            yield name, field_name, type_of(field), str(meaning)
