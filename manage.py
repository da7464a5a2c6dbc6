#!/usr/bin/env python
"""Django's command-line utility; `khamrap` (khamrap/cli.py) wraps the same commands."""

import sys

from khamrap.cli import run_django

if __name__ == "__main__":
    run_django(sys.argv)
