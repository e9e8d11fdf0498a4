"""Viewers' script runs take turns (dashboard/turns.py): one at a time, in the order they came,
never held up for good by a run that does not end."""

import threading
import time

import pytest

from dashboard import turns


def test_a_run_waits_until_the_one_before_has_finished():
    events, first_in = [], threading.Event()

    def run(name: str, seconds: float) -> None:
        with turns.one_at_a_time() as has_turn:
            events.append((name, "in", has_turn))
            first_in.set()
            time.sleep(seconds)
            events.append((name, "out", has_turn))

    first = threading.Thread(target=run, args=("first", 0.2))
    first.start()
    first_in.wait(5)
    second = threading.Thread(target=run, args=("second", 0))
    second.start()
    first.join(5)
    second.join(5)
    assert events == [("first", "in", True), ("first", "out", True),
                      ("second", "in", True), ("second", "out", True)]


def test_runs_waiting_get_their_turns_in_the_order_they_came():
    order, waiting = [], []
    with turns.one_at_a_time():  # the turn is held while the others line up
        for number in range(5):
            def run(number=number) -> None:
                with turns.one_at_a_time():
                    order.append(number)
            waiting.append(threading.Thread(target=run))
            waiting[-1].start()
            time.sleep(0.2)  # each is waiting before the next comes
    for thread in waiting:
        thread.join(5)
    assert order == [0, 1, 2, 3, 4]


def test_a_run_that_does_not_end_holds_the_others_up_only_so_long():
    with turns.one_at_a_time():
        started = time.perf_counter()
        with turns.one_at_a_time(wait_at_most_s=0.1) as has_turn:
            waited = time.perf_counter() - started
            assert not has_turn
        # going ahead without the turn does not hand on the turn it never had
        with turns.one_at_a_time(wait_at_most_s=0) as has_turn:
            assert not has_turn
    assert 0.1 <= waited < 2


class Stopped(Exception):
    """Stands in for Streamlit's StopException / RerunException, raised inside a run."""


def test_a_stopped_run_hands_on_its_turn():
    with pytest.raises(Stopped), turns.one_at_a_time():
        raise Stopped
    with turns.one_at_a_time(wait_at_most_s=0) as has_turn:
        assert has_turn
