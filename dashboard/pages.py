"""The page list, once: the app's navigation, the tests, the benchmarks and the load test read it.

A new page is one line here and one file in views/."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageInfo:
    slug: str       # URL path below the app's base ("" for the default page)
    path: str       # the page file, relative to dashboard/ (where app.py is)
    title_key: str  # i18n key of its title in the navigation and its st.title
    icon: str       # an emoji: inlined (a :material/ icon would be fetched from a font host)

    @property
    def name(self) -> str:
        """A short name for results and screenshots: 'overview', 'industry', ..."""
        return self.path.removeprefix("views/").removesuffix(".py")

    @property
    def url_path(self) -> str:
        """The path after the base URL: '/' or '/industry'."""
        return "/" + self.slug


PAGES: tuple[PageInfo, ...] = (
    PageInfo("", "views/overview.py", "page.overview", "📊"),
    PageInfo("industry", "views/industry.py", "page.industry", "🏭"),
    PageInfo("talent", "views/talent.py", "page.talent", "🎓"),
    PageInfo("innovation", "views/innovation.py", "page.innovation", "💡"),
    PageInfo("trends", "views/trends.py", "page.trends", "📈"),
    PageInfo("indicator", "views/indicator.py", "page.indicator", "🔎"),
    PageInfo("map", "views/map.py", "page.map", "🗺️"),
    PageInfo("sources", "views/sources.py", "page.sources", "📚"),
)
