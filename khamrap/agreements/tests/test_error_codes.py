"""The agreement services' refusals carry a code saying what was refused, so callers and tests
tell them apart without reading their translated text."""

import pytest
from django.core.exceptions import ValidationError

from khamrap.agreements import services
from khamrap.agreements.choices import Transition

from .builders import move, sign_off


def test_it_codes_a_step_not_taken_from_the_current_status(agreement, world):
    with pytest.raises(ValidationError) as error:
        move(agreement, Transition.CIRCULATE, world.coordinator)
    assert error.value.code == "status"


def test_it_codes_a_revise_without_a_note_on_the_note_field(agreement, world):
    move(agreement, Transition.APPROVE, world.coordinator)
    with pytest.raises(ValidationError) as error:
        move(agreement, Transition.REVISE, world.coordinator, note="  ")
    assert [e.code for e in error.value.error_dict["note"]] == ["required"]


def test_it_codes_an_amendment_already_open_and_a_step_taken_while_one_is(agreement, world, signer):
    agreement = sign_off(agreement, world, signer)
    services.amendment_open(agreement=agreement, user=world.coordinator, reason="ปรับเป้าหมาย")
    with pytest.raises(ValidationError) as error:
        services.amendment_open(agreement=agreement, user=world.coordinator, reason="อีกครั้ง")
    assert error.value.code == "open_amendment"
    with pytest.raises(ValidationError) as error:
        move(agreement, Transition.CIRCULATE, world.coordinator)
    assert error.value.code == "open_amendment"
