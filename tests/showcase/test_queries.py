"""Every showcase page runs the same number of queries whatever the number of features, with photos or without
(renditions are prefetched, one query for the images and one for their renditions), and none at all once cached."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from showcase import listing
from showcase.models import Feature
from tests.showcase.conftest import make_feature, make_image

pytestmark = [
    pytest.mark.django_db,
    # Wagtail's rendition writer leaves a SpooledTemporaryFile to the garbage collector (as in tests/courses).
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

KINDS = [Feature.Kind.GOLD_COURSE, Feature.Kind.GOLD_STUDIO, Feature.Kind.STAR]


def populate(count: int, tree, *, photos: bool):
    """`count` winners in each of three competitions and `count` features of each award kind."""
    image = make_image() if photos else None
    cities = [tree["jinan"], tree["qingdao"]]
    for index in range(count):
        for group in range(3):
            make_feature(group_key=f"competition:{group}", group_title=f"竞赛{group}", title=f"选手{group}-{index}",
                         honour=["一等奖", "二等奖", "三等奖"][index % 3], rank=index, city=cities[index % 2],
                         image=image)
        for kind in KINDS:
            make_feature(kind=kind, group_key=f"award:{kind}", group_title="表彰", title=f"{kind}-{index}",
                         honour="职业指导金课", city=cities[index % 2], image=image, year=2024)
    if image:  # the renditions a feature's photo gets when it is saved with one (showcase.signals)
        image.get_renditions(listing.PHOTO, listing.PHOTO_2X)


def cold_queries(client, url) -> int:
    """Queries for one page with nothing of the showcase cached (renewed, as after any change; Wagtail's own site
    lookup, which the first visit caches, stays warm)."""
    client.get(url)
    listing.invalidate()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


PAGES = [
    ("hub", lambda tree: reverse("showcase:hub")),
    ("hub filtered", lambda tree: reverse("showcase:hub") + f"?year=2024&city={tree['jinan'].pk}"),
    ("kind", lambda tree: reverse("showcase:kind", args=["competition"])),
    ("kind page 2", lambda tree: reverse("showcase:kind", args=["star"]) + "?page=2"),
    ("group", lambda tree: reverse("showcase:group", args=["competition:1"])),
    ("home", lambda tree: "/"),
]


@pytest.mark.parametrize("photos", [False, True], ids=["without photos", "with photos"])
@pytest.mark.parametrize(("name", "url"), PAGES, ids=[name for name, _ in PAGES])
def test_the_same_queries_for_1_and_40_features(client, tree, django_db_blocker, photos, name, url):
    populate(1, tree, photos=photos)
    one = cold_queries(client, url(tree))
    populate(39, tree, photos=photos)
    forty = cold_queries(client, url(tree))
    assert one == forty, (name, one, forty)


@pytest.mark.parametrize(("expected", "photos"), [(5, False), (7, True)])
def test_the_hub_reads_the_showcase_in_a_few_queries(client, tree, expected, photos):
    """facets (years, cities), counts per kind, latest competitions, first cards (window), photos, renditions: with
    no photo the two photo queries are skipped; the version key costs none."""
    populate(40, tree, photos=photos)
    assert cold_queries(client, reverse("showcase:hub")) == expected


def test_pages_served_from_the_cache_run_no_query(client, tree, django_assert_num_queries):
    populate(40, tree, photos=True)
    urls = [url(tree) for name, url in PAGES if name != "home"]
    for url in urls:
        client.get(url)
    with django_assert_num_queries(0):
        for url in urls:
            assert client.get(url).status_code == 200
