"""The password hasher of sign-in: Argon2id, tuned so that a deadline rush of sign-ins fits on the
app servers (docs/deployment.md, "Sign-in cost"; bench/signin.py measures it)."""

from django.contrib.auth.hashers import Argon2PasswordHasher as DjangoArgon2PasswordHasher


class Argon2PasswordHasher(DjangoArgon2PasswordHasher):
    """Argon2id with OWASP's first recommended parameters: 19 MiB of memory, 2 passes, 1 lane.

    Django's own (100 MiB, 2 passes, 8 lanes) costs several times the CPU per sign-in for a margin
    that memory hardness already gives. The algorithm keeps Django's name, "argon2": a hash made with
    other parameters still verifies, and is re-made with these at the next sign-in (must_update).
    """

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
