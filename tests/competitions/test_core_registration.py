"""Registration rules: the eligibility table of a skills competition (window, status, level, organization kind,
track), one entry per counselor, the first round's RoundEntry created with the entry, gold-course entries only by the
course's team, students' teams only by their university's admin (or adviser when allowed), withdraw and disqualify,
and the competition's status moving forward only."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from competitions import registration
from competitions.models import Competition, Entry, EntryMaterial, Round, RoundEntry
from competitions.registration import RegistrationError
from people.models import User
from tests.competitions.core_fixtures import hold_level, make_competition, pdf

pytestmark = pytest.mark.django_db


def refused_with(code, call, *args, **kwargs):
    with pytest.raises(RegistrationError) as error:
        call(*args, **kwargs)
    assert error.value.code == code, error.value.message
    return error.value


def test_a_counselor_registers_and_takes_part_in_the_first_round(skills, people, tree):
    entry = registration.register_counselor(people["jinan_counselor"], skills.pk)
    assert entry.status == Entry.Status.REGISTERED and entry.entrant == people["jinan_counselor"]
    assert entry.city == tree["jinan"] and entry.organization == tree["jinan_agency"]
    assert entry.title == "济南学员"
    assert list(RoundEntry.objects.filter(entry=entry).values_list("round__sequence", flat=True)) == [1]
    assert ModelLogEntry.objects.filter(action="competitions.entry.registered", object_id=str(entry.pk)).count() == 1


def test_a_second_registration_is_refused_and_leaves_one_entry(skills, people):
    registration.register_counselor(people["jinan_counselor"], skills.pk)
    refused_with("duplicate", registration.register_counselor, people["jinan_counselor"], skills.pk)
    assert Entry.objects.count() == 1 and RoundEntry.objects.count() == 1


def test_after_withdrawing_a_counselor_may_register_again(skills, people):
    entry = registration.register_counselor(people["jinan_counselor"], skills.pk)
    registration.withdraw(entry.pk, people["jinan_counselor"])
    again = registration.register_counselor(people["jinan_counselor"], skills.pk)
    assert again.pk != entry.pk and Entry.objects.live().count() == 1


@pytest.mark.parametrize("change, code", [
    ({"status": Competition.Status.DRAFT}, "not_open"),
    ({"status": Competition.Status.RUNNING}, "not_open"),
    ({"registration_opens_at": "future"}, "not_open"),
    ({"registration_closes_at": "past"}, "closed"),
])
def test_registration_only_while_open(skills, people, change, code):
    now = timezone.now()
    for field, value in change.items():
        if value == "future":
            value = now + datetime.timedelta(days=1)
        if value == "past":
            skills.registration_opens_at = now - datetime.timedelta(days=5)
            value = now - datetime.timedelta(days=1)
        setattr(skills, field, value)
    skills.save()
    refused_with(code, registration.register_counselor, people["jinan_counselor"], skills.pk)
    assert not Entry.objects.exists()


@pytest.mark.parametrize("held, minimum, allowed", [
    (None, "level-5", False),
    ("level-5", "level-4", False),
    ("level-4", "level-4", True),
    ("level-3", "level-4", True),
    (None, None, True),
])
def test_the_minimum_level(skills, people, held, minimum, allowed):
    from standards.models import Level

    skills.min_level = Level.objects.get(code=minimum) if minimum else None
    skills.save()
    user = people["jinan_counselor"]
    if held:
        hold_level(user, held)
    if allowed:
        assert registration.register_counselor(user, skills.pk).pk
    else:
        refused_with("level", registration.register_counselor, user, skills.pk)


@pytest.mark.parametrize("kinds, allowed", [([], True), (["agency"], True), (["university"], False),
                                            (["university", "agency"], True)])
def test_the_organization_kinds(skills, people, kinds, allowed):
    skills.organization_kinds = kinds
    skills.save()
    if allowed:
        assert registration.register_counselor(people["jinan_counselor"], skills.pk).pk
    else:
        refused_with("organization_kind", registration.register_counselor, people["jinan_counselor"], skills.pk)


def test_a_track_is_required_when_the_competition_has_tracks(skills_with_tracks, skills, people):
    user = people["jinan_counselor"]
    refused_with("track", registration.register_counselor, user, skills_with_tracks.pk)
    foreign = skills_with_tracks.tracks.first().pk + 100
    refused_with("track", registration.register_counselor, user, skills_with_tracks.pk, track_id=foreign)
    track = skills_with_tracks.tracks.last()
    assert registration.register_counselor(user, skills_with_tracks.pk, track_id=track.pk).track == track
    assert registration.register_counselor(user, skills.pk, track_id=track.pk).track is None  # no tracks: ignored


@pytest.mark.parametrize("who", ["trainer", "expert", "jinan_admin", "province_admin"])
def test_only_counselors_register_themselves(skills, people, who):
    refused_with("not_counselor", registration.register_counselor, people[who], skills.pk)


@pytest.mark.parametrize("status, code", [(User.ApprovalStatus.PENDING, "pending_approval"),
                                          (User.ApprovalStatus.REJECTED, "rejected")])
def test_accounts_not_approved_do_nothing(skills, people, status, code):
    user = people["jinan_counselor"]
    User.objects.filter(pk=user.pk).update(approval_status=status)
    user.refresh_from_db()
    refused_with(code, registration.register_counselor, user, skills.pk)


def test_a_competition_without_rounds_takes_no_entries(tree, people):
    bare = make_competition(tree["province"], rounds=[])
    refused_with("no_rounds", registration.register_counselor, people["jinan_counselor"], bare.pk)
    assert not Entry.objects.exists()


def test_city_of(tree):
    assert registration.city_of(tree["jinan_university"]) == tree["jinan"]
    assert registration.city_of(tree["qingdao"]) == tree["qingdao"]
    assert registration.city_of(tree["province"]) is None


# --- gold courses -------------------------------------------------------------------------------------------------


@pytest.fixture
def team_course(people, tree):
    from courses.models import CourseIndexPage, CoursePage, CourseTrainer
    from home.models import HomePage
    from standards.models import Level

    catalogue = CourseIndexPage.objects.first() or HomePage.objects.first().add_child(
        instance=CourseIndexPage(title="课程中心", slug="courses"))
    course = catalogue.add_child(instance=CoursePage(
        title="生涯规划实务金课", slug="gold-course", level=Level.objects.get(code="level-5"), hours=8,
        summary="简介"))
    CourseTrainer.objects.create(course=course, user=people["trainer"])
    CourseTrainer.objects.create(course=course, user=people["jinan_counselor"])
    return course


def test_a_team_member_enters_the_course_with_the_plan_and_the_video_link(gold, team_course, people, tree):
    entry = registration.register_course(people["trainer"], gold.pk, course_id=team_course.pk,
                                         video_url="https://video.example.cn/1", files=[pdf("教案.pdf")])
    assert entry.course == team_course and entry.title == "生涯规划实务金课" and entry.city == tree["jinan"]
    assert entry.video_url == "https://video.example.cn/1"
    material = EntryMaterial.objects.get(entry=entry)
    assert material.content_type == "application/pdf" and material.original_name == "教案.pdf"
    refused_with("duplicate", registration.register_course, people["jinan_counselor"], gold.pk,
                 course_id=team_course.pk, video_url="https://video.example.cn/2")


def test_only_the_course_team_enters_a_course(gold, team_course, people):
    refused_with("not_team", registration.register_course, people["qingdao_counselor"], gold.pk,
                 course_id=team_course.pk, video_url="https://video.example.cn/1")
    refused_with("not_team", registration.register_course, people["province_admin"], gold.pk,
                 course_id=team_course.pk, video_url="https://video.example.cn/1")
    assert not Entry.objects.exists()


def test_a_course_entry_needs_material_and_checks_the_file_by_content(gold, team_course, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    refused_with("no_material", registration.register_course, people["trainer"], gold.pk, course_id=team_course.pk)
    fake = SimpleUploadedFile("教案.pdf", b"MZ not a pdf", content_type="application/pdf")
    refused_with("invalid_type", registration.register_course, people["trainer"], gold.pk,
                 course_id=team_course.pk, files=[fake])
    assert not Entry.objects.exists()


# --- students' teams ----------------------------------------------------------------------------------------------

TEAM = [
    {"name": "张三", "major": "人力资源管理", "year_of_study": 3},
    {"name": "李四", "major": "心理学", "year_of_study": 2},
]


def test_a_university_admin_registers_a_team_for_their_university(students, university_admins, tree):
    entry = registration.register_team(university_admins["jinan"], students.pk, team_name="启航队", members=TEAM,
                                       files=[pdf()])
    assert entry.entrant is None and entry.registered_by == university_admins["jinan"]
    assert entry.organization == tree["jinan_university"] and entry.city == tree["jinan"]
    assert [member.name for member in entry.team.all()] == ["张三", "李四"]
    assert entry.materials.count() == 1 and entry.rounds.count() == 1
    refused_with("duplicate", registration.register_team, university_admins["jinan"], students.pk,
                 team_name="启航队", members=TEAM, files=[pdf()])


@pytest.mark.parametrize("who", ["jinan_admin", "province_admin", "jinan_counselor", "expert"])
def test_others_do_not_register_teams(students, people, who):
    refused_with("not_registrar", registration.register_team, people[who], students.pk, team_name="队",
                 members=TEAM, files=[pdf()])


def test_an_adviser_registers_only_when_the_competition_allows(students, adviser, tree):
    refused_with("not_registrar", registration.register_team, adviser, students.pk, team_name="队", members=TEAM,
                 files=[pdf()])
    students.allow_advisers = True
    students.save()
    entry = registration.register_team(adviser, students.pk, team_name="队", members=TEAM, files=[pdf()])
    assert entry.organization == tree["jinan_university"]


@pytest.mark.parametrize("members, code", [
    ([], "team_size"),
    ([{"name": f"学生{i}"} for i in range(4)], "team_size"),
    ([{"name": "", "major": "心理学"}], "member_name"),
])
def test_team_size_and_names(students, university_admins, members, code):
    refused_with(code, registration.register_team, university_admins["jinan"], students.pk, team_name="队",
                 members=members, files=[pdf()])


def test_a_team_needs_its_plan(students, university_admins):
    refused_with("no_material", registration.register_team, university_admins["jinan"], students.pk,
                 team_name="队", members=TEAM)


# --- withdraw, disqualify, status --------------------------------------------------------------------------------


def test_withdraw_by_the_entrant_or_the_registrar_only(skills, students, people, university_admins):
    entry = registration.register_counselor(people["jinan_counselor"], skills.pk)
    refused_with("not_found", registration.withdraw, entry.pk, people["qingdao_counselor"])
    refused_with("not_allowed", registration.withdraw, entry.pk, people["jinan_admin"])
    assert registration.withdraw(entry.pk, people["jinan_counselor"]).status == Entry.Status.WITHDRAWN
    refused_with("not_registered", registration.withdraw, entry.pk, people["jinan_counselor"])
    team = registration.register_team(university_admins["jinan"], students.pk, team_name="队", members=TEAM,
                                      files=[pdf()])
    assert registration.withdraw(team.pk, university_admins["jinan"]).status == Entry.Status.WITHDRAWN


def test_no_withdrawal_once_the_first_round_closed(skills, people):
    entry = registration.register_counselor(people["jinan_counselor"], skills.pk)
    Round.objects.filter(competition=skills, sequence=1).update(closes_at=timezone.now() - datetime.timedelta(1))
    refused_with("too_late", registration.withdraw, entry.pk, people["jinan_counselor"])
    Round.objects.filter(competition=skills, sequence=1).update(closes_at=None, status=Round.Status.JUDGING)
    refused_with("too_late", registration.withdraw, entry.pk, people["jinan_counselor"])


def test_disqualify_by_an_organizer_with_a_reason(skills, tree, people):
    entry = registration.register_counselor(people["jinan_counselor"], skills.pk)
    refused_with("reason_required", registration.disqualify, entry.pk, people["province_admin"], reason=" ")
    refused_with("not_found", registration.disqualify, entry.pk, people["jinan_admin"], reason="违规")
    done = registration.disqualify(entry.pk, people["province_admin"], reason="材料不实")
    assert done.status == Entry.Status.DISQUALIFIED and done.status_reason == "材料不实"
    refused_with("not_registered", registration.disqualify, entry.pk, people["province_admin"], reason="again")
    refused_with("duplicate", registration.register_counselor, people["jinan_counselor"], skills.pk)


def test_a_city_admin_runs_the_competitions_their_city_organizes(tree, people):
    city_cup = make_competition(tree["jinan"], title="济南市职业指导技能竞赛")
    entry = registration.register_counselor(people["jinan_counselor"], city_cup.pk)
    refused_with("not_found", registration.disqualify, entry.pk, people["qingdao_admin"], reason="违规")
    assert registration.disqualify(entry.pk, people["jinan_admin"], reason="违规").status == "disqualified"


def test_the_status_moves_forward_only_by_organizers(tree, people):
    draft = make_competition(tree["province"], status=Competition.Status.DRAFT)
    refused_with("not_found", registration.open_registration, draft.pk, people["jinan_admin"])
    refused_with("wrong_status", registration.start, draft.pk, people["province_admin"])
    assert registration.open_registration(draft.pk, people["province_admin"]).status == "registration"
    assert registration.start(draft.pk, people["province_admin"]).status == "running"
    assert registration.finish(draft.pk, people["province_admin"]).status == "finished"
    refused_with("wrong_status", registration.finish, draft.pk, people["province_admin"])
    assert ModelLogEntry.objects.filter(action__startswith="competitions.competition.").count() == 3
    empty = make_competition(tree["province"], status=Competition.Status.DRAFT, rounds=[])
    refused_with("no_rounds", registration.open_registration, empty.pk, people["province_admin"])


def test_an_unknown_competition(people):
    refused_with("not_found", registration.register_counselor, people["jinan_counselor"], 999999)
