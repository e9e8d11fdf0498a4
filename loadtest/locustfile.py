"""Locust users that view a Streamlit app through its WebSocket protocol (loadtest/protocol.py).

`python -m loadtest.run` drives them in a ladder and writes the table; by hand, against a server
you started on this machine (loopback only):

    locust -f loadtest/locustfile.py --host http://127.0.0.1:8501 DashboardViewer

Each viewer opens one page (spread over the app's pages, every other one in English), reads it for
a random part of the pacing interval, then changes the sector every PACING_S seconds, cycling
through the options. Each first view and each change is one Locust request: its time runs from the
request until the server's script_finished; an error is what loadtest.protocol.ProtocolError
names. A viewer whose connection broke opens its page again, as a person would reload."""

from __future__ import annotations

import itertools
import random
import time

from locust import User, constant_pacing, task

from dashboard.pages import PAGES
from loadtest.protocol import ProtocolError, Viewer

PACING_S = 5.0   # one sector change per viewer every 5 s (issue 15's model of a meeting)
FILTER_KEY = "sector"


class StreamlitViewer(User):
    abstract = True
    pacing = PACING_S
    wait_time = constant_pacing(PACING_S)
    pages: tuple[str, ...] = ("",)   # URL pathnames the viewers are spread over ("" default page)
    queries: tuple[str, ...] = ("",)  # link query strings, spread like the pages
    numbers = itertools.count()      # reset by loadtest.run before each run
    verify_tls = True                # False: accept a self-signed certificate (tests/deploy)
    open_viewers: set = set()        # every open connection, closed by loadtest.run after a run

    def on_start(self) -> None:
        number = next(type(self).numbers)
        self.page = self.pages[number % len(self.pages)]
        self.query = self.queries[(number // len(self.pages)) % len(self.queries)]
        self.choice = number
        self.viewer = None
        self._open()
        time.sleep(random.uniform(0, self.pacing))  # viewers read for a while, not all in step

    def on_stop(self) -> None:
        self._close()

    @task
    def change_filter(self) -> None:
        if self.viewer is None:  # the last request broke the connection: reload the page
            self._open()
            return
        options = self.viewer.options(FILTER_KEY)
        self.choice += 1
        self._timed("change", lambda: self.viewer.select(FILTER_KEY, options[self.choice % len(options)]))

    def _open(self) -> None:
        self.viewer = Viewer(self.host, verify_tls=self.verify_tls)
        type(self).open_viewers.add(self.viewer)
        self._timed("first view", lambda: self.viewer.open(self.page, self.query))

    def _close(self) -> None:
        if self.viewer is not None:
            self.viewer.close()
            type(self).open_viewers.discard(self.viewer)
            self.viewer = None

    def _timed(self, request_type: str, action) -> None:
        started, run, error = time.perf_counter(), None, None
        try:
            run = action()
        except (ProtocolError, OSError, KeyError, ValueError) as caught:
            error = caught
        self.environment.events.request.fire(
            request_type=request_type, name=self.page or "overview",
            response_time=(time.perf_counter() - started) * 1000,
            response_length=run.received_bytes if run else 0, exception=error,
            context={"elements": len(run.elements) if run else 0})
        if error is not None:
            self._close()


def set_pacing(seconds: float) -> None:
    """Every viewer changes the filter every `seconds` (0: as soon as the last reply came, a closed
    loop that measures what the server can do without an unbounded queue)."""
    StreamlitViewer.pacing = seconds
    StreamlitViewer.wait_time = constant_pacing(seconds)


class DashboardViewer(StreamlitViewer):
    """A viewer of the dashboard (dashboard/app.py), on one of its pages."""
    pages = tuple(p.slug for p in PAGES)
    queries = ("", "lang=en")


class SameSizeViewer(StreamlitViewer):
    """A viewer of the same-size plain page (bench.browser.FLOOR_SIZED), sized like one of the
    dashboard's pages in one of its languages: loadtest.run sets `queries` to their sizes."""


class MinimalViewer(StreamlitViewer):
    """A viewer of the minimal app (bench.browser.FLOOR_SERVED: one selectbox, one metric)."""
