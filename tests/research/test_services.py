"""Research projects: who may lead, who decides, the lead's work, publication to the library (once, readable by the
right people), and participation claims through cpd's claims flow (once per member)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import ModelLogEntry

from cpd.models import CreditEntry, ExternalClaim
from cpd.services import approve_claim
from library.models import ResourcePage
from people.document_access import may_read_document
from people.models import Role, User
from research import services
from research.models import Output, ParticipationClaim, Project
from tests.experts.builders import make_expert
from tests.factories import LevelRecordFactory, UserFactory
from tests.research.conftest import pdf, plan


def test_a_level_3_holder_may_not_lead(people, ladder, tree):
    person = UserFactory(email="l3@example.cn", organization=tree["jinan_agency"], roles=[Role.COUNSELOR])
    LevelRecordFactory(holder=person, level=ladder["level-3"])
    assert not services.may_lead(person)
    with pytest.raises(services.ResearchError) as error:
        services.propose_project(person, **plan())
    assert error.value.code == "not_eligible" and not Project.objects.exists()


def test_an_expert_of_the_pool_may_lead(ladder, tree):
    expert = make_expert(tree["qingdao_university"], email="e@example.cn")
    assert services.may_lead(expert.user)
    project = services.propose_project(expert.user, **plan())
    assert project.organization == tree["qingdao_university"]


def test_members_are_approved_counselors_once(lead, people, tree):
    pending = UserFactory(email="p@example.cn", organization=tree["jinan_agency"], roles=[Role.COUNSELOR],
                          approval_status=User.ApprovalStatus.PENDING)
    for members, code in [([(pending, "member", "")], "invalid_member"), ([(lead, "member", "")], "lead_as_member"),
                          ([(people["jinan_counselor"], "member", "")] * 2, "duplicate_member")]:
        with pytest.raises(services.ResearchError) as error:
            services.propose_project(lead, members=members, **plan())
        assert error.value.code == code
    assert not Project.objects.exists()


def test_bad_dates_change_nothing(lead):
    with pytest.raises(services.ResearchError) as error:
        services.propose_project(lead, **plan(ends_on=datetime.date(2000, 1, 1)))
    assert error.value.code == "invalid_dates"


def test_only_admins_in_scope_decide_and_the_first_decision_wins(proposed, people, lead):
    with pytest.raises(services.ResearchError) as other:
        services.approve_project(proposed.pk, actor=people["qingdao_admin"])
    assert other.value.code == "not_found"
    with pytest.raises(services.ResearchError):
        services.approve_project(proposed.pk, actor=lead)
    services.approve_project(proposed.pk, actor=people["jinan_admin"])
    with pytest.raises(services.ResearchError) as again:
        services.reject_project(proposed.pk, actor=people["province_admin"], reason="重复")
    assert again.value.code == "already_decided"
    assert Project.objects.get(pk=proposed.pk).status == Project.Status.APPROVED


def test_only_the_lead_keeps_milestones(running, lead, member):
    with pytest.raises(services.ResearchError) as error:
        services.save_milestone(running.pk, member, title="x", due_on=datetime.date(2026, 1, 1))
    assert error.value.code == "not_lead"
    milestone = services.save_milestone(running.pk, lead, title="访谈", due_on=running.starts_on)
    services.complete_milestone(milestone.pk, lead)
    milestone.refresh_from_db()
    assert milestone.done_on is not None


def test_outputs_are_pdfs_checked_by_content(running, lead):
    fake = SimpleUploadedFile("report.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    with pytest.raises(services.ResearchError) as error:
        services.add_output(running.pk, lead, kind="report", title="t", summary="s", upload=fake)
    assert error.value.code == "invalid_type" and not Output.objects.exists()


def test_publishing_makes_a_live_research_report_once(concluded, people):
    from standards.models import Topic

    topic = Topic.objects.get(code="PSYCH")
    Project.objects.filter(pk=concluded.pk).update(topic=topic)
    output = concluded.outputs.get()
    with pytest.raises(services.ResearchError):
        services.publish_output(output.pk, actor=people["qingdao_admin"])
    services.publish_output(output.pk, actor=people["jinan_admin"])
    again = services.publish_output(output.pk, actor=people["province_admin"])
    page = ResourcePage.objects.get()
    assert again.resource_id == page.pk and page.live and page.kind == ResourcePage.Kind.REPORT
    assert page.access == ResourcePage.Access.SIGNED_IN and page.attachments.get().document == output.document
    assert list(page.topics.all()) == [topic]
    assert ModelLogEntry.objects.for_instance(output).filter(action="research.output.published").count() == 1


def test_a_draft_output_is_not_published(running, lead, people):
    output = services.add_output(running.pk, lead, kind="paper", title="草稿", summary="s", upload=pdf())
    with pytest.raises(services.ResearchError) as error:
        services.publish_output(output.pk, actor=people["jinan_admin"])
    assert error.value.code == "not_final"


def test_the_output_file_is_read_by_members_then_by_all_approved_after_publication(concluded, people, lead, tree):
    output = concluded.outputs.get()
    outsider = people["qingdao_counselor"]
    pending = UserFactory(email="pp@example.cn", organization=tree["qingdao_agency"], roles=[Role.COUNSELOR],
                          approval_status=User.ApprovalStatus.PENDING)
    assert may_read_document(lead, output.document) and may_read_document(people["jinan_counselor"], output.document)
    assert not may_read_document(outsider, output.document)
    services.publish_output(output.pk, actor=people["jinan_admin"])
    assert may_read_document(outsider, output.document)
    assert not may_read_document(pending, output.document)


def test_a_member_claims_once_and_the_admin_approves_as_any_claim(concluded, member, people):
    participation = services.file_claim(concluded.pk, member, hours="16", description="负责问卷设计")
    claim = participation.claim
    assert claim.status == ExternalClaim.Status.SUBMITTED and claim.hours == 16
    assert concluded.title in claim.title and claim.evidence.get().content_type == "application/pdf"
    with pytest.raises(services.ResearchError) as again:
        services.file_claim(concluded.pk, member, hours="8")
    assert again.value.code == "already_claimed"
    approve_claim(claim.pk, actor=people["jinan_admin"])
    assert CreditEntry.objects.get(counselor=member).hours == 16
    assert ParticipationClaim.objects.count() == 1


def test_claims_wait_for_the_conclusion_and_are_for_members(running, member, people):
    with pytest.raises(services.ResearchError) as early:
        services.file_claim(running.pk, member, hours="8")
    assert early.value.code == "not_concluded"
    with pytest.raises(services.ResearchError) as outsider:
        services.file_claim(running.pk, people["qingdao_counselor"], hours="8")
    assert outsider.value.code == "not_member"


@pytest.mark.parametrize("hours", ["0", "-3", "abc", "250"])
def test_bad_claim_hours_change_nothing(concluded, member, hours):
    with pytest.raises(services.ResearchError):
        services.file_claim(concluded.pk, member, hours=hours)
    assert not ExternalClaim.objects.exists()


def test_cancel_by_the_lead_or_an_admin_with_a_reason(running, people, lead):
    with pytest.raises(services.ResearchError) as error:
        services.cancel_project(running.pk, lead, reason="")
    assert error.value.code == "reason_required"
    with pytest.raises(services.ResearchError):
        services.cancel_project(running.pk, people["qingdao_admin"], reason="无关")
    services.cancel_project(running.pk, people["jinan_admin"], reason="经费取消")
    assert Project.objects.get(pk=running.pk).status == Project.Status.CANCELLED
