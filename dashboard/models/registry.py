"""What models.prebuild builds: each builder registers itself with @prebuilt, saying how a view
calls it, so that a model cannot add a builder and forget to have it built beforehand."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from dashboard.data import Dataset, GeoData
from dashboard.select import Filters


@dataclass(frozen=True)
class View:
    """What a viewer's page is built for: the data, the filters, the map's files (None when they
    are invalid) and how the map is served."""
    ds: Dataset
    f: Filters
    maps: GeoData | None
    map_style: str | None
    static_url: str


Calls = Callable[[View], Iterable[tuple]]
# (page model's module, builder, the argument tuples of its calls for a view), in import order.
BUILDERS: list[tuple[str, Callable, Calls]] = []


def _page_call(view: View) -> list[tuple]:
    return [(view.ds, view.f)]


def prebuilt(calls: Calls = _page_call, page: str | None = None) -> Callable:
    """Register a builder (a per_dataset function) for models.prebuild: `calls(view)` gives the
    arguments of each call a page makes for `view` (default: one call, (ds, f)). `page`: the
    page model's module, when the builder is another module's function that a page calls."""

    def register(builder: Callable) -> Callable:
        BUILDERS.append((page or builder.__module__, builder, calls))
        return builder

    return register
