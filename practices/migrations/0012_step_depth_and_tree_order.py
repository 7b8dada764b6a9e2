"""Each step's depth and place in its practice's reading order, stored (kept by every
write from now on: store.py, derived.refresh_derived_fields), so that the steps
table's export reads steps in reading order without walking each tree. Existing
steps get theirs here, in one statement: the tree walked top down, siblings by
position."""

from django.db import migrations, models

# A step's path: its ancestors' positions and its own, each padded to sort as text.
PADDED = {
    "postgresql": "lpad({}::text, 10, '0')",
    "sqlite": "printf('%010d', {})",
}
SET_PLACES = """
WITH RECURSIVE tree(id, practice_id, path, depth) AS (
  SELECT id, practice_id, {top}, 1 FROM practices_step WHERE parent_id IS NULL
  UNION ALL
  SELECT s.id, s.practice_id, tree.path || {child}, tree.depth + 1
  FROM tree JOIN practices_step s ON s.parent_id = tree.id
),
ordered AS (
  SELECT id, depth,
    row_number() OVER (PARTITION BY practice_id ORDER BY path) - 1 AS tree_order
  FROM tree
)
UPDATE practices_step SET depth = ordered.depth, tree_order = ordered.tree_order
FROM ordered WHERE practices_step.id = ordered.id
"""


def set_places(apps, schema_editor):
    padded = PADDED[schema_editor.connection.vendor]
    schema_editor.execute(
        SET_PLACES.format(
            top=padded.format('"position"'), child=padded.format('s."position"')
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0011_sqlite_search_fts5"),
    ]

    operations = [
        migrations.AddField(
            model_name="step",
            name="depth",
            field=models.PositiveSmallIntegerField(
                default=1,
                editable=False,
                help_text="1 for a top-level step",
                verbose_name="depth",
            ),
        ),
        migrations.AddField(
            model_name="step",
            name="tree_order",
            field=models.PositiveIntegerField(
                default=0,
                editable=False,
                help_text="The step's place in its practice's reading order, from 0.",
                verbose_name="order in the tree",
            ),
        ),
        migrations.RunPython(set_places, migrations.RunPython.noop),
    ]
