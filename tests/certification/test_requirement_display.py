"""The requirement editor shows each version's rules in words (the admin's inspect view) and as indented JSON."""

from django.utils import translation

from certification.admin_forms import RequirementSetForm
from certification.models import RequirementSet


def test_a_versions_rules_read_in_words(db):
    version = RequirementSet.objects.get(level__code="level-4", version=1)
    with translation.override("zh-hans"):
        text = str(version.get_rules_display())
    assert "<li><strong>从业年限</strong>（满足其一即可）" in text
    assert "取得五级职业指导师满 3 年" in text
    assert "<li><strong>考核</strong>（须全部满足）" in text


def test_the_editor_shows_indented_readable_json(db):
    version = RequirementSet.objects.get(level__code="level-4", version=1)
    rendered = RequirementSetForm(instance=version)["rules"].value()
    assert '\n  "groups": [' in rendered
    assert "从业年限" in rendered
