import pytest
from django.core.exceptions import ValidationError

from khamrap.organizations.choices import OrganizationKind, Role
from khamrap.organizations.models import Membership, Organization
from khamrap.organizations.services import (
    membership_grant,
    membership_revoke,
    organization_create,
    province_import,
)


def test_it_builds_a_tree_of_ministry_department_bureau(world):
    ministry = Organization.objects.get(pk=world.ministry.pk)
    assert Organization.objects.get_parent(world.dept) == ministry
    descendants = Organization.objects.get_descendants(ministry)
    assert [o.code for o in descendants] == ["M1-D1", "M1-D1-B1", "M1-D2"]


def test_it_refuses_a_duplicate_code_and_adds_nothing(world):
    before = Organization.objects.count()
    with pytest.raises(ValidationError) as error:
        organization_create(
            code="M1-D1", name_th="ซ้ำ", kind=OrganizationKind.DEPARTMENT, parent=world.ministry
        )
    assert "code" in error.value.message_dict
    assert Organization.objects.count() == before


def test_it_refuses_an_unknown_kind(db):
    with pytest.raises(ValidationError) as error:
        organization_create(code="Z", name_th="ไม่รู้จัก", kind="planet")
    assert "kind" in error.value.message_dict


def test_it_loads_the_77_provinces_once(db):
    assert province_import() == (77, 0)
    assert province_import() == (0, 77)
    provinces = Organization.objects.filter(kind=OrganizationKind.PROVINCE)
    assert provinces.count() == 77
    assert provinces.filter(name_th="กรุงเทพมหานคร").exists()
    chiang_rai = provinces.get(name_th="จังหวัดเชียงราย")
    assert chiang_rai.name_en == "Chiang Rai Province"
    assert chiang_rai.department_group == 3


def test_granting_a_role_twice_keeps_one_membership(world):
    membership_grant(user=world.nobody, organization=world.dept, role=Role.EVALUATOR)
    membership_grant(user=world.nobody, organization=world.dept, role=Role.EVALUATOR)
    assert Membership.objects.filter(user=world.nobody).count() == 1


def test_revoking_a_role_removes_the_right_it_gave(world):
    assert membership_revoke(user=world.coordinator, organization=world.dept, role=Role.COORDINATOR)
    assert not Organization.objects.for_user(world.coordinator).exists()
    assert not membership_revoke(
        user=world.coordinator, organization=world.dept, role=Role.COORDINATOR
    )
