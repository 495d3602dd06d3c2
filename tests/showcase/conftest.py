"""Fixtures for the showcase: features written the way the honouring apps write them (through
`showcase.services.feature`), photos as real Wagtail images, and one login per role."""

import io
import itertools

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model

from people.models import Role, User
from showcase.models import Feature
from tests.factories import UserFactory

_sources = itertools.count(1)


COMPETITION = "2025年山东省职业指导技能竞赛"


def make_feature(*, kind=Feature.Kind.COMPETITION, group_key="competition:1", group_title=COMPETITION, year=2025,
                 city=None, title=None, honour="一等奖", rank=0, image=None, **extra) -> Feature:
    """A feature whose source is a made-up row of a model that exists (the showcase never reads its source)."""
    number = next(_sources)
    feature = Feature.objects.create(
        kind=kind, content_type=ContentType.objects.get_for_model(User), object_id=10_000 + number,
        group_key=group_key, group_title=group_title, year=year, city=city, title=title or f"获奖者{number}",
        honour=honour, rank=rank, image=image, published_at="2025-11-20T10:00:00+08:00", **extra,
    )
    return feature


def make_image(title="获奖照片", colour=(164, 54, 27)):
    buffer = io.BytesIO()
    PILImage.new("RGB", (1200, 800), colour).save(buffer, "PNG")
    return get_image_model().objects.create(title=title, file=ImageFile(buffer, name="photo.png"))


@pytest.fixture
def roles(people, tree):
    """Every role the URL tests visit with: the shared logins plus a pending and a rejected registration."""
    return {
        **people,
        "pending": UserFactory(email="pending@example.cn", organization=tree["jinan_agency"], roles=[Role.COUNSELOR],
                               approval_status=User.ApprovalStatus.PENDING),
        "rejected": UserFactory(email="rejected@example.cn", organization=tree["jinan_agency"],
                                roles=[Role.COUNSELOR], approval_status=User.ApprovalStatus.REJECTED),
    }


@pytest.fixture
def winners(tree):
    """A published competition (first, second and third prizes, one hidden) and one of each award kind."""
    first = make_feature(title="张明", subtitle="济南市公共就业服务中心", honour="一等奖", rank=1, city=tree["jinan"],
                         citation="在情景模拟环节中表现突出，" * 8, link_url="/learning/course-1/")
    second = make_feature(title="李华", honour="二等奖", rank=2, city=tree["qingdao"])
    third = make_feature(title="王芳", honour="三等奖", rank=3, city=tree["jinan"])
    hidden = make_feature(title="被撤销者", honour="一等奖", rank=1, city=tree["jinan"], hidden=True)
    course = make_feature(kind=Feature.Kind.GOLD_COURSE, group_key="award:1", group_title="2024年职业指导金课",
                          year=2024, title="大学生生涯规划第一课", honour="职业指导金课", city=tree["qingdao"],
                          link_url="https://example.cn/course")
    studio = make_feature(kind=Feature.Kind.GOLD_STUDIO, group_key="award:2", group_title="2024年金牌工作室",
                          year=2024, title="泉城就业指导工作室", honour="职业指导金牌工作室", city=tree["jinan"])
    star = make_feature(kind=Feature.Kind.STAR, group_key="award:3", group_title="2024年职业指导之星", year=2024,
                        title="赵敏", honour="职业指导之星", city=tree["qingdao"])
    return {"first": first, "second": second, "third": third, "hidden": hidden, "course": course, "studio": studio,
            "star": star}
