"""What the periods app tells the floors above it, which it does not import.

Each signal is sent inside the service's transaction; the receivers (reporting.receivers) act in
the same transaction, so when one refuses, the whole change is undone.
"""

from django.dispatch import Signal

# A reporting round was added to a fiscal year: every agreement of the year needs its figures for
# the new round. Sent with `reporting_round`.
round_added = Signal()
