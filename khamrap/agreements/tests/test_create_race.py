"""Two identical "new agreement" posts: one draft and one Thai message, never a 500."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from khamrap.agreements.models import Agreement

ALREADY = "หน่วยงานนี้มีคำรับรองของปีงบประมาณนี้อยู่แล้ว"


def post_new_agreement(client, world, fiscal_year):
    return client.post(
        reverse("agreements:agreement_create"),
        {"organization": world.dept.pk, "fiscal_year": fiscal_year.pk},
    )


def test_the_second_post_answers_the_thai_message(client, world, fiscal_year):
    client.force_login(world.coordinator)
    first = post_new_agreement(client, world, fiscal_year)
    second = post_new_agreement(client, world, fiscal_year)
    assert first.status_code == 302
    assert second.status_code == 200
    assert ALREADY in second.content.decode()
    assert Agreement.objects.filter(organization=world.dept).count() == 1


@pytest.mark.transactional
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_posts_at_the_same_moment_answer_one_draft_and_one_thai_message(world, fiscal_year):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite takes its write lock when the transaction begins: no race to lose")
    clients = []
    for _ in range(2):
        client = Client(raise_request_exception=True)
        client.force_login(world.coordinator)
        clients.append(client)
    # One try loses the race about a third of the time, so try often enough to see it.
    for attempt in range(25):
        barrier = threading.Barrier(len(clients))
        answers = []

        def post(client, barrier=barrier, answers=answers):
            try:
                barrier.wait()
                answers.append(post_new_agreement(client, world, fiscal_year))
            except Exception as error:  # what would have been a 500
                answers.append(error)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=post, args=(client,)) for client in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        errors = [answer for answer in answers if isinstance(answer, Exception)]
        assert not errors, f"attempt {attempt}: {errors!r}"
        assert sorted(answer.status_code for answer in answers) == [200, 302]
        refused = next(answer for answer in answers if answer.status_code == 200)
        assert ALREADY in refused.content.decode()
        assert Agreement.objects.filter(organization=world.dept).count() == 1
        Agreement.objects.filter(organization=world.dept).delete()


@pytest.mark.transactional
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_writer_that_took_no_lock_still_gets_the_thai_message(world, fiscal_year):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite takes its write lock when the transaction begins: no race to lose")
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from khamrap.agreements import services

    inserted = threading.Event()

    def insert_without_the_lock():
        try:
            with transaction.atomic():
                Agreement.objects.create(
                    organization=world.dept,
                    fiscal_year=fiscal_year,
                    framework=fiscal_year.framework,
                )
                inserted.set()
                # Commit only once the service is waiting on the unique index.
                threading.Event().wait(0.5)
        finally:
            connections.close_all()

    writer = threading.Thread(target=insert_without_the_lock)
    writer.start()
    inserted.wait(5)
    with pytest.raises(ValidationError) as error:
        services.agreement_create(
            organization=world.dept, fiscal_year=fiscal_year, user=world.coordinator
        )
    writer.join()
    assert ALREADY in str(error.value.messages)
    assert error.value.code == "unique"
    assert Agreement.objects.filter(organization=world.dept).count() == 1
