from django.urls import reverse

from people.models import User


def test_a_person_edits_their_own_profile_but_not_their_organization(client, people, tree):
    counselor = people["jinan_counselor"]
    client.force_login(counselor)
    response = client.post(
        reverse("people:profile"),
        {
            "real_name": "新名字",
            "phone": "13900000000",
            "post": "职业指导师",
            "employment": User.Employment.PART_TIME,
            "practising_since": "2016-03-01",
            "education": User.Education.MASTER,
            "organization": tree["qingdao_agency"].pk,
        },
    )
    assert response.status_code == 302
    counselor.refresh_from_db()
    assert counselor.real_name == "新名字"
    assert counselor.employment == User.Employment.PART_TIME
    assert counselor.organization == tree["jinan_agency"]


def test_bad_profile_input_is_refused_and_changes_nothing(client, people):
    counselor = people["jinan_counselor"]
    client.force_login(counselor)
    response = client.post(
        reverse("people:profile"), {"real_name": "", "practising_since": "2999-01-01", "employment": "nonsense"}
    )
    assert response.status_code == 400
    counselor.refresh_from_db()
    assert counselor.real_name == "济南学员"
