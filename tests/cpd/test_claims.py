"""External activity claims: evidence checked by content, decisions by in-scope admins only (never one's own), the
first decision wins, approval writes exactly one ledger entry, rejected claims are resubmitted, bulk approval, and
nobody reaches another counselor's claim or evidence by guessing URLs."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image
from wagtail.models import ModelLogEntry

from cpd.models import ClaimEvidence, CreditEntry, ExternalClaim
from cpd.services import ClaimError, approve_claim, approve_claims, reject_claim, resubmit_claim, submit_claim

pytestmark = pytest.mark.django_db

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf(name="certificate.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def png(name="photo.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


FIELDS = {
    "activity_kind": ExternalClaim.ActivityKind.CONFERENCE,
    "title": "全国职业指导年会",
    "occurred_on": datetime.date(2026, 1, 10),
    "hours": Decimal("6.0"),
    "category": CreditEntry.Category.PROFESSIONAL,
}


def claim_for(counselor, files=None, **overrides):
    return submit_claim(counselor, **{**FIELDS, **overrides}, files=files or [pdf()])


def form_data(**overrides):
    data = {**FIELDS, "occurred_on": "2026-01-10", "hours": "6.0", "description": "大会发言"}
    data.update(overrides)
    return data


def test_submit_with_a_real_pdf_and_png(client, people):
    client.force_login(people["jinan_counselor"])
    response = client.post(reverse("cpd:claim_new"), {**form_data(), "files": [pdf(), png()]})
    assert response.status_code == 302, response.content.decode()[:2000]
    claim = ExternalClaim.objects.get()
    assert claim.counselor == people["jinan_counselor"] and claim.status == ExternalClaim.Status.SUBMITTED
    assert sorted(claim.evidence.values_list("content_type", flat=True)) == ["application/pdf", "image/png"]
    assert ModelLogEntry.objects.filter(action="cpd.claim.submitted").count() == 1
    detail = client.get(reverse("cpd:claim_detail", args=[claim.pk]))
    assert detail.status_code == 200 and "全国职业指导年会" in detail.content.decode()
    evidence = claim.evidence.get(content_type="application/pdf")
    download = client.get(reverse("cpd:claim_evidence", args=[evidence.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF-")
    assert client.get(reverse("cpd:claims")).status_code == 200


def test_a_text_file_named_pdf_is_refused_and_nothing_is_created(client, people, settings):
    settings.LANGUAGE_CODE = "en"
    client.force_login(people["jinan_counselor"])
    fake = SimpleUploadedFile("report.pdf", b"just some text, not a PDF", content_type="application/pdf")
    response = client.post(reverse("cpd:claim_new"), {**form_data(), "files": [fake]}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "report.pdf is not a PDF, JPG or PNG file" in response.content.decode()
    assert not ExternalClaim.objects.exists() and not ClaimEvidence.objects.exists()
    with pytest.raises(ClaimError) as error:
        claim_for(people["jinan_counselor"], files=[fake])
    assert error.value.code == "invalid_type"


def test_a_broken_image_is_refused(people):
    broken = SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"garbage" * 10, content_type="image/png")
    with pytest.raises(ClaimError) as error:
        claim_for(people["jinan_counselor"], files=[broken])
    assert error.value.code == "invalid_type"


def test_an_11_mb_file_is_refused(client, people):
    big = pdf("big.pdf", PDF_BYTES + b"0" * (11 * 1024 * 1024))
    with pytest.raises(ClaimError) as error:
        claim_for(people["jinan_counselor"], files=[big])
    assert error.value.code == "too_large"
    client.force_login(people["jinan_counselor"])
    big.seek(0)
    response = client.post(reverse("cpd:claim_new"), {**form_data(), "files": [big]})
    assert response.status_code == 400
    assert not ExternalClaim.objects.exists()


def test_at_most_five_files(people):
    with pytest.raises(ClaimError) as error:
        claim_for(people["jinan_counselor"], files=[pdf(f"{i}.pdf") for i in range(6)])
    assert error.value.code == "too_many_files"


def test_approval_creates_exactly_one_ledger_entry(people):
    claim = claim_for(people["jinan_counselor"])
    approved = approve_claim(claim.pk, actor=people["jinan_admin"])
    entry = CreditEntry.objects.get(counselor=people["jinan_counselor"])
    assert approved.credit == entry and entry.kind == CreditEntry.Kind.EXTERNAL
    assert entry.source_ref == f"claim:{claim.pk}" and entry.hours == Decimal("6.0")
    assert entry.recorded_by == people["jinan_admin"]
    with pytest.raises(ClaimError) as error:
        approve_claim(claim.pk, actor=people["province_admin"])
    assert error.value.code == "already_decided"
    with pytest.raises(ClaimError) as error:
        reject_claim(claim.pk, actor=people["province_admin"], reason="重复")
    assert error.value.code == "already_decided"
    assert CreditEntry.objects.count() == 1
    assert ModelLogEntry.objects.filter(action="cpd.claim.approved").count() == 1


def test_nobody_decides_their_own_claim(people):
    admin = people["jinan_admin"]
    claim = claim_for(admin)
    with pytest.raises(ClaimError) as error:
        approve_claim(claim.pk, actor=admin)
    assert error.value.code == "own_claim"
    assert not CreditEntry.objects.exists()


def test_only_admins_in_scope_decide(client, people):
    claim = claim_for(people["jinan_counselor"])
    for outsider in (people["qingdao_admin"], people["trainer"], people["qingdao_counselor"]):
        with pytest.raises(ClaimError) as error:
            approve_claim(claim.pk, actor=outsider)
        assert error.value.code == "not_found"
    client.force_login(people["qingdao_admin"])
    queue = client.get(reverse("cpd_claims_queue"))
    assert queue.status_code == 200 and "全国职业指导年会" not in queue.content.decode()
    client.post(reverse("cpd_claims_decide", args=[claim.pk]), {"decision": "approve"})
    evidence = claim.evidence.get()
    assert client.get(reverse("cpd:claim_evidence", args=[evidence.pk])).status_code == 404
    claim.refresh_from_db()
    assert claim.status == ExternalClaim.Status.SUBMITTED and not CreditEntry.objects.exists()


def test_other_counselors_cannot_reach_a_claim_by_guessing_urls(client, people):
    claim = claim_for(people["jinan_counselor"])
    evidence = claim.evidence.get()
    client.force_login(people["qingdao_counselor"])
    assert client.get(reverse("cpd:claim_detail", args=[claim.pk])).status_code == 404
    assert client.get(reverse("cpd:claim_resubmit", args=[claim.pk])).status_code == 404
    assert client.get(reverse("cpd:claim_evidence", args=[evidence.pk])).status_code == 404
    assert "全国职业指导年会" not in client.get(reverse("cpd:claims")).content.decode()
    assert client.get(reverse("cpd_claims_queue")).status_code in (302, 403)
    client.logout()
    assert client.get(reverse("cpd:claim_evidence", args=[evidence.pk])).status_code == 302
    client.force_login(people["jinan_admin"])  # an admin in scope may read the evidence
    download = client.get(reverse("cpd:claim_evidence", args=[evidence.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF-")


def test_rejected_claim_is_resubmitted_and_approved(client, people):
    counselor = people["jinan_counselor"]
    claim = claim_for(counselor)
    with pytest.raises(ClaimError) as error:
        reject_claim(claim.pk, actor=people["jinan_admin"], reason="")
    assert error.value.code == "reason_required"
    client.force_login(people["jinan_admin"])
    client.post(reverse("cpd_claims_decide", args=[claim.pk]), {"decision": "reject", "reason": "缺少参会证明"})
    claim.refresh_from_db()
    assert claim.status == ExternalClaim.Status.REJECTED and claim.decision_reason == "缺少参会证明"
    with pytest.raises(ClaimError) as error:
        resubmit_claim(claim.pk, people["qingdao_counselor"], **FIELDS)
    assert error.value.code == "not_found"

    client.force_login(counselor)
    assert "缺少参会证明" in client.get(reverse("cpd:claim_detail", args=[claim.pk])).content.decode()
    response = client.post(
        reverse("cpd:claim_resubmit", args=[claim.pk]), {**form_data(hours="4.5"), "files": [png()]}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    claim.refresh_from_db()
    assert claim.status == ExternalClaim.Status.SUBMITTED and claim.hours == Decimal("4.5")
    assert claim.evidence.count() == 2 and claim.decided_by is None
    with pytest.raises(ClaimError) as error:
        resubmit_claim(claim.pk, counselor, **FIELDS)
    assert error.value.code == "not_rejected"

    approve_claim(claim.pk, actor=people["jinan_admin"])
    assert CreditEntry.objects.get().hours == Decimal("4.5")


def test_bulk_approve(client, people):
    claims = [claim_for(people["jinan_counselor"], title=f"活动{i}") for i in range(3)]
    outside = claim_for(people["qingdao_counselor"])
    own = claim_for(people["jinan_admin"])
    counts = approve_claims([claim.pk for claim in claims[:2]] + [outside.pk, own.pk], people["jinan_admin"])
    assert counts == {"approved": 2, "skipped": 2}
    client.force_login(people["jinan_admin"])
    response = client.post(reverse("cpd_claims_bulk_approve"), {"claim": [str(c.pk) for c in claims]})
    assert response.status_code == 302
    assert CreditEntry.objects.filter(kind=CreditEntry.Kind.EXTERNAL).count() == 3
    assert ExternalClaim.objects.filter(status=ExternalClaim.Status.APPROVED).count() == 3


def test_the_queue_runs_a_fixed_number_of_queries(client, people):
    admin = people["province_admin"]
    client.force_login(admin)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("cpd_claims_queue"))
        assert response.status_code == 200
        return len(queries), response.content.decode()

    for i in range(3):
        claim_for(people["jinan_counselor" if i % 2 else "qingdao_counselor"], title=f"活动{i}", files=[pdf(), png()])
    few, page = count_queries()
    assert "活动2" in page
    for i in range(3, 30):
        claim_for(people["jinan_counselor" if i % 2 else "qingdao_counselor"], title=f"活动{i}", files=[pdf(), png()])
    many, _page = count_queries()
    assert few == many


def big_png(width, height, name="scan.png"):
    """A PNG that is tiny on disk (one-bit, one colour) and huge to decode."""
    buffer = io.BytesIO()
    Image.new("1", (width, height), 0).save(buffer, "PNG", optimize=True)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.mark.parametrize(("width", "height"), [(12000, 12000), (10001, 10), (7000, 7000)])
def test_an_oversized_evidence_image_is_refused_with_a_clear_message(client, people, width, height):
    """12000×12000 is a few KB as PNG but 576 MB decoded; bounds: 10000 px a side, 40 million pixels in all."""
    upload = big_png(width, height)
    client.force_login(people["jinan_counselor"])
    response = client.post(reverse("cpd:claim_new"), {**form_data(), "files": [upload]})
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors["files"])
    assert "scan.png" in errors and "10000" in errors and "40" in errors
    assert ExternalClaim.objects.count() == 0


def test_an_evidence_image_within_the_bounds_is_accepted(people):
    claim = claim_for(people["jinan_counselor"], files=[big_png(6000, 4000)])
    assert claim.evidence.get().content_type == "image/png"
