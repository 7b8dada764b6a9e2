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
