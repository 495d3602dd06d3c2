"""A synthetic population of counselors for the batch test and scripts/benchmark_progression.py: levels, practice
dates, education and credit entries spread over every rule path, written with bulk inserts."""

import datetime
from decimal import Decimal

from certification.models import LevelRecord
from cpd.models import CreditEntry
from people.models import User
from standards.models import Level


def build_population(size: int, *, prefix: str = "bench") -> None:
    levels = list(Level.objects.ladder())
    User.objects.bulk_create(
        [
            User(
                email=f"{prefix}{index}@example.cn", real_name=f"学员{index}",
                practising_since=datetime.date(2008 + index % 17, 1 + index % 12, 1 + index % 28),
                education=["", "junior_college", "bachelor", "master"][index % 4],
            )
            for index in range(size)
        ],
        batch_size=2000,
    )
    users = list(User.objects.filter(email__startswith=prefix).values_list("pk", flat=True))
    LevelRecord.objects.bulk_create(
        [
            LevelRecord(holder_id=user_id, level=levels[index % 5], obtained_on=datetime.date(2016 + index % 9, 3, 1))
            for index, user_id in enumerate(users) if index % 6
        ],
        batch_size=2000,
    )
    CreditEntry.objects.bulk_create(
        [
            CreditEntry(
                counselor_id=user_id, hours=Decimal(10 + (index * 7 + part * 13) % 60), kind=CreditEntry.Kind.COURSE,
                category=CreditEntry.Category.PROFESSIONAL if part % 3 else CreditEntry.Category.PUBLIC,
                source_ref=f"bench:{index}:{part}", title="基准课程",
                occurred_on=datetime.date(2022 + part % 4, 1 + part, 15),
            )
            for index, user_id in enumerate(users) for part in range(3)
        ],
        batch_size=5000,
    )
