"""The `khamrap` command: `khamrap serve`, `khamrap demo`, and every Django management command.

`khamrap serve` is what README's first command runs: it prepares the database and the translations,
loads the demo data into an empty database and serves the web system. With DEBUG=0 (production) it
loads no demo data, collects the static files and serves through gunicorn (docs/deployment.md).
"""

from __future__ import annotations

import os
import sys


def run_django(argv: list[str]) -> None:
    """Run a Django management command line (argv[0] is the program name)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khamrap.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


def gunicorn_command(address: str, extra: list[str]) -> list[str]:
    """gunicorn serving khamrap on `address`; workers and timeout from the environment.

    WEB_CONCURRENCY (or GUNICORN_WORKERS) sets the number of worker processes, GUNICORN_TIMEOUT
    the seconds a request may take (a round's SAR PDF takes several); GUNICORN_CMD_ARGS, which
    gunicorn reads itself, and any arguments after the address add more options.
    """
    workers = os.environ.get("WEB_CONCURRENCY") or os.environ.get("GUNICORN_WORKERS") or "2"
    timeout = os.environ.get("GUNICORN_TIMEOUT") or "120"
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "khamrap.wsgi:application",
        "--bind",
        address,
        "--workers",
        workers,
        "--timeout",
        timeout,
        "--access-logfile",
        "-",
        *extra,
    ]


def serve_production(address: str, extra: list[str]) -> None:
    """Replace this process with gunicorn, so that signals from a service manager reach it."""
    if address.isdigit():  # runserver's "8000" form
        address = f"127.0.0.1:{address}"
    command = gunicorn_command(address, extra)
    sys.stdout.flush()
    os.execv(command[0], command)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the `khamrap` console script."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(__doc__.strip())
        print("\nCommands: serve [ADDR:PORT], demo, provinces, and any Django management command.")
        return
    command, rest = args[0], args[1:]
    if command == "serve":
        os.environ.setdefault("DEBUG", "1")
        run_django(["khamrap", "prepare"])
        address = rest[0] if rest else "127.0.0.1:8000"
        from django.conf import settings

        if settings.DEBUG:
            run_django(["khamrap", "runserver", address, "--noreload", *rest[1:]])
        else:
            serve_production(address, rest[1:])
    elif command == "demo":
        run_django(["khamrap", "demo", *rest])
    elif command == "provinces":
        run_django(["khamrap", "load_provinces", *rest])
    else:
        run_django(["khamrap", command, *rest])


if __name__ == "__main__":
    main()
