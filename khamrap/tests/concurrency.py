"""Two (or more) requests at the same moment, for the race tests on PostgreSQL."""

import threading

from django.core.exceptions import ValidationError
from django.db import connections


def race(*works) -> list:
    """Run each work in its own thread and database connection, released together by a barrier;
    their outcomes in order (a ValidationError a work raised is its outcome)."""
    barrier = threading.Barrier(len(works))
    outcomes: list = [None] * len(works)

    def run(n, work):
        try:
            barrier.wait()
            outcomes[n] = work()
        except ValidationError as error:
            outcomes[n] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n, w)) for n, w in enumerate(works)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes
