"""CPU cost of one sign-in's password check, for the hashers khamrap has used and uses now.

A plain script, not a test: `.venv/bin/python bench/signin.py [--runs 7]`. For each hasher it
makes one hash, then times `verify` (what a sign-in does) several times and prints the median CPU
seconds (process time, so every thread Argon2 uses is counted), the median wall time, and how many
sign-ins a second one core and this whole machine could check. docs/deployment.md ("Sign-in cost")
records the figures and the choice.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khamrap.settings")
# Production settings refuse to load without a key; nothing here signs anything.
os.environ.setdefault("SECRET_KEY", "bench-signin-" + os.urandom(16).hex())

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import (  # noqa: E402
    Argon2PasswordHasher,
    PBKDF2PasswordHasher,
    get_hasher,
)

PASSWORD = "khamrap-sign-in-bench-รหัสผ่าน"


def measure(hasher, runs: int) -> tuple[float, float]:
    """Median CPU and wall seconds of verifying PASSWORD against a hash made by `hasher`."""
    encoded = hasher.encode(PASSWORD, hasher.salt())
    cpu, wall = [], []
    for _ in range(runs):
        cpu_start, wall_start = time.process_time(), time.perf_counter()
        assert hasher.verify(PASSWORD, encoded)
        cpu.append(time.process_time() - cpu_start)
        wall.append(time.perf_counter() - wall_start)
    return statistics.median(cpu), statistics.median(wall)


def argon2_parameters(hasher) -> str:
    return f"m={hasher.memory_cost // 1024} MiB, t={hasher.time_cost}, p={hasher.parallelism}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed checks per hasher (default 7)")
    runs = parser.parse_args().runs
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    production = get_hasher("default")  # the first of the production PASSWORD_HASHERS
    hashers = [
        (
            "before: PBKDF2-SHA256",
            PBKDF2PasswordHasher(),
            f"{PBKDF2PasswordHasher.iterations:,} iterations",
        ),
        ("Django's Argon2id", Argon2PasswordHasher(), argon2_parameters(Argon2PasswordHasher)),
        ("now: khamrap's Argon2id", production, argon2_parameters(production)),
    ]
    print(f"{runs} runs each, medians; {cores} cores; settings {settings.SETTINGS_MODULE}")
    print(f"first production hasher: {type(production).__module__}.{type(production).__name__}")
    print(
        f"{'hasher':<24} {'parameters':<22} {'CPU s':>6} {'wall s':>6} {'/s/core':>7} {'/s all':>6}"
    )
    for label, hasher, parameters in hashers:
        cpu, wall = measure(hasher, runs)
        print(
            f"{label:<24} {parameters:<22} {cpu:6.3f} {wall:6.3f} {1 / cpu:7.1f} {cores / cpu:6.1f}"
        )


if __name__ == "__main__":
    main()
