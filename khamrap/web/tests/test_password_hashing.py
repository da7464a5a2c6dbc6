"""Sign-in cost: production hashes passwords with khamrap's tuned Argon2id, and a hash made by an
older hasher is re-made with it at the person's next sign-in (docs/deployment.md, "Sign-in cost")."""

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, PBKDF2PasswordHasher
from django.urls import reverse
from django.utils.module_loading import import_string

from khamrap import settings as production

PASSWORD = "a-long-password-for-tests"
TUNED_PREFIX = "argon2$argon2id$v=19$m=19456,t=2,p=1$"


def test_it_hashes_with_the_tuned_argon2id_first_in_production():
    assert production.PASSWORD_HASHERS[0] == "khamrap.lib.hashers.Argon2PasswordHasher"
    hasher = import_string(production.PASSWORD_HASHERS[0])()
    assert (hasher.algorithm, hasher.memory_cost, hasher.time_cost, hasher.parallelism) == (
        "argon2",
        19 * 1024,
        2,
        1,
    )
    # Older hashes still verify, so nobody is locked out by the change.
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in production.PASSWORD_HASHERS


@pytest.mark.parametrize("old", [PBKDF2PasswordHasher, Argon2PasswordHasher])
def test_an_older_hash_is_made_tuned_argon2id_at_the_next_sign_in(
    client, db, settings, django_user_model, old
):
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    person = django_user_model.objects.create_user(username="somchai", email="somchai@example.org")
    # Made by the hasher itself: make_password("argon2") would take khamrap's, first of that name.
    person.password = old().encode(PASSWORD, old().salt())
    person.save()
    assert not person.password.startswith(TUNED_PREFIX)

    response = client.post(reverse("accounts:login"), {"username": "somchai", "password": PASSWORD})

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.password.startswith(TUNED_PREFIX)
    assert person.check_password(PASSWORD)
