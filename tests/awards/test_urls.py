"""Every award URL for every role: anonymous, pending, rejected, counselor, another city's admin, the nominating
city's admin, the province admin, and experts seated or not on the nomination's panel. An expert sees only the
nominations assigned to them; organization admins only their subtree's; nothing changes on a refused POST."""

import pytest
from django.urls import reverse

from awards import services
from awards.models import Allocation, Nomination
from experts.models import PanelSeat
from people.models import Role, User
from tests.awards.conftest import nominate_star, quota
from tests.factories import UserFactory
from tests.helpers import body, refused


@pytest.fixture
def scene(people, tree, cycle, award_types, pool):
    """A Jinan star nomination under review (a panel seated from the pool) and one login per role."""
    nomination = nominate_star(people["jinan_admin"], people["jinan_counselor"], cycle, award_types)
    services.start_review(nomination.pk, actor=people["province_admin"])
    seated = PanelSeat.objects.filter(panel__object_id=nomination.pk).select_related("expert__user").first()
    unseated = next(expert for expert in pool if not PanelSeat.objects.filter(
        expert=expert, panel__object_id=nomination.pk).exists())
    users = {
        "anonymous": None,
        "pending": UserFactory(email="pending@example.cn", organization=tree["jinan_agency"], roles=[Role.COUNSELOR],
                               approval_status=User.ApprovalStatus.PENDING),
        "rejected": UserFactory(email="rejected@example.cn", organization=tree["jinan_agency"],
                                roles=[Role.ORG_ADMIN], approval_status=User.ApprovalStatus.REJECTED),
        "counselor": people["jinan_counselor"],
        "other_admin": people["qingdao_admin"],
        "org_admin": people["jinan_admin"],
        "province_admin": people["province_admin"],
        "expert_seated": seated.expert.user,
        "expert_unseated": unseated.user,
    }
    return {"nomination": Nomination.objects.get(pk=nomination.pk), "users": users, "cycle": cycle}


def _get(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url)


def _denied(response) -> bool:
    return refused(response) or (response.status_code == 302 and "login" in response["Location"])


STATEMENT = "服务业绩突出，群众评价好。"
ADMIN_SEERS = {"org_admin", "province_admin"}
SITE_SEERS = {"org_admin", "province_admin", "expert_seated"}
ROLES = ["anonymous", "pending", "rejected", "counselor", "other_admin", "org_admin", "province_admin",
         "expert_seated", "expert_unseated"]


@pytest.mark.parametrize("role", ROLES)
def test_the_nomination_page_and_the_dossier(client, scene, role):
    nomination, user = scene["nomination"], scene["users"][role]
    admin_page = _get(client, user, reverse("awards_nomination", args=[nomination.pk]))
    if role in ADMIN_SEERS:
        assert admin_page.status_code == 200 and STATEMENT in body(admin_page)
    else:
        assert _denied(admin_page), (role, admin_page.status_code)
    dossier = _get(client, user, reverse("awards:dossier", args=[nomination.pk]))
    if role in SITE_SEERS:
        assert dossier.status_code == 200 and STATEMENT in body(dossier)
    else:
        assert dossier.status_code in (302, 403, 404), (role, dossier.status_code)
        assert STATEMENT not in body(dossier)


@pytest.mark.parametrize("role", ROLES)
def test_the_queue_lists_only_the_scope(client, scene, role):
    response = _get(client, scene["users"][role], reverse("awards_queue") + "?status=all")
    if role in {"org_admin", "province_admin"}:
        assert response.status_code == 200 and "济南学员" in body(response)
    elif role == "other_admin":
        assert response.status_code == 200 and "济南学员" not in body(response)
    else:
        assert _denied(response), (role, response.status_code)


@pytest.mark.parametrize("role", ROLES)
def test_nominating_the_board_and_the_admin_listings(client, scene, role):
    cycle = scene["cycle"]
    urls = {
        "nominate": reverse("awards_nominate") + "?type=star",
        "board": reverse("awards_board_cycle", args=[cycle.pk]),
        "types": reverse("award_types:index"),
        "cycles": reverse("award_cycles:index"),
        "cycle_edit": reverse("award_cycles:edit", args=[cycle.pk]),
    }
    allowed = {
        "org_admin": {"nominate", "board", "types", "cycles"},
        "other_admin": {"nominate", "board", "types", "cycles"},
        "province_admin": set(urls),
    }.get(role, set())
    for name, url in urls.items():
        response = _get(client, scene["users"][role], url)
        if name in allowed:
            assert response.status_code == 200, (role, name, response.status_code)
        else:
            assert _denied(response), (role, name, response.status_code)


def test_the_nominate_form_offers_only_counselors_of_the_scope(client, scene, people):
    response = _get(client, people["jinan_admin"], reverse("awards_nominate") + "?type=star")
    assert "济南学员" in body(response) and "青岛学员" not in body(response)


@pytest.mark.parametrize("role", ["counselor", "other_admin", "expert_seated", "pending", "anonymous"])
def test_decisions_by_outsiders_change_nothing(client, scene, role):
    nomination = scene["nomination"]
    client.logout()
    if scene["users"][role] is not None:
        client.force_login(scene["users"][role])
    for action in ("withdraw", "recommend", "not_recommend", "return"):
        client.post(reverse("awards_act", args=[nomination.pk]), {"action": action, "reason": "x"})
    assert Nomination.objects.get(pk=nomination.pk).status == Nomination.Status.IN_REVIEW


@pytest.mark.parametrize("role", ["org_admin", "other_admin", "counselor", "anonymous"])
def test_quota_and_roll_posts_are_for_the_province(client, scene, role, award_types):
    cycle = scene["cycle"]
    star = quota(cycle, award_types, "star")
    client.logout()
    if scene["users"][role] is not None:
        client.force_login(scene["users"][role])
    client.post(reverse("awards_allocate", args=[cycle.pk]), {"quota": star.pk, "seats": 1})
    client.post(reverse("awards_allocate", args=[cycle.pk]),
                {"quota": star.pk, "seats": 5, "organization": scene["users"]["org_admin"].organization_id})
    client.post(reverse("awards_review_all", args=[cycle.pk]), {"type": award_types["star"].pk})
    client.post(reverse("awards_publish", args=[cycle.pk]))
    star.refresh_from_db()
    assert star.seats == 50 and not Allocation.objects.exists()
    assert cycle.__class__.objects.get(pk=cycle.pk).published_at is None


def test_the_province_sets_quotas_on_the_board(client, scene, award_types, tree):
    cycle = scene["cycle"]
    star = quota(cycle, award_types, "star")
    client.force_login(scene["users"]["province_admin"])
    client.post(reverse("awards_allocate", args=[cycle.pk]), {"quota": star.pk, "seats": 40})
    client.post(reverse("awards_allocate", args=[cycle.pk]),
                {"quota": star.pk, "seats": 4, "organization": tree["qingdao"].pk})
    response = client.post(reverse("awards_allocate", args=[cycle.pk]),
                           {"quota": star.pk, "seats": 41, "organization": tree["jinan"].pk}, follow=True)
    star.refresh_from_db()
    assert (star.seats, star.allocated) == (40, 4)
    assert response.status_code == 200
    board = client.get(reverse("awards_board_cycle", args=[cycle.pk]))
    assert "青岛市" in body(board)


def test_a_city_admin_nominates_through_the_form(client, people, cycle, award_types):
    client.force_login(people["jinan_admin"])
    response = client.post(reverse("awards_nominate") + "?type=star", {
        "cycle": cycle.pk, "nominee": people["jinan_counselor"].pk, "statement": "服务群众三千人次。",
        "action": "draft",
    })
    nomination = Nomination.objects.get()
    assert response.status_code == 302 and nomination.status == Nomination.Status.DRAFT
    client.post(reverse("awards_act", args=[nomination.pk]), {"action": "submit"})
    assert Nomination.objects.get().status == Nomination.Status.SUBMITTED
    refused_form = client.post(reverse("awards_nominate") + "?type=star", {
        "cycle": cycle.pk, "nominee": people["qingdao_counselor"].pk, "statement": "x",
    })
    assert refused_form.status_code == 400 and Nomination.objects.count() == 1


def test_the_seated_expert_scores_in_the_workbench_with_the_dossier(client, scene):
    seat = PanelSeat.objects.filter(panel__object_id=scene["nomination"].pk,
                                    expert__user=scene["users"]["expert_seated"]).get()
    client.force_login(scene["users"]["expert_seated"])
    workbench = client.get(reverse("experts:workbench"))
    assert "济南学员" in body(workbench)
    page = client.get(reverse("experts:seat", args=[seat.pk]))
    assert page.status_code == 200
    assert STATEMENT in body(page) and "本周期继续教育" in body(page)


def test_the_staff_home_shows_the_award_work_waiting(client, scene, people, cycle, award_types):
    client.force_login(people["province_admin"])
    assert "待处理的评优事项" not in body(client.get(reverse("wagtailadmin_home")))  # nothing submitted waits
    other = UserFactory(email="waiting@example.cn", organization=people["jinan_counselor"].organization,
                        roles=[Role.COUNSELOR])
    draft = nominate_star(people["jinan_admin"], other, cycle, award_types, submit=False)
    client.force_login(people["jinan_admin"])
    home = body(client.get(reverse("wagtailadmin_home")))
    assert "待提交的评优推荐草稿" in home
    services.submit(draft.pk, actor=people["jinan_admin"])
    client.force_login(people["province_admin"])
    assert "待送专家评审的推荐" in body(client.get(reverse("wagtailadmin_home")))
