"""Viewers' script runs take turns: app.py runs each inside `one_at_a_time()`, so one run at a
time does Python's work in this process.

Streamlit runs each viewer's script in a thread of its own, all at once, and the GIL lets only one
of them run Python at a time anyway: 30 runs under way together each took about as long as all
30, and the event loop sending their replies waited for the GIL among them. With 400 viewers and
the kit's C allocator, p95 0.62 s with every run at once, 0.42-0.47 s taking turns
(docs/performance.md, "Runs take turns")."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

# A run that never ends (a bug) must not hold up every other viewer for good: after this long
# waiting, a run goes ahead without its turn, as every run did before turns. A run with the views
# built takes ~7 ms; under 400 viewers a turn comes within ~0.5 s.
WAIT_AT_MOST_S = 10.0

# A Semaphore, not a Lock: it wakes its waiters in the order they came (threading.Condition), and a
# Lock promises no order, so a viewer could wait while later ones go first.
_TURN = threading.Semaphore(1)


@contextmanager
def one_at_a_time(wait_at_most_s: float = WAIT_AT_MOST_S) -> Iterator[bool]:
    """Hold the turn for the with block, once it comes (at most `wait_at_most_s`); yields whether
    the block has it. Whatever the block raises (Streamlit stops and reruns a script by raising
    in it), the turn passes on."""
    has_turn = _TURN.acquire(timeout=wait_at_most_s)
    try:
        yield has_turn
    finally:
        if has_turn:
            _TURN.release()
