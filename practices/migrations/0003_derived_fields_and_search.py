"""Derived fields for filters, facets and exports; the search table and, on
PostgreSQL, its generated tsvector column with a GIN index."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

SEARCH_VECTOR_SQL = [
    # Long columns out of line, so that the heap a GIN bitmap scan visits to find
    # practice ids is a few bytes a row, not kilobytes.
    "ALTER TABLE practices_practicesearch SET (toast_tuple_target = 128)",
    "ALTER TABLE practices_practicesearch ALTER COLUMN text SET STORAGE EXTERNAL",
    "ALTER TABLE practices_practicesearch ALTER COLUMN tokens SET STORAGE EXTERNAL",
    "ALTER TABLE practices_practicesearch ADD COLUMN vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', tokens)) STORED",
    "ALTER TABLE practices_practicesearch ALTER COLUMN vector SET STORAGE EXTERNAL",
    "CREATE INDEX practice_search_vector_gin ON practices_practicesearch "
    "USING gin (vector)",
]


def add_search_vector(apps, schema_editor):
    # CJK bigram tokens as a stored tsvector: PostgreSQL only (SQLite scans).
    if schema_editor.connection.vendor == "postgresql":
        for statement in SEARCH_VECTOR_SQL:
            schema_editor.execute(statement)


def drop_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE practices_practicesearch DROP COLUMN vector")


def fill_region_path(apps, schema_editor):
    Practice = apps.get_model("practices", "Practice")
    for practice in Practice.objects.select_related("region"):
        Practice.objects.filter(pk=practice.pk).update(region_path=practice.region.path)


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0002_staff_groups"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PracticeSearch",
            fields=[
                (
                    "practice",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_index",
                        serialize=False,
                        to="practices.practice",
                    ),
                ),
                ("text", models.TextField(blank=True)),
                ("tokens", models.TextField(blank=True)),
            ],
        ),
        migrations.AddField(
            model_name="practice",
            name="actor_count",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="practice",
            name="actor_kind_bits",
            field=models.IntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="practice",
            name="metric_count",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="practice",
            name="region_path",
            field=models.CharField(
                db_index=True, default="", editable=False, max_length=255
            ),
        ),
        migrations.AddField(
            model_name="practice",
            name="search_title",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name="practice",
            name="step_count",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="practice",
            name="theme_bits",
            field=models.BigIntegerField(default=0, editable=False),
        ),
        migrations.AddIndex(
            model_name="practice",
            index=models.Index(
                fields=["status"],
                include=(
                    "id",
                    "region_path",
                    "theme_bits",
                    "actor_kind_bits",
                    "implementing_level",
                    "metric_count",
                    "year_started",
                    "created_at",
                    "search_title",
                ),
                name="practice_facet_cover",
            ),
        ),
        migrations.RunPython(fill_region_path, migrations.RunPython.noop),
        migrations.RunPython(add_search_vector, drop_search_vector),
    ]
