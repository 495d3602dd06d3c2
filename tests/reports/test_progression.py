"""The progression report: counselors eligible for their next level (as the certification evaluator judges them),
level applications by status and pass rates by assessment round, by organization; a city admin's page and exports
hold only their subtree's applicants. (Fixed query counts at two sizes: tests/reports/test_query_counts.py, whose
`populate` fixture adds applications and rounds.)"""

import csv
import io

import pytest
from django.urls import reverse

from certification.evaluator import evaluate_many
from reports import figures
from reports.scope import counselors_under, resolve_node
from tests.helpers import body

pytestmark = pytest.mark.django_db


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body(response).lstrip("\ufeff"))))


def test_eligible_counts_are_the_evaluators_judgement(people, populate, tree):
    populate(4)
    node = resolve_node(people["province_admin"], None)
    by_org, by_level = figures.eligibility_by_organization(node)
    judged = evaluate_many(counselors_under(node))
    assert sum(found["judged"] for found in by_level.values()) == len(judged)
    assert sum(found["eligible"] for found in by_level.values()) == sum(e.eligible for e in judged.values())
    by_city = {organization.pk: found for organization, found in node.rows_in_order(by_org)}
    jinan = evaluate_many(counselors_under(resolve_node(people["province_admin"], str(tree["jinan"].pk))))
    assert by_city[tree["jinan"].pk]["judged"] == len(jinan)
    assert by_city[tree["jinan"].pk]["eligible"] == sum(e.eligible for e in jinan.values())


def test_applications_by_status_and_pass_rates_by_round(people, populate, tree):
    populate(4)  # per city: n % 4 cycles submitted, endorsed, passed, failed
    node = resolve_node(people["province_admin"], None)
    rows, totals = figures.applications_by_organization(node)
    assert totals["submitted"] == totals["endorsed"] == totals["passed"] == totals["failed"] == 2
    assert "draft" not in totals
    assert dict((org.pk, found["applications"]) for org, found in rows)[tree["jinan"].pk] == 4
    rounds = {row["round__name"]: row for row in figures.pass_rates_by_round(node, [])}
    jinan_round = rounds[populate.rounds["jinan"].name]
    assert (jinan_round["applicants"], jinan_round["decided"], jinan_round["passed"]) == (2, 2, 1)
    assert jinan_round["rate"] == 50.0


def test_the_page_shows_the_new_sections_and_no_longer_says_they_are_missing(client, people, populate):
    populate(2)
    client.force_login(people["province_admin"])
    html = body(client.get(reverse("reports:progression")))
    assert "济南市2026年三级批次" in html and "青岛市2026年三级批次" in html
    assert "not part of the platform yet" not in html and "尚未" not in html


def test_a_city_admin_sees_only_their_rounds_and_applications(jinan_client, populate):
    populate(4)
    html = body(jinan_client.get(reverse("reports:progression")))
    assert "济南市2026年三级批次" in html
    assert "青岛" not in html
    rounds = csv_rows(jinan_client.get(reverse("reports:progression"), {"table": "rounds", "export": "csv"}))
    assert [row[0] for row in rounds[1:]] == ["济南市2026年三级批次"]
    assert rounds[1][3:6] == ["2", "2", "1"]
    applications = csv_rows(jinan_client.get(reverse("reports:progression"),
                                             {"table": "applications", "export": "csv"}))
    assert sum(int(row[1]) for row in applications[1:]) == 4


def test_the_judgement_is_cached_for_the_day_and_the_node(people, populate, tree, django_assert_num_queries):
    populate(2)
    node = resolve_node(people["province_admin"], None)
    first = figures.cached_eligibility(node)
    with django_assert_num_queries(0):
        assert figures.cached_eligibility(node) == first
    jinan = figures.cached_eligibility(resolve_node(people["province_admin"], str(tree["jinan"].pk)))
    assert sum(f["judged"] for f in jinan["by_level"].values()) < sum(f["judged"] for f in first["by_level"].values())
