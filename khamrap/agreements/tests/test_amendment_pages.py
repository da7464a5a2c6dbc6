"""Closing an amendment from the agreement's page (agreements:amendment_close): the coordinator
locks the agreement again as its next version; nobody else may, and a closed one stays closed."""

from django.urls import reverse

from khamrap.agreements import services
from khamrap.agreements.models import Agreement


def close_url(amendment):
    return reverse("agreements:amendment_close", args=[amendment.agreement_id, amendment.number])


def messages_of(response):
    return [m.message for m in response.context["messages"]]


def test_the_coordinator_closes_the_amendment_and_the_agreement_is_its_next_version(
    client, world, signed
):
    amendment = services.amendment_open(agreement=signed, user=world.coordinator, reason="ปรับเป้า")
    client.force_login(world.coordinator)
    response = client.post(close_url(amendment), follow=True)
    assert response.redirect_chain == [
        (reverse("agreements:agreement_detail", args=[signed.pk]), 302)
    ]
    assert messages_of(response) == ["ปิดการแก้ไขแล้ว คำรับรองถูกล็อกอีกครั้ง"]
    amendment.refresh_from_db()
    assert amendment.closed_at is not None
    assert Agreement.objects.get(pk=signed.pk).version == signed.version + 1
    again = client.post(close_url(amendment), follow=True)
    assert messages_of(again) == ["การแก้ไขนี้ปิดไปแล้ว"]
    assert Agreement.objects.get(pk=signed.pk).version == signed.version + 1


def test_only_a_coordinator_of_the_organization_closes_it_and_only_by_post(client, world, signed):
    amendment = services.amendment_open(agreement=signed, user=world.coordinator, reason="ปรับเป้า")
    url = close_url(amendment)
    assert client.post(url)["Location"].startswith(reverse("accounts:login"))
    client.force_login(world.outsider)  # another organization's coordinator: not even its name
    assert client.post(url).status_code == 404
    client.force_login(world.collector)  # may read the agreement, may not coordinate it
    assert client.post(url).status_code == 403
    client.force_login(world.coordinator)
    assert client.get(url).status_code == 405
    unknown = reverse("agreements:amendment_close", args=[signed.pk, amendment.number + 1])
    assert client.post(unknown).status_code == 404
    amendment.refresh_from_db()
    assert amendment.closed_at is None
