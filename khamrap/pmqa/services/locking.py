"""The one lock every PMQA write takes first, so two writes to a year never interleave."""

from ..models import PmqaYear


def lock(year: PmqaYear) -> PmqaYear:
    """The year again, locked for the rest of the transaction."""
    return (
        PmqaYear.objects.select_for_update(of=("self",))
        .select_related("organization", "fiscal_year", "criteria")
        .get(pk=year.pk)
    )
