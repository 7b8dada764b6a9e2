"""Derived fields for region filters, facets and search; the PostgreSQL index."""

from django.db import migrations, models

GIN_INDEX = "practice_search_tokens_gin"


def fill_region_path(apps, schema_editor):
    Practice = apps.get_model("practices", "Practice")
    for practice in Practice.objects.select_related("region"):
        Practice.objects.filter(pk=practice.pk).update(region_path=practice.region.path)


def create_search_index(apps, schema_editor):
    # An expression GIN index over the CJK bigram tokens: PostgreSQL only.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON practices_practice "
            "USING gin (to_tsvector('simple', search_tokens))"
        )


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("practices", "0002_staff_groups")]

    operations = [
        migrations.AddField(
            model_name="practice",
            name="region_path",
            field=models.CharField(
                db_index=True, default="", editable=False, max_length=255
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="practice",
            name="search_title",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name="practice",
            name="search_text",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name="practice",
            name="search_tokens",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name="practice",
            name="actor_kinds",
            field=models.CharField(blank=True, editable=False, max_length=255),
        ),
        *[
            migrations.AddField(
                model_name="practice",
                name=name,
                field=models.PositiveIntegerField(default=0, editable=False),
            )
            for name in ("step_count", "actor_count", "metric_count")
        ],
        migrations.RunPython(fill_region_path, migrations.RunPython.noop),
        migrations.RunPython(create_search_index, drop_search_index),
    ]
