"""Search quality: recall@10 and nDCG@10 of the Chinese search over a corpus of 2,000+ library resources.

Usage: .venv/bin/python scripts/evaluate_search.py [--distractors N] [--show-misses] [--without-synonyms]
(DATABASE_URL selects PostgreSQL; default SQLite)

It creates a throwaway test database with a resource library of
- the judged documents of scripts/search_eval/documents.tsv (written for this evaluation), and
- N generated distractors (default 1,950): reports, briefings and plans of the 16 cities built from the domain's
  general vocabulary. They share the parts of the queries' compounds (研究, 训练, 工作, 就业, 分析 …) but none of
  the concepts the queries ask for, so they are judged irrelevant to every query;
then runs every query of scripts/search_eval/queries.tsv (113 queries in seven kinds: compound words, compounds that
jieba splits, Latin and full-width Latin, natural questions, synonyms, queries that no document matches in full, and
multi-word queries) in two ways, and prints the figures per kind and overall:
- "site": the query string, as the site search page passes it to `Page.search()`;
- "admin": the query object that Wagtail's admin page search builds (`parse_query_string(q, operator="and")`).

recall@10: the share of a query's relevant documents among its first ten hits. nDCG@10: graded gain 2^grade - 1
(grade 2: what the query asks for, 1: related), discounted by log2(rank + 1), divided by the ideal ordering's.
The script only uses the search API that every version of the project has, so it also measures older code.
"""

import argparse
import math
import os
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "scripts" / "search_eval"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")
os.environ.setdefault("TEST_SQLITE_NAME", "evaluate-search.sqlite3")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from wagtail.search.backends import get_search_backend  # noqa: E402
from wagtail.search.utils import parse_query_string  # noqa: E402

CITIES = ["济南", "青岛", "淄博", "枣庄", "东营", "烟台", "潍坊", "济宁", "泰安", "威海", "日照", "临沂", "德州",
          "聊城", "滨州", "菏泽"]
TOPICS = ["公共就业服务", "就业统计监测", "基层就业服务平台", "人社政务服务", "劳动关系协调", "职业分类", "就业形势",
          "职业教育", "高校就业工作", "重点群体就业", "就业质量", "职业指导队伍建设", "职业指导研究", "技工院校"]
FORMS = ["研究报告", "调查研究", "研究综述", "工作简报", "工作方案", "工作要点", "业务指导意见", "岗位练兵训练方案",
         "数据分析", "经验交流材料", "服务规范", "会议纪要", "宣传手册", "统计表"]
ACTIVITIES = ["梳理年度重点任务", "汇总调查研究数据", "总结基层经验做法", "部署岗位练兵训练", "分析存在的问题和对策",
              "提出下一步工作安排", "介绍业务指导要点", "通报工作进展"]
AUDIENCES = ["各级人社部门", "基层工作人员", "公共就业服务机构", "高校就业指导中心", "行业协会"]
KINDS = ["courseware", "book", "report", "case", "policy", "video", "template"]


def read_tsv(name: str) -> list[list[str]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


def load_judgements():
    documents = {key: (title, summary) for key, title, summary in read_tsv("documents.tsv")}
    queries = []
    for kind, query, judged in read_tsv("queries.tsv"):
        relevant = {}
        for item in judged.split():
            key, grade = item.split(":")
            if key not in documents:
                raise SystemExit(f"queries.tsv: {query!r} names an unknown document {key!r}")
            relevant[key] = int(grade)
        queries.append((kind, query, relevant))
    return documents, queries


def distractors(count: int):
    rng = random.Random(2026)  # noqa: S311 - reproducible sample text, not security
    for number in range(count):
        city, topic, form = rng.choice(CITIES), rng.choice(TOPICS), rng.choice(FORMS)
        activity, audience = rng.sample(ACTIVITIES, 2), rng.choice(AUDIENCES)
        title = f"{city}市{topic}{form}（{2020 + number % 7}年第{number % 12 + 1}期）"
        summary = f"本{form}围绕{city}市{topic}，{activity[0]}，{activity[1]}，供{audience}参考。"
        yield f"x{number:04d}", title, summary


def build_corpus(documents: dict, count: int) -> None:
    from wagtail.models import Site

    from library.models import ResourceIndexPage, ResourcePage

    root = Site.objects.get(is_default_site=True).root_page
    index = root.add_child(instance=ResourceIndexPage(title="资源库", slug="eval-resources"))
    rng = random.Random(7)  # noqa: S311
    rows = [(key, title, summary) for key, (title, summary) in documents.items()]
    rows += list(distractors(count))
    rng.shuffle(rows)  # judged documents get no advantage from their row order
    backend = get_search_backend()
    batch = []
    for key, title, summary in rows:
        page = ResourcePage(title=title, slug=f"eval-{key}", summary=summary, kind=rng.choice(KINDS), live=True)
        index.add_child(instance=page)
        batch.append(page)
        if len(batch) == 500:
            backend.add_bulk(ResourcePage, batch)
            batch = []
    if batch:
        backend.add_bulk(ResourcePage, batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # what autovacuum does soon after a bulk load: fresh planner statistics
            cursor.execute("ANALYZE")


def reset_synonyms(*, empty: bool) -> None:
    """Start from this database's synonym list (the cache may be a shared Redis that outlives test databases), or
    from none. Older code without a synonym list is left alone."""
    from django.apps import apps

    if not (apps.is_installed("search") and "synonymgroup" in apps.get_app_config("search").models):
        return
    from search.synonyms import forget

    if empty:
        apps.get_model("search", "SynonymGroup").objects.all().delete()
        print("synonym list emptied")
    forget()


def ndcg(ranked: list[str], relevant: dict[str, int], k: int = 10) -> float:
    gains = [(2 ** relevant.get(key, 0) - 1) / math.log2(rank + 2) for rank, key in enumerate(ranked[:k])]
    best = sorted(relevant.values(), reverse=True)[:k]
    ideal = [(2**grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(best)]
    return sum(gains) / sum(ideal)


def recall(ranked: list[str], relevant: dict[str, int], k: int = 10) -> float:
    return len(set(ranked[:k]) & set(relevant)) / len(relevant)


def run(queries, how: str, show_misses: bool) -> dict:
    from library.models import ResourcePage

    scores = defaultdict(lambda: [0.0, 0.0, 0])
    timings = []
    for kind, query, relevant in queries:
        searched = query if how == "site" else parse_query_string(query, operator="and")[1]
        started = time.perf_counter()
        hits = list(ResourcePage.objects.live().search(searched)[:10])
        timings.append((time.perf_counter() - started) * 1000)
        ranked = [page.slug.removeprefix("eval-") for page in hits]
        values = (recall(ranked, relevant), ndcg(ranked, relevant))
        for bucket in (kind, "all"):
            scores[bucket][0] += values[0]
            scores[bucket][1] += values[1]
            scores[bucket][2] += 1
        if show_misses and values[1] < 1:
            print(f"  {how} {kind} {query}: recall {values[0]:.2f} nDCG {values[1]:.2f}, top {ranked[:5]}, "
                  f"wanted {relevant}")
    timings.sort()
    return {"scores": scores, "p50": timings[len(timings) // 2], "p95": timings[int(len(timings) * 0.95) - 1]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--distractors", type=int, default=1950)
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument(
        "--without-synonyms", action="store_true", help="empty the synonym list first (where the code has one)"
    )
    options = parser.parse_args()
    documents, queries = load_judgements()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        reset_synonyms(empty=options.without_synonyms)
        started = time.perf_counter()
        build_corpus(documents, options.distractors)
        total = len(documents) + options.distractors
        print(f"database: {connection.vendor}; corpus: {total} resources ({len(documents)} judged, "
              f"{options.distractors} distractors), built in {time.perf_counter() - started:.0f} s; "
              f"{len(queries)} queries")
        results = {how: run(queries, how, options.show_misses) for how in ("site", "admin")}
        kinds = [*sorted({kind for kind, _query, _relevant in queries}), "all"]
        print(f"{'kind':<10} {'queries':>7}  {'site R@10':>9} {'site nDCG':>9}  {'admin R@10':>10} {'admin nDCG':>10}")
        for kind in kinds:
            site, admin = results["site"]["scores"][kind], results["admin"]["scores"][kind]
            count = site[2]
            print(f"{kind:<10} {count:>7}  {site[0] / count:>9.3f} {site[1] / count:>9.3f}  "
                  f"{admin[0] / count:>10.3f} {admin[1] / count:>10.3f}")
        for how, result in results.items():
            print(f"{how} search latency: p50 {result['p50']:.1f} ms, p95 {result['p95']:.1f} ms")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
