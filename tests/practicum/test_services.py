"""The placement's life: propose → approve → log → submit → the supervisor signs off once (credit once) or returns;
replayed, forged, revoked and expired links change nothing; the log's rules; scope of decisions."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from cpd.models import CreditEntry
from practicum import services
from practicum.models import LogEntry, Placement, SignoffLink
from tests.practicum.conftest import fields, log_days, token_from_mail


def test_counselor_proposes_and_own_admin_approves(people, partners):
    placement = services.propose(people["jinan_counselor"], **fields(partners["qingdao"]))
    assert placement.status == Placement.Status.PROPOSED
    with pytest.raises(services.PracticumError) as other_city:
        services.approve_proposal(placement.pk, actor=people["qingdao_admin"])
    assert other_city.value.code == "not_found"
    services.approve_proposal(placement.pk, actor=people["jinan_admin"])
    placement.refresh_from_db()
    assert placement.status == Placement.Status.PLANNED and placement.approved_by == people["jinan_admin"]
    with pytest.raises(services.PracticumError) as again:
        services.decline_proposal(placement.pk, actor=people["province_admin"], reason="重复")
    assert again.value.code == "already_decided"


def test_decline_needs_a_reason_and_closes_the_proposal(people, partners):
    placement = services.propose(people["jinan_counselor"], **fields(partners["jinan"]))
    with pytest.raises(services.PracticumError) as error:
        services.decline_proposal(placement.pk, actor=people["jinan_admin"], reason="  ")
    assert error.value.code == "reason_required"
    services.decline_proposal(placement.pk, actor=people["jinan_admin"], reason="时间冲突")
    assert Placement.objects.get(pk=placement.pk).status == Placement.Status.DECLINED


@pytest.mark.parametrize("overrides, code", [
    ({"ends_on": datetime.date(2020, 1, 1), "starts_on": datetime.date(2020, 2, 1)}, "dates_out_of_order"),
    ({"planned_hours": "0"}, "invalid_hours"),
    ({"planned_hours": "1.25"}, "invalid_hours"),
    ({"title": " "}, "title_required"),
    ({"supervisor_email": ""}, "supervisor_required"),
    ({"category": "other"}, "invalid_category"),
])
def test_bad_placement_fields_change_nothing(people, partners, overrides, code):
    with pytest.raises(services.PracticumError) as error:
        services.propose(people["jinan_counselor"], **fields(partners["jinan"], **overrides))
    assert error.value.code == code
    assert not Placement.objects.exists()


def test_an_inactive_partner_takes_no_placement(people, partners):
    partners["jinan"].active = False
    partners["jinan"].save()
    with pytest.raises(services.PracticumError) as error:
        services.propose(people["jinan_counselor"], **fields(partners["jinan"]))
    assert error.value.code == "invalid_partner"


def test_admin_arranges_only_for_their_scope(people, partners):
    with pytest.raises(services.PracticumError) as error:
        services.create_placement(people["jinan_admin"], counselor=people["qingdao_counselor"],
                                  **fields(partners["jinan"]))
    assert error.value.code == "forbidden"
    with pytest.raises(services.PracticumError):
        services.create_placement(people["jinan_counselor"], counselor=people["jinan_counselor"],
                                  **fields(partners["jinan"]))


def test_the_first_entry_starts_the_placement(planned, people):
    log_days(planned, people["jinan_counselor"], days=1)
    assert Placement.objects.get(pk=planned.pk).status == Placement.Status.IN_PROGRESS


@pytest.mark.parametrize("day_offset, hours, code", [
    (-1, "4", "date_outside"),
    (0, "12.5", "too_many_hours"),
    (0, "0", "invalid_hours"),
    (0, "abc", "invalid_hours"),
    (25, "4", "future_date"),
])
def test_log_rules(planned, people, day_offset, hours, code):
    day = planned.starts_on + datetime.timedelta(days=day_offset)
    with pytest.raises(services.PracticumError) as error:
        services.save_entry(planned.pk, people["jinan_counselor"], day=day, hours=hours, activities="实践")
    assert error.value.code == code
    assert not LogEntry.objects.exists()


def test_one_entry_per_day_and_a_sensible_total(planned, people):
    counselor = people["jinan_counselor"]
    services.save_entry(planned.pk, counselor, day=planned.starts_on, hours="8", activities="实践")
    with pytest.raises(services.PracticumError) as duplicate:
        services.save_entry(planned.pk, counselor, day=planned.starts_on, hours="2", activities="再记")
    assert duplicate.value.code == "duplicate_day"
    log_days_total = [services.save_entry(planned.pk, counselor, day=planned.starts_on + datetime.timedelta(days=i),
                                          hours="12", activities="实践") for i in range(1, 4)]
    assert len(log_days_total) == 3  # 44 hours of a planned 24: under twice the plan
    with pytest.raises(services.PracticumError) as total:
        services.save_entry(planned.pk, counselor, day=planned.starts_on + datetime.timedelta(days=5), hours="6",
                            activities="实践")
    assert total.value.code == "total_too_high"


def test_someone_else_cannot_log_or_submit(in_progress, people):
    with pytest.raises(services.PracticumError) as error:
        services.save_entry(in_progress.pk, people["qingdao_counselor"], day=in_progress.starts_on, hours="1",
                            activities="x")
    assert error.value.code == "not_found"
    with pytest.raises(services.PracticumError):
        services.submit(in_progress.pk, people["jinan_admin"])


def test_submit_needs_a_log(planned, people):
    with pytest.raises(services.PracticumError) as error:
        services.submit(planned.pk, people["jinan_counselor"])
    assert error.value.code == "not_in_progress"


def test_submit_mails_a_link_and_stores_only_its_hash(submitted):
    placement, token = submitted
    link = SignoffLink.objects.get(placement=placement)
    assert mail.outbox[-1].to == ["supervisor@partner.example"]
    assert token not in (link.token_hash, link.nonce)
    assert link.sent_at is not None and services.link_for(token) == link


def test_the_log_is_read_only_once_submitted(submitted, people):
    placement, _token = submitted
    with pytest.raises(services.PracticumError) as error:
        services.save_entry(placement.pk, people["jinan_counselor"], day=placement.starts_on + datetime.timedelta(
            days=5), hours="2", activities="x")
    assert error.value.code == "log_closed"
    with pytest.raises(services.PracticumError):
        services.delete_entry(placement.entries.first().pk, people["jinan_counselor"])


def test_sign_off_records_credit_once_and_the_link_dies(submitted, people):
    placement, token = submitted
    services.sign_off(token, hours="15", assessment="表现认真。", signature="李主管")
    placement.refresh_from_db()
    assert placement.status == Placement.Status.SIGNED_OFF and placement.confirmed_hours == Decimal("15")
    entry = CreditEntry.objects.get(counselor=people["jinan_counselor"])
    assert entry.kind == CreditEntry.Kind.PRACTICUM and entry.hours == Decimal("15")
    assert entry.source_ref == f"practicum:{placement.pk}" and placement.credit == entry
    with pytest.raises(services.PracticumError) as replay:
        services.sign_off(token, hours="18", assessment="再签", signature="李主管")
    assert replay.value.code == "invalid_link"
    with pytest.raises(services.PracticumError):
        services.return_placement(token, reason="重放")
    assert CreditEntry.objects.count() == 1
    placement.refresh_from_db()
    assert placement.confirmed_hours == Decimal("15") and placement.status == Placement.Status.SIGNED_OFF


def test_the_supervisor_may_not_confirm_more_than_the_log(submitted):
    _placement, token = submitted
    with pytest.raises(services.PracticumError) as error:
        services.sign_off(token, hours="18.5", assessment="好", signature="李主管")
    assert error.value.code == "too_many_hours"
    assert services.link_for(token) is not None and not CreditEntry.objects.exists()


@pytest.mark.parametrize("mangle", [
    lambda token: token[:-1] + ("0" if token[-1] != "0" else "1"),
    lambda token: "1-" + "a" * 64,
    lambda token: "",
    lambda token: token.split("-")[0],
])
def test_forged_tokens_change_nothing(submitted, mangle):
    placement, token = submitted
    assert services.link_for(mangle(token)) is None
    with pytest.raises(services.PracticumError) as error:
        services.sign_off(mangle(token), hours="10", assessment="好", signature="某人")
    assert error.value.code == "invalid_link"
    assert Placement.objects.get(pk=placement.pk).status == Placement.Status.SUBMITTED
    assert not CreditEntry.objects.exists()


def test_an_expired_link_changes_nothing(submitted):
    _placement, token = submitted
    SignoffLink.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert services.link_for(token) is None
    with pytest.raises(services.PracticumError) as error:
        services.sign_off(token, hours="10", assessment="好", signature="李主管")
    assert error.value.code == "invalid_link" and not CreditEntry.objects.exists()


def test_resending_kills_the_old_link(submitted, people, django_capture_on_commit_callbacks):
    placement, old_token = submitted
    with pytest.raises(services.PracticumError):
        services.resend_link(placement.pk, actor=people["qingdao_admin"])
    with django_capture_on_commit_callbacks(execute=True):
        services.resend_link(placement.pk, actor=people["jinan_admin"])
    new_token = token_from_mail()
    assert new_token != old_token and services.link_for(old_token) is None
    with pytest.raises(services.PracticumError):
        services.sign_off(old_token, hours="10", assessment="好", signature="李主管")
    services.sign_off(new_token, hours="10", assessment="好", signature="李主管")
    assert CreditEntry.objects.get().hours == Decimal("10")


def test_return_reopens_the_log_and_a_resubmission_sends_a_new_link(submitted, people,
                                                                   django_capture_on_commit_callbacks):
    placement, token = submitted
    services.return_placement(token, reason="请补充第3天的反思。")
    placement.refresh_from_db()
    assert placement.status == Placement.Status.RETURNED and placement.is_logging
    services.save_entry(placement.pk, people["jinan_counselor"], day=placement.starts_on + datetime.timedelta(days=3),
                        hours="4", activities="补充")
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(placement.pk, people["jinan_counselor"])
    assert services.link_for(token) is None
    services.sign_off(token_from_mail(), hours="22", assessment="好", signature="李主管")
    assert CreditEntry.objects.get().hours == Decimal("22")


def test_withdrawing_kills_the_link(submitted, people):
    placement, token = submitted
    services.withdraw(placement.pk, people["jinan_counselor"])
    assert services.link_for(token) is None
    with pytest.raises(services.PracticumError) as error:
        services.withdraw(placement.pk, people["jinan_counselor"])
    assert error.value.code == "closed"


def test_the_email_task_is_idempotent(submitted):
    from practicum.tasks import send_signoff_link

    placement, _token = submitted
    sent = len(mail.outbox)
    assert send_signoff_link(SignoffLink.objects.get(placement=placement).pk) is False
    assert send_signoff_link(999999) is False
    assert len(mail.outbox) == sent


def test_every_step_is_audited(submitted):
    from wagtail.models import ModelLogEntry

    placement, token = submitted
    services.sign_off(token, hours="10", assessment="好", signature="李主管")
    actions = set(ModelLogEntry.objects.for_instance(placement).values_list("action", flat=True))
    assert {"practicum.placement.created", "practicum.placement.started", "practicum.entry.saved",
            "practicum.placement.submitted", "practicum.placement.signed_off"} <= actions
