"""A practice's history: every applied change, and changes proposed for review."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..choices import RevisionAction, in_choices
from .practice import Practice


class RevisionQuerySet(models.QuerySet):
    def pending(self):
        """Proposed changes that no reviewer has decided on yet."""
        return self.filter(action=RevisionAction.PROPOSED, decided_at__isnull=True)

    def applied(self):
        """The practice's states: every revision but the proposals."""
        return self.exclude(action=RevisionAction.PROPOSED)


class PracticeRevision(models.Model):
    """The practice as a dict (practices/snapshot.py) after a change, or as a change
    proposes it. A proposal is decided once: approved (applied as a new revision) or
    rejected."""

    practice = models.ForeignKey(
        Practice, models.CASCADE, related_name="revisions", verbose_name=_("practice")
    )
    action = models.CharField(
        _("action"), max_length=16, choices=RevisionAction.choices
    )
    content = models.JSONField(_("content"))
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    approved = models.BooleanField(_("approved"), null=True, blank=True)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        constraints = [
            in_choices("action", RevisionAction),
            models.CheckConstraint(
                condition=Q(action=RevisionAction.PROPOSED)
                | Q(decided_at__isnull=True),
                name="revision_only_proposals_are_decided",
            ),
        ]

    def __str__(self):
        return f"{self.practice_id} · {self.get_action_display()} · {self.created_at}"

    @property
    def is_pending(self):
        return self.action == RevisionAction.PROPOSED and self.decided_at is None
