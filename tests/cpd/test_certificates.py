"""Certificates: issued once per achievement, rendered once to a PDF with the Chinese text, an embedded CJK font and a
QR code of the public verification URL; verified publicly with nothing else about the person; downloaded only by the
holder and admins whose scope holds them; never reachable at a public media URL.
"""

import datetime
import subprocess

import pytest
import zxingcpp
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from cpd import rendering
from cpd.models import Certificate
from cpd.services import CertificateError, issue_certificate, issue_certificates, revoke_certificate
from cpd.tasks import render_certificate_pdf

pytestmark = pytest.mark.django_db

HOLDER_NAME = "张晓明"
TITLE = "职业生涯规划专题研修班"


@pytest.fixture
def holder(people):
    person = people["jinan_counselor"]
    person.real_name = HOLDER_NAME
    person.phone = "13905310000"
    person.save(update_fields=["real_name", "phone"])
    return person


def issue(holder, source_ref="workshop:7:registration:1", **kwargs):
    kwargs.setdefault("kind", Certificate.Kind.WORKSHOP_ATTENDANCE)
    kwargs.setdefault("title", TITLE)
    kwargs.setdefault("issuer", "济南市人力资源和社会保障局")
    kwargs.setdefault("issued_on", datetime.date(2026, 5, 20))
    return issue_certificate(holder, source_ref=source_ref, **kwargs)


@pytest.fixture
def certificate(holder, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the rendering task runs eagerly on commit
        certificate = issue(holder)
    certificate.refresh_from_db()
    return certificate


def pdf_files(private_media_root):
    folder = private_media_root / "certificates"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def embedded_fonts(reader: PdfReader) -> list[tuple[str, bool]]:
    """(BaseFont, has an embedded font file) for every font of every page, descendant CID fonts included."""
    found = []

    def visit(font):
        font = font.get_object()
        for descendant in font.get("/DescendantFonts") or []:
            visit(descendant)
        descriptor = font.get("/FontDescriptor")
        if descriptor is not None:
            descriptor = descriptor.get_object()
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            found.append((str(font.get("/BaseFont")), embedded))

    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font")
        for font in (fonts.get_object() if fonts is not None else {}).values():
            visit(font)
    return found


def is_noto_cjk(base_font: str) -> bool:
    """WeasyPrint names the subset like /ABCDEF+Noto-Serif-CJK-SC; other tools write NotoSerifCJKsc-Regular."""
    name = base_font.replace("-", "").replace(" ", "")
    return "NotoSerifCJK" in name or "NotoSansCJK" in name


# --- issuing and revoking --------------------------------------------------------------------------------------


def test_issuing_the_same_achievement_twice_gives_one_certificate(holder):
    first = issue(holder)
    second = issue(holder, title="另一个标题")
    assert first.pk == second.pk
    assert Certificate.objects.filter(holder=holder).count() == 1
    assert len(first.code) >= 20 and first.code != issue(holder, source_ref="workshop:8:registration:1").code


def test_bulk_issue_gives_each_holder_one_certificate(people):
    holders = [people["jinan_counselor"], people["qingdao_counselor"]]
    first = issue_certificates(holders, kind=Certificate.Kind.AWARD, title="职业指导之星", issuer="山东省人社厅",
                               issued_on=datetime.date(2026, 6, 1), source_ref="award:star:2026")
    again = issue_certificates(holders, kind=Certificate.Kind.AWARD, title="职业指导之星", issuer="山东省人社厅",
                               issued_on=datetime.date(2026, 6, 1), source_ref="award:star:2026")
    assert [c.pk for c in first] == [c.pk for c in again]
    assert Certificate.objects.count() == 2


@pytest.mark.parametrize(("field", "code"), [("kind", "invalid_kind"), ("title", "title_required"),
                                             ("issuer", "issuer_required"), ("source_ref", "source_required")])
def test_bad_input_is_refused_with_a_code(holder, field, code):
    with pytest.raises(CertificateError) as error:
        issue(holder, **{field: "  " if field != "kind" else "nonsense"})
    assert error.value.code == code
    assert not Certificate.objects.exists()


def test_revocation_needs_a_reason_and_an_admin_in_scope(holder, people):
    certificate = issue(holder)
    with pytest.raises(CertificateError) as error:
        revoke_certificate(certificate.pk, actor=people["jinan_admin"], reason=" ")
    assert error.value.code == "reason_required"
    for outsider in ("qingdao_admin", "jinan_counselor", "trainer"):
        with pytest.raises(CertificateError) as error:
            revoke_certificate(certificate.pk, actor=people[outsider], reason="错误颁发")
        assert error.value.code == "not_found"
    revoked = revoke_certificate(certificate.pk, actor=people["jinan_admin"], reason="错误颁发")
    assert revoked.is_revoked
    with pytest.raises(CertificateError) as error:
        revoke_certificate(certificate.pk, actor=people["province_admin"], reason="再次")
    assert error.value.code == "already_revoked"


# --- rendering -------------------------------------------------------------------------------------------------


def test_the_pdf_has_the_chinese_text_and_an_embedded_cjk_font(certificate):
    assert certificate.pdf.name == f"certificates/{certificate.code}.pdf"
    with certificate.pdf.open("rb") as handle:
        reader = PdfReader(handle)
        text = "".join(page.extract_text() for page in reader.pages)
        fonts = embedded_fonts(reader)
    assert HOLDER_NAME in text
    assert TITLE in text
    assert any(is_noto_cjk(name) and embedded for name, embedded in fonts), fonts


def test_the_qr_code_decodes_to_the_verification_url(certificate, tmp_path):
    path = certificate.pdf.storage.path(certificate.pdf.name)
    subprocess.run(["pdftoppm", "-r", "150", "-png", path, str(tmp_path / "page")], check=True)  # noqa: S603, S607
    image = Image.open(next(tmp_path.glob("page*.png")))
    texts = [barcode.text for barcode in zxingcpp.read_barcodes(image)]
    assert texts == [f"http://testserver/cpd/verify/{certificate.code}/"]


def test_rendering_again_leaves_one_file(certificate, private_media_root):
    assert pdf_files(private_media_root) == [f"{certificate.code}.pdf"]
    render_certificate_pdf(certificate.pk)  # a repeated task
    assert rendering.render_certificate(certificate) is False
    # A retry after a crash between writing the file and saving the row: the same name is overwritten.
    Certificate.objects.filter(pk=certificate.pk).update(pdf="")
    render_certificate_pdf(certificate.pk)
    assert pdf_files(private_media_root) == [f"{certificate.code}.pdf"]
    assert Certificate.objects.get(pk=certificate.pk).pdf.name == f"certificates/{certificate.code}.pdf"


def test_certificates_are_stored_outside_media_root(certificate, settings):
    path = certificate.pdf.storage.path(certificate.pdf.name)
    assert not path.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        certificate.pdf.url  # noqa: B018 - no public URL exists


# --- the public verification page ------------------------------------------------------------------------------


def test_verification_shows_only_the_allowed_fields(client, certificate, holder):
    response = client.get(reverse("cpd:verify", args=[certificate.code]))
    assert response.status_code == 200
    html = response.content.decode()
    for shown in (HOLDER_NAME, TITLE, "2026-05-20", "济南市人力资源和社会保障局", "有效"):
        assert shown in html
    for hidden in (holder.email, holder.phone, holder.organization.name, certificate.source_ref):
        assert hidden not in html


def test_a_revoked_certificate_shows_revoked(client, certificate, people):
    revoke_certificate(certificate.pk, actor=people["province_admin"], reason="材料不实")
    html = client.get(reverse("cpd:verify", args=[certificate.code])).content.decode()
    assert "已撤销" in html
    assert "材料不实" not in html  # the reason is not public


def test_an_unknown_code_is_a_translated_404(client, db):
    response = client.get(reverse("cpd:verify", args=["no-such-code"]))
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode() or "不存在" in response.content.decode()


# --- downloading the PDF ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "allowed"), [("jinan_counselor", True), ("jinan_admin", True),
                                              ("province_admin", True), ("qingdao_admin", False),
                                              ("qingdao_counselor", False), ("trainer", False)])
def test_only_the_holder_and_admins_in_scope_get_the_pdf(client, certificate, people, who, allowed):
    client.force_login(people[who])
    response = client.get(reverse("cpd:certificate_pdf", args=[certificate.pk]))
    if allowed:
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    else:
        assert response.status_code == 404


def test_the_pdf_needs_a_login(client, certificate):
    response = client.get(reverse("cpd:certificate_pdf", args=[certificate.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_pdf_not_rendered_yet_gets_a_friendly_page(client, holder):
    certificate = issue(holder)  # on-commit callbacks are not run here: no PDF yet
    client.force_login(holder)
    response = client.get(reverse("cpd:certificate_pdf", args=[certificate.pk]))
    assert response.status_code == 200
    assert "正在生成" in response.content.decode()


def test_my_cpd_lists_my_certificates(client, certificate, holder, people, this_year):
    issue(people["qingdao_counselor"], title="青岛的证书")
    client.force_login(holder)
    html = client.get(reverse("cpd:my_cpd")).content.decode()
    assert TITLE in html and "青岛的证书" not in html
    assert reverse("cpd:certificate_pdf", args=[certificate.pk]) in html
    assert reverse("cpd:verify", args=[certificate.code]) in html


# --- the admin listing -----------------------------------------------------------------------------------------


def test_the_admin_listing_is_scoped(client, certificate, people):
    other = issue(people["qingdao_counselor"], title="青岛的证书")
    client.force_login(people["jinan_admin"])
    response = client.get(reverse("certificates:index"))
    assert response.status_code == 200
    assert {c.pk for c in response.context["object_list"]} == {certificate.pk}
    assert client.get(reverse("certificates:inspect", args=[certificate.pk])).status_code == 200
    assert client.get(reverse("certificates:inspect", args=[other.pk])).status_code == 404


def pdf_text(certificate) -> str:
    certificate.refresh_from_db()
    with certificate.pdf.open("rb") as handle:
        return "".join(page.extract_text() for page in PdfReader(handle).pages).replace(" ", "")


def test_the_pdf_shows_the_credited_hours_and_level(holder, django_capture_on_commit_callbacks):
    """The hours and level come from the ledger entry of the same achievement (same holder and source)."""
    from cpd.models import CreditEntry
    from cpd.services import record_credit
    from standards.models import Level

    record_credit(holder, hours="12", category=CreditEntry.Category.PROFESSIONAL, kind=CreditEntry.Kind.WORKSHOP,
                  source_ref="workshop:7:registration:1", title=TITLE, occurred_on=datetime.date(2026, 5, 20),
                  level=Level.objects.get(code="level-4"))
    with django_capture_on_commit_callbacks(execute=True):
        certificate = issue(holder)
    text = pdf_text(certificate)
    assert "12学时" in text and Level.objects.get(code="level-4").name_zh in text


def test_links_use_the_configured_site_address(holder, settings, django_capture_on_commit_callbacks):
    settings.WAGTAILADMIN_BASE_URL = "https://lms.example.cn/"
    with django_capture_on_commit_callbacks(execute=True):
        certificate = issue(holder)
    text = pdf_text(certificate)
    assert f"https://lms.example.cn/cpd/verify/{certificate.code}/" in text and "testserver" not in text


def test_revoking_renders_the_pdf_again_marked_revoked(certificate, people, private_media_root,
                                                      django_capture_on_commit_callbacks):
    assert "已撤销" not in pdf_text(certificate)
    with django_capture_on_commit_callbacks(execute=True):
        revoke_certificate(certificate.pk, actor=people["jinan_admin"], reason="错误颁发")
    text = pdf_text(certificate)
    assert "已撤销" in text and "不再有效" in text
    render_certificate_pdf(certificate.pk, refresh=True)  # a retried task: still one file, still revoked
    assert pdf_files(private_media_root) == [f"{certificate.code}.pdf"] and "已撤销" in pdf_text(certificate)
