"""The fixed lists the data model allows.

Shared by the models, case files, exports and the codebook.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    PROVINCE = "province", _("province")
    PREFECTURE = "prefecture", _("prefecture")
    COUNTY = "county", _("county")
    TOWNSHIP = "township", _("township")
    VILLAGE = "village", _("village")


class RegionChange(models.TextChoices):
    """How a former code or name relates to today's region."""

    RENAMED = "renamed", _("the same division under a new code or name")
    MERGED = "merged", _("abolished; its territory lies within the successor")


class ActorKind(models.TextChoices):
    PARTY_ORG = "party_org", _("party organisation")
    GOVERNMENT = "government", _("government department")
    CONGRESS_CPPCC = "congress_cppcc", _("people's congress / CPPCC")
    DISCIPLINE = "discipline", _("discipline inspection")
    JUDICIARY_POLICE = "judiciary_police", _("judiciary / police")
    COMMUNITY_COMMITTEE = "community_committee", _("village or community committee")
    SOCIAL_ORG = "social_org", _("social organisation")
    VOLUNTEERS = "volunteers", _("volunteers")
    ENTERPRISE = "enterprise", _("enterprise")
    RESIDENTS = "residents", _("residents")
    THIRD_PARTY = "third_party", _("third party")
    MEDIA = "media", _("media")


class Script(models.TextChoices):
    SIMPLIFIED = "hans", _("Simplified Chinese")
    TRADITIONAL = "hant", _("Traditional Chinese")


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    IN_REVIEW = "in_review", _("in review")
    PUBLISHED = "published", _("published")


class Role(models.TextChoices):
    LEADS = "leads", _("leads")
    CARRIES_OUT = "carries_out", _("carries out")
    TAKES_PART = "takes_part", _("takes part")
    SUPERVISES = "supervises", _("supervises")
    EVALUATES = "evaluates", _("evaluates")
    BENEFITS = "benefits", _("benefits")


class Qualifier(models.TextChoices):
    EXACT = "exact", _("exactly")
    APPROX = "approx", _("approximately")
    MORE_THAN = "more_than", _("more than")
    AT_LEAST = "at_least", _("at least")
    AT_MOST = "at_most", _("at most")
    UP_TO = "up_to", _("up to")


class MetricKind(models.TextChoices):
    INPUT = "input", _("input")
    OUTPUT = "output", _("output")
    OUTCOME = "outcome", _("outcome")
    TIME_LIMIT = "time_limit", _("time limit")
    TARGET = "target", _("target")


class MetricNature(models.TextChoices):
    """What sort of number a figure is, so a ranking is never read as a number of
    persons and a share never as a count."""

    COUNT = "count", _("count")
    AMOUNT = "amount", _("amount (money or a measure)")
    SHARE = "share", _("share or rate")
    DURATION = "duration", _("duration")
    RANKING = "ranking", _("ranking")
    FREQUENCY = "frequency", _("frequency")


class MetricPeriod(models.TextChoices):
    """Which period a figure covers, as its source says; empty where it does not."""

    CUMULATIVE = "cumulative", _("cumulative since the start")
    AS_OF = "as_of", _("as of the end date")
    DURING = "during", _("during the period")


class StepFunction(models.TextChoices):
    """What a step does: the vocabulary that lines up the steps of different
    practices (compare, insights). Empty where the source does not say."""

    INTAKE = "intake", _("collect and take in requests")
    ASSIGN = "assign", _("sort and assign")
    HANDLE = "handle", _("handle")
    SUPERVISE = "supervise", _("supervise")
    RESPOND = "respond", _("respond and follow up")
    EVALUATE = "evaluate", _("evaluate")
    IDENTIFY = "identify", _("identify and survey")
    PUBLICISE = "publicise", _("publicise")
    PLAN = "plan", _("plan and decide")
    MOBILISE = "mobilise", _("mobilise and organise")
    TRAIN = "train", _("train and educate")
    INSPECT = "inspect", _("inspect")


class StepKind(models.TextChoices):
    """Not every item of a step list is a stage of a flow."""

    STAGE = "stage", _("stage of the flow")
    CATEGORY = "category", _("category in a list")
    COMPONENT = "component", _("standing component")


def in_choices(field, choices, allow_blank=False):
    """A database check that `field` holds one of `choices` (and '' if allowed)."""
    values = list(choices.values) + ([""] if allow_blank else [])
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__in": values}),
        name=f"%(app_label)s_%(class)s_{field}_valid",
        violation_error_message=f"{field} must be one of: "
        + ", ".join(v for v in values if v),
    )


class RevisionAction(models.TextChoices):
    BASELINE = "baseline", _("as first recorded")
    CREATED = "created", _("created")
    EDITED = "edited", _("edited")
    IMPORTED = "imported", _("imported")
    STATUS = "status", _("status changed")
    PROPOSED = "proposed", _("change proposed")
    APPROVED = "approved", _("proposed change approved")
    REJECTED = "rejected", _("proposed change rejected")
    RESTORED = "restored", _("restored")
