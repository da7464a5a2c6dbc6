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


# A score under this needs an explanation before the result is submitted.
EXPLANATION_BELOW = 3
