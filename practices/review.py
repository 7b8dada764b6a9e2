"""The review workflow: draft → in review → published, and back.

Publishing (and taking a practice off the public site) needs the
`practices.publish_practice` permission, which the reviewers group has.
"""

from django.utils.translation import gettext as _

from .choices import Status

PUBLISH_PERMISSION = "practices.publish_practice"


def can_publish(user):
    return bool(user and user.has_perm(PUBLISH_PERMISSION))


def publish_error(user, practice, new_status):
    """Why `user` may not move `practice` to `new_status`, or None if they may."""
    if can_publish(user):
        return None
    current = practice.status if practice.pk else None
    if new_status == Status.PUBLISHED and current != Status.PUBLISHED:
        return _(
            "Only reviewers can publish. Set the status to “in review” "
            "and a reviewer will publish it."
        )
    if current == Status.PUBLISHED and new_status != Status.PUBLISHED:
        return _("Only reviewers can take a published practice off the public site.")
    return None


def must_hold_for_review(user, practice):
    """An editor's change to a published practice waits for a reviewer (history.py);
    a reviewer's own changes apply directly, and so do those made from the server's
    shell (no user: manage.py import_cases)."""
    if user is None:
        return False
    return practice.status == Status.PUBLISHED and not can_publish(user)
