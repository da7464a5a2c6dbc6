"""What the agreements app tells the floors above it, which it does not import.

Each signal is sent inside the service's transaction; the receivers (reporting.receivers) act in
the same transaction, so when one refuses, the whole change is undone.
"""

from django.dispatch import Signal

# An agreement's indicators changed (created, weights, targets, kinds, retired, deleted): the
# figures stored for every round of its year must be computed again. Sent with `agreement`.
indicators_changed = Signal()

# An amendment is about to unlock a signed agreement: what must never move (the figures of the
# closed rounds) has to be kept now. Sent with `agreement`.
amendment_opening = Signal()

# An amendment closed: the rounds not closed are scored again with the amended indicators. Sent
# with `agreement` and `user` (whose name the rescoring carries in the history).
amendment_closed = Signal()
