"""Research exports: the columns of every table, defined once.

The public CSV export, the admin action, `manage.py export_csv` and the codebook
(codebook.py) all read these definitions, so the files and their documentation
cannot drift apart. Rows are produced chunk by chunk in the browse order;
csv_stream() turns them into UTF-8 CSV (with BOM, RFC 4180 quoting, formula cells
neutralised).
"""

import csv
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from practices.choices import (
    ActorKind,
    Level,
    MetricKind,
    MetricNature,
    MetricPeriod,
    Qualifier,
    Role,
    Status,
    StepFunction,
    StepKind,
)
from practices.models import Theme

from . import pg_csv
from .rows import (
    actor_rows,
    chunks,
    involvement_rows,
    metric_rows,
    practice_rows,
    step_rows,
)
from .streaming import one_snapshot

FORMULA_STARTS = frozenset("=+-@\t\r＝＋－＠")
TEXT_TYPES = {"text", "list", "url", "choice"}
LIST_SEPARATOR = "; "


def theme_names():
    """Each theme's slug with its Chinese and English names, for the codebook."""
    return [
        (slug, f"{name} / {name_en}" if name_en else name)
        for slug, name, name_en in Theme.objects.order_by("pk").values_list(
            "slug", "name", "name_en"
        )
    ]


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    type: str = "text"  # text, integer, number, url, list, choice
    choices: object = None  # a TextChoices class, or a function giving (value, label)
    staff_only: bool = False

    @property
    def allowed_values(self):
        if self.choices is None:
            return ""
        choices = getattr(self.choices, "choices", None) or self.choices()
        return LIST_SEPARATOR.join(f"{v} ({label})" for v, label in choices)


@dataclass(frozen=True)
class Table:
    name: str
    filename: str
    description: str
    columns: list = field(default_factory=list)
    rows: object = None  # rows(practice_ids_in_order_chunks, context) -> iterable

    def header(self, staff=False):
        return [c.name for c in self.columns if staff or not c.staff_only]


# The links of a row of a linked table to its practice and, if any, its step.
PRACTICE_REF = Column("practice_id", _("The practice."), "integer")
STEP_REF = Column(
    "step_id", _("The step; empty when about the practice as a whole."), "integer"
)
PRACTICES = Table(
    "practices",
    "practices.csv",
    _("One row per practice, in the order of the browse page."),
    [
        Column("practice_id", _("Practice id; joins the other tables."), "integer"),
        Column("slug", _("Stable identifier, also in the public URL.")),
        Column("title", _("The practice's own name, as its source gives it.")),
        Column("alias", _("Another name it goes by.")),
        Column("province", _("Province-level division.")),
        Column("prefecture", _("Prefecture-level division, if any.")),
        Column("county", _("County-level division, if any.")),
        Column("township", _("Township or street, if any.")),
        Column(
            "region_code",
            _(
                "Code of the practice's region: GB/T 2260 (6 digits) from the Ministry "
                "of Civil Affairs' 2024 list, or the statistical code of a township (9 "
                "digits) or a special zone (NBS 2023)."
            ),
        ),
        Column(
            "region_former_codes",
            _(
                "Codes the same division had before, separated by “; ” (宁乡市: "
                "430124), to join data keyed by older codes."
            ),
            "list",
        ),
        Column("implementing_level", _("Level that carries it out."), "choice", Level),
        Column("themes", _("Theme slugs, separated by “; ”."), "list", theme_names),
        Column("year_started", _("Year it started, where the source says."), "integer"),
        Column("step_count", _("Number of steps, sub-steps included."), "integer"),
        Column("actor_count", _("Number of distinct actors."), "integer"),
        Column("metric_count", _("Number of figures."), "integer"),
        Column("summary", _("What the practice is, in a few sentences.")),
        Column(
            "sources",
            _(
                "Source articles, separated by “; ”: each as title | publication | "
                "date (YYYY, YYYY-MM or YYYY-MM-DD), a part left empty where the "
                "article does not print it."
            ),
            "list",
        ),
        Column("url", _("Public page of the practice."), "url"),
        Column(
            "status",
            _("Review status: staff exports only (public ones hold published only)."),
            "choice",
            Status,
            staff_only=True,
        ),
    ],
    practice_rows,
)
STEPS = Table(
    "steps",
    "steps.csv",
    _("One row per step; nested steps name their parent."),
    [
        Column("step_id", _("Step id; joins involvements and metrics."), "integer"),
        Column("practice_id", _("The practice it belongs to."), "integer"),
        Column(
            "parent_step_id",
            _("The step it is part of; empty at top level."),
            "integer",
        ),
        Column("position", _("Order among its siblings, from 1."), "integer"),
        Column("depth", _("1 for a top-level step, 2 for its sub-steps, …"), "integer"),
        Column("name", _("The step's name.")),
        Column("description", _("What happens in it.")),
        Column(
            "function",
            _("What the step does; empty where the source does not say."),
            "choice",
            StepFunction,
        ),
        Column(
            "kind", _("Stage of the flow, category or component."), "choice", StepKind
        ),
        Column("source_quote", _("Verbatim passage of the source it is drawn from.")),
    ],
    step_rows,
)
INVOLVEMENTS = Table(
    "involvements",
    "involvements.csv",
    _("One row per actor's part in a practice or one of its steps."),
    [
        PRACTICE_REF,
        STEP_REF,
        Column("actor_id", _("The actor; joins actors.csv."), "integer"),
        Column("actor", _("The actor's name, as the source names it.")),
        Column("actor_kind", _("Kind of actor."), "choice", ActorKind),
        Column("role", _("What the actor does here."), "choice", Role),
    ],
    involvement_rows,
)
METRICS = Table(
    "metrics",
    "metrics.csv",
    _("One row per figure, each with the source passage that states it."),
    [
        Column("metric_id", _("Figure id."), "integer"),
        PRACTICE_REF,
        STEP_REF,
        Column("name", _("What is counted.")),
        Column("qualifier", _("How the value is to be read."), "choice", Qualifier),
        Column("value", _("The number, magnitude words multiplied out."), "number"),
        Column("value_max", _("Upper end of a range; empty otherwise."), "number"),
        Column("unit", _("Counting unit, without magnitude words.")),
        Column(
            "unit_en",
            _(
                "The unit in English (plural), where the library knows it; empty for "
                "a measure word such as 个 and for a unit it does not know."
            ),
        ),
        Column("kind", _("Kind of figure."), "choice", MetricKind),
        Column(
            "nature",
            _(
                "What sort of number it is. A ranking's value is a place (1 = first; "
                "with qualifier at_most, 10 = in the top ten), never a quantity; a "
                "share is in the unit given (per cent, or 成 for tenths)."
            ),
            "choice",
            MetricNature,
        ),
        Column(
            "period",
            _(
                "Which period the figure covers, where the source says: a running "
                "total since period_start, a state as of as_of, or a figure for the "
                "period; empty if the source does not say (do not assume a year)."
            ),
            "choice",
            MetricPeriod,
        ),
        Column(
            "period_text",
            _("The source's own words for the period (2013年以来), verbatim."),
        ),
        Column(
            "period_start",
            _("Start of the period (YYYY, YYYY-MM or YYYY-MM-DD), where stated."),
        ),
        Column(
            "as_of",
            _(
                "Date the figure stands at, or the end of its period (YYYY, YYYY-MM "
                "or YYYY-MM-DD), where stated."
            ),
        ),
        Column("source_quote", _("Verbatim passage that contains the number.")),
    ],
    metric_rows,
)
ACTORS = Table(
    "actors",
    "actors.csv",
    _("One row per actor taking part in the exported practices."),
    [
        Column("actor_id", _("Actor id; joins involvements.csv."), "integer"),
        Column("name", _("As the source names it.")),
        Column("name_en", _("English rendering, where given.")),
        Column("kind", _("Kind of actor."), "choice", ActorKind),
        Column("level", _("Administrative level; empty when none."), "choice", Level),
        Column("practice_count", _("Exported practices it takes part in."), "integer"),
    ],
    actor_rows,
)
TABLES = {
    table.name: table for table in (PRACTICES, STEPS, INVOLVEMENTS, METRICS, ACTORS)
}


def neutralise(value):
    """A cell value safe to open in a spreadsheet (OWASP CSV injection)."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def csv_stream(table, practices, context):
    """UTF-8 (with BOM) CSV chunks, bytes, for `table` over `practices`, in their
    order.

    Rows are written a batch at a time; only text cells can hold a formula, so only
    they are checked.
    """
    staff = context.get("staff", False)
    header = table.header(staff)
    text_columns = [
        index
        for index, column in enumerate(table.columns)
        if column.name in header and column.type in TEXT_TYPES
    ]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    yield ("\ufeff" + _drain(out)).encode()
    with one_snapshot():
        if pg_csv.supported(table, context):
            yield from pg_csv.csv_lines(table, practices)
            return
        for batch in chunks(table.rows(practices, context), 1000):
            for row_index, row in enumerate(batch):
                for i in text_columns:
                    cell = row[i]
                    if cell and isinstance(cell, str) and cell[0] in FORMULA_STARTS:
                        batch[row_index] = [neutralise(value) for value in row]
                        break
            writer.writerows(batch)
            yield _drain(out).encode()


def _drain(buffer):
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
