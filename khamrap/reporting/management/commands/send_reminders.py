"""Send the deadline reminder e-mails: once (for cron) or once a day in a loop (like sendreports)."""

from __future__ import annotations

import argparse
import datetime as dt
import signal
import threading

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from khamrap.reporting.reminders import send_reminders


def seconds_until_next_day(now: dt.datetime) -> float:
    """Seconds from `now` (aware, local time) to the next local midnight, and a second past it."""
    tomorrow = now.date() + dt.timedelta(days=1)
    midnight = dt.datetime.combine(tomorrow, dt.time(0, 0, 1), tzinfo=now.tzinfo)
    return max(1.0, (midnight - now).total_seconds())


class Command(BaseCommand):
    help = "Send the deadline reminder e-mails for reporting rounds (once, or daily with --loop)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            type=dt.date.fromisoformat,
            help="the day to send for, as YYYY-MM-DD (default: today)",
        )
        parser.add_argument("--loop", action="store_true", help="keep running, sending once a day")
        parser.add_argument(
            "--interval",
            type=float,
            help="with --loop: seconds between runs instead of waiting for the next day (testing)",
        )
        # For tests: stop the loop after this many runs.
        parser.add_argument("--max-iterations", type=int, help=argparse.SUPPRESS)

    def handle(self, *args, **options) -> None:
        if not options["loop"]:
            self._send(options["date"] or timezone.localdate())
            return
        if options["date"]:
            raise CommandError(_("--date cannot be used with --loop: the loop sends for each day."))
        self._loop(options["interval"], options["max_iterations"])

    def _send(self, day: dt.date) -> None:
        sent = send_reminders(day)
        self.stdout.write(
            ngettext(
                "%(date)s: sent %(count)d reminder e-mail.",
                "%(date)s: sent %(count)d reminder e-mails.",
                sent,
            )
            % {"date": day.isoformat(), "count": sent}
        )

    def _loop(self, interval: float | None, max_iterations: int | None) -> None:
        stop = threading.Event()
        # SIGTERM only sets the flag: a batch being sent is finished, then the wait wakes at once.
        previous = signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())
        runs = 0
        last_day = None
        try:
            while not stop.is_set():
                today = timezone.localdate()
                # Waking early (clock changes) must not send the same day's reminders twice.
                if interval is not None or today != last_day:
                    self._send(today)
                    last_day = today
                    runs += 1
                    if max_iterations is not None and runs >= max_iterations:
                        break
                pause = (
                    interval
                    if interval is not None
                    else seconds_until_next_day(timezone.localtime())
                )
                stop.wait(pause)
        except KeyboardInterrupt:
            pass
        finally:
            # None means the old handler was not set from Python; the default is the best guess.
            signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)
        self.stdout.write(_("Stopped sending reminders."))
