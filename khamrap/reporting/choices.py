"""States of a result and of an organization's round report, and who moves them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ResultStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    RETURNED = "returned", _("Returned for correction")
    APPROVED = "approved", _("Approved")


# A collector may change a result only in these states; the others are locked.
EDITABLE_RESULT_STATUSES = frozenset({ResultStatus.DRAFT, ResultStatus.RETURNED})


class ReportStatus(models.TextChoices):
    """The organization's self-assessment report (SAR) for one round."""

    OPEN = "open", _("Being prepared")
    SUBMITTED = "submitted", _("Submitted to the evaluator")
    CLOSED = "closed", _("Verified and closed")


# The standings of a round's total (rules.counting.Standing), as people read them.
STANDING_LABELS = {
    "none": _("Nothing reported yet"),
    "in_progress": _("Self-assessed, not submitted yet"),
    "submitted": _("Submitted, not verified yet"),
    "verifying": _("Partly verified"),
    "final": _("Final (verified)"),
}
