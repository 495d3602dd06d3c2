"""Applications end to end through the services: submit, endorse or return (scoped, never one's own, first decision
wins), accept into a round, scores, publish once (level record + certificate), notices once, and the pages."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from certification import services
from certification.models import AssessmentRound, LevelApplication, LevelRecord
from cpd.models import Certificate
from tests.factories import counselor

from .helpers import credit, level


@pytest.fixture
def eligible(people):
    """The Jinan counselor, eligible for 五级 (150 hours this year)."""
    user = people["jinan_counselor"]
    credit(user, 150, datetime.date.today() - datetime.timedelta(days=10))
    return user


def submit(user):
    return services.submit_application(user, statement="从事职业指导工作", profile_confirmed=True)


def open_round(people, code="level-5"):
    assessment_round = AssessmentRound.objects.create(
        name="2026年第一批", level=level(code), applications_open_on=datetime.date(2026, 1, 1),
        applications_close_on=datetime.date(2026, 12, 31),
    )
    return services.open_round(assessment_round.pk, actor=people["province_admin"])


def admitted(people, user):
    application = submit(user)
    services.endorse_application(application.pk, actor=people["jinan_admin"])
    assessment_round = open_round(people)
    services.accept_into_round([application.pk], assessment_round.pk, actor=people["province_admin"])
    return LevelApplication.objects.get(pk=application.pk), assessment_round


def test_submit_snapshots_version_and_evaluation(eligible, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        application = submit(eligible)
    assert application.status == LevelApplication.Status.SUBMITTED
    assert application.requirement_set.version == 1 and application.evaluation["eligible"] is True
    assert len(mail.outbox) == 1


def test_not_eligible_cannot_apply_and_nothing_changes(people):
    with pytest.raises(services.CertificationError) as error:
        submit(people["jinan_counselor"])
    assert error.value.code == "not_eligible"
    assert not LevelApplication.objects.exists()


def test_one_open_application_per_level(eligible):
    submit(eligible)
    with pytest.raises(services.CertificationError) as error:
        submit(eligible)
    assert error.value.code == "already_applied"


def test_rule_change_after_submission_does_not_change_the_judgement(eligible, people):
    from certification.models import RequirementSet

    application = submit(eligible)
    RequirementSet.objects.create(
        level=level("level-5"), version=2, effective_from=datetime.date(2020, 1, 1),
        rules={"groups": [{"mode": "all", "requirements": [
            {"kind": "training_hours", "hours": "999"}, {"kind": "assessment", "part": "theory", "pass": "90"},
            {"kind": "assessment", "part": "skills", "pass": "90"},
        ]}]},
    )
    application.refresh_from_db()
    assert application.requirement_set.version == 1
    services.endorse_application(application.pk, actor=people["jinan_admin"])
    assessment_round = open_round(people)
    services.accept_into_round([application.pk], assessment_round.pk, actor=people["province_admin"])
    services.record_assessment_score(application.pk, part="theory", score=70, source="test")
    services.record_assessment_score(application.pk, part="skills", score="65.5", source="test")
    services.publish_results(assessment_round.pk, actor=people["province_admin"])
    application.refresh_from_db()
    assert application.status == LevelApplication.Status.PASSED  # judged at 60 by its own version, not 90


@pytest.mark.parametrize("admin", ["qingdao_admin", "jinan_counselor", "trainer"])
def test_only_an_admin_of_the_scope_decides(eligible, people, admin):
    application = submit(eligible)
    with pytest.raises(services.CertificationError) as error:
        services.endorse_application(application.pk, actor=people[admin])
    assert error.value.code in {"not_found", "own_application"}


def test_never_ones_own(people, tree):
    admin = people["jinan_admin"]
    admin.groups.add(*people["jinan_counselor"].groups.all())
    credit(admin, 150, datetime.date.today())
    application = submit(admin)
    with pytest.raises(services.CertificationError) as error:
        services.endorse_application(application.pk, actor=admin)
    assert error.value.code == "own_application"


def test_first_decision_wins(eligible, people):
    application = submit(eligible)
    services.return_application(application.pk, actor=people["jinan_admin"], reason="请补充在职证明")
    with pytest.raises(services.CertificationError) as error:
        services.endorse_application(application.pk, actor=people["province_admin"])
    assert error.value.code == "already_decided"


def test_return_needs_a_reason_and_resubmission_works(eligible, people):
    application = submit(eligible)
    with pytest.raises(services.CertificationError):
        services.return_application(application.pk, actor=people["jinan_admin"], reason=" ")
    services.return_application(application.pk, actor=people["jinan_admin"], reason="请补充材料")
    resubmitted = services.resubmit_application(application.pk, eligible, statement="已补充")
    assert resubmitted.status == LevelApplication.Status.SUBMITTED and resubmitted.decision_reason == ""


def test_scores_are_idempotent_per_part(eligible, people):
    application, _round = admitted(people, eligible)
    services.record_assessment_score(application.pk, part="theory", score=70, source="exam:1")
    services.record_assessment_score(application.pk, part="theory", score=20, source="exam:1")
    application.refresh_from_db()
    assert application.theory_score == Decimal("70") and application.status == LevelApplication.Status.ASSESSING
    with pytest.raises(services.CertificationError):
        services.record_assessment_score(application.pk, part="skills", score=101, source="x")
    with pytest.raises(services.CertificationError):
        services.record_assessment_score(application.pk, part="essay", score=50, source="x")


def test_publish_awards_once_and_failing_sets_reapply_date(eligible, people, django_capture_on_commit_callbacks):
    application, assessment_round = admitted(people, eligible)
    other = counselor(organization=eligible.organization)
    credit(other, 150, datetime.date.today())
    second = submit(other)
    services.endorse_application(second.pk, actor=people["jinan_admin"])
    services.accept_into_round([second.pk], assessment_round.pk, actor=people["province_admin"])
    for app, theory in ((application, 80), (second, 50)):
        services.record_assessment_score(app.pk, part="theory", score=theory, source="t")
        services.record_assessment_score(app.pk, part="skills", score=75, source="t")
    with django_capture_on_commit_callbacks(execute=True):
        counts = services.publish_results(assessment_round.pk, actor=people["province_admin"])
    assert counts == {"passed": 1, "failed": 1}
    assert services.publish_results(assessment_round.pk, actor=people["province_admin"]) == {"passed": 0, "failed": 0}
    assert LevelRecord.objects.filter(holder=eligible, level__code="level-5", basis="assessed").count() == 1
    assert Certificate.objects.filter(holder=eligible, kind=Certificate.Kind.LEVEL).count() == 1
    second.refresh_from_db()
    assert second.status == LevelApplication.Status.FAILED and second.reapply_from is not None
    with pytest.raises(services.CertificationError) as error:
        submit(other)
    assert error.value.code == "too_soon"


def test_publishing_waits_for_every_score(eligible, people):
    _application, assessment_round = admitted(people, eligible)
    with pytest.raises(services.CertificationError) as error:
        services.publish_results(assessment_round.pk, actor=people["province_admin"])
    assert error.value.code == "scores_missing"


def test_notices_are_sent_once(eligible):
    from certification import notifications

    application = submit(eligible)
    assert notifications.send(application.pk, "submitted") is True
    assert notifications.send(application.pk, "submitted") is False
    assert notifications.send(application.pk, "nonsense") is False


def test_progression_page_and_apply(client, eligible):
    client.force_login(eligible)
    response = client.get(reverse("certification:progression"))
    assert response.status_code == 200 and reverse("certification:apply").encode() in response.content
    response = client.post(reverse("certification:apply"), {"statement": "申请", "profile_confirmed": "on"})
    assert response.status_code == 302
    assert LevelApplication.objects.filter(applicant=eligible, status="submitted").exists()


def test_apply_with_a_bad_file_changes_nothing(client, eligible):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(eligible)
    bad = SimpleUploadedFile("cert.pdf", b"not a pdf", content_type="application/pdf")
    response = client.post(reverse("certification:apply"),
                           {"profile_confirmed": "on", "certificate_files": [bad]})
    assert response.status_code == 200
    assert not LevelApplication.objects.exists()


def test_org_admin_sees_own_counselors_only(client, people):
    client.force_login(people["jinan_admin"])
    assert client.get(reverse("certification:counselor", args=[people["jinan_counselor"].pk])).status_code == 200
    assert client.get(reverse("certification:counselor", args=[people["qingdao_counselor"].pk])).status_code == 404
    client.force_login(people["jinan_counselor"])
    assert client.get(reverse("certification:counselor", args=[people["jinan_counselor"].pk])).status_code == 404


def _history(user, rows):
    for _index in range(rows):
        LevelApplication.objects.create(
            applicant=user, level=level("level-5"), status=LevelApplication.Status.WITHDRAWN,
            requirement_set=level("level-5").requirement_sets.first(),
        )


def _count(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm the session and the site-root cache
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_progression_page_runs_the_same_queries_for_1_and_50_applications(client, eligible):
    client.force_login(eligible)
    url = reverse("certification:progression")
    _history(eligible, 1)
    one = _count(client, url)
    _history(eligible, 49)
    assert _count(client, url) == one


def test_queue_runs_the_same_queries_for_1_and_50_applications(client, people):
    def applicants(count):
        for _index in range(count):
            user = counselor(organization=people["jinan_counselor"].organization)
            credit(user, 150, datetime.date.today())
            submit(user)

    client.force_login(people["jinan_admin"])
    url = reverse("certification_queue")
    applicants(1)
    one = _count(client, url)
    applicants(49)
    assert _count(client, url) == one
