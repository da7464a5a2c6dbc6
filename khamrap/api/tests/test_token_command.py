"""`khamrap api_token create | list | revoke`: the operator's tool, acting as each holder."""

import datetime as dt
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from khamrap.accounts.models import ApiToken
from khamrap.accounts.tokens import token_authenticate

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("api_token", *args, stdout=out)
    return out.getvalue()


def test_create_prints_only_a_token_that_opens_the_api_in_its_scope(world):
    out = run(
        "create", "--user", "bob", "--organization", "M1-D1", "--subtree", "--write",
        "--name", "กรม MIS",
    )  # fmt: skip
    secret = out.strip()
    assert out == secret + "\n"  # one line, nothing else: TOKEN=$(khamrap api_token create ...)
    found = token_authenticate(secret)
    assert found is not None
    assert found.user == world.coordinator
    assert found.created_by == world.coordinator
    assert found.name == "กรม MIS"
    scope = found.user.api_scope
    assert (scope.organization_id, scope.subtree, scope.write) == (world.dept.pk, True, True)
    assert found.digest != secret


def test_create_reads_only_by_default_and_takes_an_expiry_date(world):
    secret = run(
        "create", "--user", "alice", "--organization", "M1", "--name", "dash",
        "--expires", "2099-03-31",
    ).strip()  # fmt: skip
    token = token_authenticate(secret)
    assert not token.can_write and not token.include_subtree
    expires = timezone.localtime(token.expires_at)
    assert (expires.date(), expires.hour, expires.minute) == (dt.date(2099, 3, 31), 23, 59)
    # A Buddhist Era date, as Thai users write it, says the same day.
    thai = run(
        "create", "--user", "alice", "--organization", "M1", "--name", "dash2",
        "--expires", "31/03/2642",
    ).strip()  # fmt: skip
    assert timezone.localtime(token_authenticate(thai).expires_at).date() == dt.date(2099, 3, 31)


@pytest.mark.parametrize(
    "args",
    [
        ["--user", "nobody-such", "--organization", "M1-D1"],  # unknown user
        ["--user", "bob", "--organization", "NOPE"],  # unknown organization
        ["--user", "bob", "--organization", "M2-D1"],  # bob has no role there (service)
        ["--user", "erin", "--organization", "M1"],  # erin has no role at all (service)
        ["--user", "bob", "--organization", "M1-D1", "--expires", "31/13/2570"],  # no month 13
        ["--user", "bob", "--organization", "M1-D1", "--expires", "2020-01-01"],  # past
    ],
)
def test_create_refuses_with_a_command_error_and_makes_nothing(world, args):
    with pytest.raises(CommandError):
        run("create", "--name", "MIS", *args)
    assert not ApiToken.objects.exists()


def test_list_shows_every_token_or_one_persons_without_the_secret(world):
    bobs = run("create", "--user", "bob", "--organization", "M1-D1", "--name", "a").strip()
    daves = run(
        "create", "--user", "dave", "--organization", "M2-D1", "--write", "--name", "b"
    ).strip()  # fmt: skip
    token_authenticate(daves)  # marks it used
    everything = run("list")
    lines = everything.splitlines()
    assert len(lines) == 3  # a header and two tokens
    rows = {line.split("\t")[0]: line.split("\t") for line in lines[1:]}
    bob_row = rows[bobs.split("_")[1]]
    dave_row = rows[daves.split("_")[1]]
    assert bob_row[1:4] == ["bob", "M1-D1", "M1-D1/read"]
    assert bob_row[4:] == ["-", "-"]
    assert dave_row[1:4] == ["dave", "M2-D1", "M2-D1/write"]
    assert dave_row[4] != "-"
    assert bobs not in everything and daves not in everything

    only_bob = run("list", "--user", "bob").splitlines()
    assert [line.split("\t")[0] for line in only_bob[1:]] == [bobs.split("_")[1]]
    with pytest.raises(CommandError):
        run("list", "--user", "nobody-such")


def test_revoke_by_prefix_closes_the_token_at_once(world):
    secret = run("create", "--user", "bob", "--organization", "M1-D1", "--name", "a").strip()
    prefix = secret.split("_")[1]
    run("revoke", prefix)
    token = ApiToken.objects.get(prefix=prefix)
    assert token.revoked_at is not None
    assert token.revoked_by == world.coordinator  # the operator acts as the holder
    assert token_authenticate(secret) is None
    assert run("list").splitlines()[1].split("\t")[5] != "-"
    with pytest.raises(CommandError):
        run("revoke", prefix)  # already revoked
    with pytest.raises(CommandError):
        run("revoke", "deadbeef")  # no such token


def test_revoke_takes_the_token_as_pasted_too(world):
    secret = run("create", "--user", "bob", "--organization", "M1-D1", "--name", "a").strip()
    run("revoke", secret)
    assert token_authenticate(secret) is None


def test_the_khamrap_command_runs_it():
    # `khamrap api_token ...` is Django's management command line (khamrap.cli.run_django).
    result = subprocess.run(
        [sys.executable, "-m", "khamrap.cli", "api_token", "create", "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "DEBUG": "1"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "--organization" in result.stdout
