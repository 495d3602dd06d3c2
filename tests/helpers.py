"""Helpers shared by the tests: reading responses, recognising a refusal, and running calls concurrently."""

import threading

from django.db import connection
from django.urls import reverse


def body(response) -> str:
    """The text of a response, streaming (CSV exports, with a BOM) or not."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


def refused(response) -> bool:
    """A 404, a 403, or Wagtail's refusal: a redirect to the admin home with a permission message."""
    if response.status_code == 302:
        return response["Location"] == reverse("wagtailadmin_home")
    return response.status_code in (403, 404)


def run_together(*calls):
    """Start every call in its own thread (own database connection) at the same moment; return results/errors."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = call()
        except Exception as error:  # collected and asserted on by the caller
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes
