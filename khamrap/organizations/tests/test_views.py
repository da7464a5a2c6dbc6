from django.urls import reverse


def test_it_lists_only_visible_organizations_as_a_tree(client, world):
    client.force_login(world.coordinator)
    response = client.get(reverse("organizations:organization_list"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "กรมหนึ่ง" in text and "กองหนึ่ง" in text
    assert "กรมสอง" not in text and "กระทรวงสอง" not in text


def test_it_searches_by_name_and_filters_by_kind(client, world):
    client.force_login(world.executive)
    response = client.get(reverse("organizations:organization_list"), {"q": "กอง"})
    assert [o.code for o in response.context["page"].object_list] == ["M1-D1-B1"]
    response = client.get(reverse("organizations:organization_list"), {"kind": "department"})
    assert [o.code for o in response.context["page"].object_list] == ["M1-D1", "M1-D2"]


def test_it_ignores_a_kind_that_does_not_exist_instead_of_failing(client, world):
    client.force_login(world.executive)
    response = client.get(
        reverse("organizations:organization_list"), {"kind": "planet", "q": "x" * 500}
    )
    assert response.status_code == 200
    assert "planet" not in [o.kind for o in response.context["page"].object_list]


def test_it_shows_an_organization_with_its_people_and_what_is_below(client, world):
    client.force_login(world.executive)
    response = client.get(reverse("organizations:organization_detail", args=[world.dept.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "บ๊อบ" in text and "ผู้ประสานงานตัวชี้วัด" in text
    assert "กองหนึ่ง" in text
    assert "กระทรวงหนึ่ง" in text  # the breadcrumb


def test_it_answers_404_for_another_organization_on_every_page(client, world):
    client.force_login(world.outsider)
    for organization in (world.ministry, world.dept, world.bureau, world.dept2):
        response = client.get(reverse("organizations:organization_detail", args=[organization.pk]))
        assert response.status_code == 404
        assert "ไม่พบหน้าที่ต้องการ" in response.content.decode()


def test_it_answers_404_to_a_collector_for_the_bureau_below(client, world):
    client.force_login(world.collector)
    response = client.get(reverse("organizations:organization_detail", args=[world.bureau.pk]))
    assert response.status_code == 404


def test_it_answers_404_for_an_organization_that_does_not_exist(client, world):
    client.force_login(world.superuser)
    assert client.get("/organizations/999999/").status_code == 404


def test_it_sends_an_anonymous_visitor_to_sign_in(client, world):
    response = client.get(reverse("organizations:organization_detail", args=[world.dept.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_tree_page_runs_a_fixed_number_of_queries(client, world, django_assert_num_queries):
    from khamrap.organizations.services import organization_create

    client.force_login(world.executive)
    url = reverse("organizations:organization_list")
    client.get(url)
    # session, user, header memberships, the page's count, the top depth, the organizations
    with django_assert_num_queries(6):
        client.get(url)
    for i in range(15):
        organization_create(
            code=f"M1-X{i}", name_th=f"กรม {i}", kind="department", parent=world.ministry
        )
    with django_assert_num_queries(6):
        response = client.get(url)
    assert len(response.context["page"].object_list) == 19


def test_the_detail_page_runs_a_fixed_number_of_queries(client, world, django_assert_num_queries):
    from khamrap.organizations.services import organization_create

    client.force_login(world.executive)
    url = reverse("organizations:organization_detail", args=[world.dept.pk])
    client.get(url)
    # session, user, header memberships, the organization, its ancestors, children, members,
    # the coordinate right and the latest fiscal year (for the Excel links)
    with django_assert_num_queries(9):
        client.get(url)
    for i in range(10):
        organization_create(
            code=f"M1-D1-X{i}", name_th=f"กอง {i}", kind="bureau", parent=world.dept
        )
    with django_assert_num_queries(9):
        client.get(url)
