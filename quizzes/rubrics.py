"""Reading a rubric into criteria, so a grader scores an essay point by point.

A rubric written the usual way — criteria separated by "；" or new lines, each ending with its points in brackets,
e.g. "1. 识别问题（4分）；2. 提出方案（6分）" — gives one criterion per part. When every part names its points and they
add up to the question's points, the grading form asks for a score per criterion and the essay's score is their
sum; otherwise the grader gives one overall score.
"""

import re
from decimal import Decimal

POINTS = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")
SEPARATORS = re.compile(r"[；;\n]+")


def criteria(rubric: str, points) -> list[tuple[str, Decimal]]:
    """[(criterion text, points)] when the rubric splits cleanly and adds up to `points`, else []."""
    parts = [part.strip() for part in SEPARATORS.split(rubric or "") if part.strip()]
    found = []
    for part in parts:
        match = POINTS.search(part)
        if match is None:
            return []
        found.append((part, Decimal(match.group(1))))
    if len(found) < 2 or sum(value for _text, value in found) != Decimal(points):
        return []
    return found
