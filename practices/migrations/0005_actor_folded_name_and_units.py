"""One actor whatever the script (folded name, duplicates merged with their
involvements kept) and one form per unit (个, not 個)."""

from django.db import migrations, models

from practices.folding import fold_script, fold_unit


def merge_actors_and_fold_units(apps, schema_editor):
    Actor = apps.get_model("practices", "Actor")
    Involvement = apps.get_model("practices", "Involvement")
    Metric = apps.get_model("practices", "Metric")
    kept = {}
    for actor in Actor.objects.order_by("pk"):
        folded = fold_script(actor.name)
        if folded in kept:
            Involvement.objects.filter(actor_id=actor.pk).update(actor_id=kept[folded])
            actor.delete()
            continue
        kept[folded] = actor.pk
        Actor.objects.filter(pk=actor.pk).update(folded_name=folded)
    for unit in Metric.objects.values_list("unit", flat=True).distinct():
        if fold_unit(unit) != unit:
            Metric.objects.filter(unit=unit).update(unit=fold_unit(unit))


class Migration(migrations.Migration):
    dependencies = [("practices", "0004_revisions")]

    operations = [
        migrations.AddField(
            model_name="actor",
            name="folded_name",
            field=models.CharField(default="", editable=False, max_length=128),
            preserve_default=False,
        ),
        migrations.RunPython(merge_actors_and_fold_units, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="actor",
            name="folded_name",
            field=models.CharField(editable=False, max_length=128, unique=True),
        ),
    ]
