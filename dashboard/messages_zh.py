"""The Chinese templates of dashboard/messages.py, by key (messages_en.py has the same keys)."""

ZH = {
    "where.line": "{file} 第 {line} 行", "where.file": "{file}", "where.column": " {column} 列",
    "where.value": "，值 {value}", "where.then": "：{what}", "join.or": " 或 ", "join.list": "、",
    "empty": "（空）", "a_formula": "公式",
    "check.crashed": "无法检查（{error}）",
    "problems.more": "……另有 {more:,} 个问题没有列出（请先改好上面这些）",
    "file.missing": "缺少这个文件", "file.not_found": "找不到这个文件",
    "file.not_found_geo": "找不到这个文件（请运行 make geo 生成）",
    "read.unfollowable": "路径无法解析（{error}）",
    "read.outside": "路径指向数据文件夹以外",
    "read.unopenable": "无法打开（{error}）", "read.not_regular": "不是普通文件",
    "read.too_large": "超过允许的 {limit} MB（实有 {size:,} 字节）",
    "read.binary": "是二进制文件，不是文本",
    "read.refused": "拒绝读取：{why}",
    "read.undecodable": "无法解码（第 {byte:,} 字节处）：不是文本，或者保存时没有选 UTF-8 或 GB18030 编码",
    "read.empty": "文件是空的", "read.failed": "无法读取：{error}",
    "csv.cells": "这一行有 {cells} 格，表头只有 {header} 格：含逗号的内容要用英文双引号括起来（\"a, b\"）",
    "csv.open_quote": "有一个双引号开始的格子没有结束：请补上后面的双引号；"
                      "格子里本身的双引号要写两遍（\"\"）",
    "csv.unsplittable": "无法拆分成格子：请检查双引号和逗号",
    "column.missing": "缺少这一必填列", "value.required": "必须填写",
    "type.int": "应为整数", "type.number": "应为数字，如 52 或 9.04",
    "type.date": "应为日期，写成 YYYY-MM-DD（如 2025-01-15）", "type.text": "应为文字",
    "value.one_of": "应为下列之一：{values}",
    "value.one_of_open": "应为下列之一：{values}（也可以在 vocabularies.csv 里新增这个值并写上中英文名称，"
                         "见数据说明）",
    "id.format": "编号只能用小写字母 a-z、数字和下划线 _",
    "key.duplicate": "主键重复：每一行的主键必须不同",
    "ref.unknown": "{targets} 里没有这个编号",
    "vocabulary.builtin": "这已是 {vocabulary} 的内置取值：请删除这一行",
    "theme.expected": "应为主题（sectors.csv 中 group 为 theme 的板块）",
    "theme.not_industry": "应为 3+3 产业之一，不能填主题",
    "quote.not_in_source": "这段文字不在来源 {source} 的原文里",
    "supersedes.why": "请写明这个数字为什么取代 {source} 的数字",
    "supersedes.whose": "填了 supersedes_reason，就要在 supersedes 填上被取代数字的来源编号（source_id）",
    "supersedes.self": "一行不能取代自己来源的数字",
    "supersedes.no_row": "{source} 没有 {figure} 这一项：supersedes 应填同一指标、同一期间里被本行取代的"
                         "那个数字的来源",
    "supersedes.circle": "{figure} 的几行互相取代：其中只能有一行保留",
    "sources.disagree": "{figure} 在这一行是 {this_value}（来自 {this}），第 {line} 行却是 {that_value}"
                        "（来自 {that}）：{fix}",
    "sources.disagree.fix": "如果这个数字取代那个，就在本行 supersedes 填 {that}，并在 supersedes_reason "
                            "写明原因（如果保留那个，就在那一行的 supersedes 填 {this}）；如果其中一个是"
                            "笔误，改正即可",
    "sources.disagree.computed": "计算得出的数字既不能取代别的数字，也不能被取代：请改正或删除",
    "formula.required": "计算得出的数值要填写公式（formula）",
    "formula.cannot": "无法计算：{error}", "formula.gives": "按公式算得 {result}",
    "formula.too_long": "公式最多 {limit} 个字符",
    "formula.no_value": "observations.csv 里没有 {reference} 的数值",
    "formula.not_arithmetic": "不是算式：{only}",
    "formula.only": "只能用数字、指标@期间、+ - * / ( ) 和 round()",
    "formula.magnitude": "数字须在 ±{limit} 以内", "formula.division_by_zero": "除数为零",
    "source.needed": "报道或计数得出的数值要填写来源（source_id）和原句（source_quote）",
    "count.formula": "应写成 'count: A、B'：列出的项数等于 value，每一项都在原句里",
    "printed.required": "报道的数值必须填写原文写法（value_as_printed）",
    "printed.not_in_quote": "原文写法不在这一行的原句（source_quote）里",
    "printed.rank": "“{printed}”读作 {place}：排名的数值就是原文写的名次（第一、首位为 1，第七个为 7）",
    "printed.reads": "原文写的数字是 {number}",
    "printed.rank_words": "排名要填原文的名次写法，如 第一、第七个、第7名、首位、榜首（检查时与 value 比对）",
    "period.start_after_end": "开始日期不能晚于结束日期（{end}）",
    "period.year_within": "年度期间应在当年之内：起止日期都在 {year} 年；或者 year 填 {end_year}，"
                          "日期为 {end_year}-01-01 至 {end_year}-12-31",
    "period.year_of_end": "应为 {end_year}，即结束日期 {end} 所在的年份（按年份筛选时，这个期间归在这一年）",
    "period.end_needed": "归在 {year} 年的期间要填写结束日期（end_date）",
    "period.relative_pair": "relative_to（来源编号）和 relative_words（原文的时间词，如 目前、去年、"
                            "1—11月）要么都填，要么都不填",
    "period.words_unread": "应为看板能识别的时间词（目前、今年、去年、过去一年、近两年、1—11月、今年1—4月，"
                           "见数据说明）；或者 relative_to 留空，直接填写日期",
    "period.column_value": "{column} 为 {value}",
    "period.relative_reads": "{source}（{when} 发布）里的“{words}”应为 {should}：请照此填写；如果原文指的"
                             "是别的时段，relative_to 留空，并在 note 里说明理由",
    "geo.both": "经度和纬度要么都填，要么都不填",
    "geo.unplaced": "没有经纬度时填 'unplaced'，有经纬度时不能填",
    "geo.in_china": "应在 {low} 到 {high} 之间（中国境内）",
    "geo.source_licence": "有坐标的点要注明来源（source）和许可（licence）",
    "geo.expected": "应为{what}",
    "geo.feature": ' GeoJSON 要素（{{"type": "Feature", ...}}）',
    "geo.geometry": " Polygon 或 MultiPolygon：每个环至少 4 个中国境内的 [经度, 纬度]",
    "geo.properties": "含有 {names} 的对象", "geo.text": "文字",
    "geo.number": " {low} 到 {high} 之间的数字",
    "geo.collection": "应为 GeoJSON FeatureCollection",
    "geo.yongjia": "应有一个 adcode 为 {adcode} 的要素（永嘉县，地图打开时的位置）",
    "raw.problem": "{source} 的原始文本{why}；改好后才会核对它的数字的原句",
    "raw.not_found": "找不到", "raw.refused": "被拒绝读取：{why}",
    "raw.binary": "是二进制文件，不是文本（含 NUL 字节）",
    "raw.undecodable": "无法解码（第 {byte:,} 字节处）：不是文本，或者不是 UTF-8、GB18030 编码",
    "raw.html": "是 HTML（第 {line} 行：{tag}）：请保存浏览器里显示的正文，而不是网页源代码",
    "raw.bidi": "含有双向控制字符（U+{code}，第 {line} 行），会打乱文字的显示顺序：请从原始文件中删掉它，"
                "它不是文章的一部分",
    "cleaning.rule_error": "{source}：{error}",
    "cleaning.matches_nothing": "{source} 的第 {step} 步（{rule}）在文本里找不到匹配：请改正标记或行号范围，"
                                "或者删掉这一步",
    "cleaning.gloss": "{source} 清理后文本的第 {line} 行有一个像是转载网站插入的拼音注音的括号：请在 "
                      "cleaning.csv 里为它加一步 drop_glosses（它会删掉紧跟在汉字后、带声调的完整音节），"
                      "或者对照原网页核对原始文本",
    "cleaning.no_raw": "{source} 有清理步骤，但 sources.csv 里没有它的 raw_file",
    "cleaning.not_derived": "{source} 清理后的文本与按 raw_file 和 cleaning.csv 的步骤得到的不一致"
                            "（最先不同处：{where}）：请运行 `{fix}` 重新生成",
    "difference.line": "第 {line} 行", "difference.spaces": "行尾或空白", "difference.missing": "文件不存在",
    "rule.keep_after": "keep_after 需要一个标记：文章开始前那一行里的文字",
    "rule.keep_before": "keep_before 需要一个标记：文章结束后第一行里的文字",
    "rule.drop_lines": "drop_lines 的行号应写成 a-b 或 a（如 1-3），不能是 {argument}",
    "rule.drop_lines_order": "drop_lines 的行号须满足 1 <= a <= b，不能是 {argument}",
    "rule.unknown": "没有 {rule} 这条规则：可用的规则有 {rules}",
    "cli.could_not_check": "无法检查 {folder}：{error}",
    "cli.problems": "{folder} 里有 {count:,} 个问题",
    "cli.ok": "OK {folder}：{counts} 行；地图文件也没有问题",
    "cli.could_not_read": "无法读取 {folder}：{error}",
    "cli.mistake": "{prog}：{message}（--help 可查看用法）",
    "cli.no_folder": "找不到文件夹 {folder}", "cli.not_a_folder": "{folder} 不是文件夹",
    "cli.does_not_exist": "{path} 不存在",
    "cli.no_data_folder": "找不到数据文件夹 {folder}（DASHBOARD_DATA_DIR 或 data/）",
    "cli.argument": "参数 {name}：{message}", "cli.unrecognized": "无法识别的参数：{arguments}",
    "cli.required": "缺少必需的参数：{arguments}", "cli.expected_one": "需要跟一个值",
    "cli.invalid_choice": "无效的选项 {value}（可选：{choices}）",
    "clean.wrote": "已写入 {file}", "clean.differs": "{file}：不是 {source} 清理后的文本（{where}）",
    "clean.outside": "{file}：在 {folder} 以外，没有写入", "clean.failed": "{count} 个问题",
    "clean.ok_check": "OK {folder}：每个清理后的文本都与重新生成的一致（{count} 个来源）",
    "clean.ok": "OK {folder}：已生成清理后的文本（{count} 个来源）",
    "draft.source_id": "--source-id 只能用小写英文字母、数字和 _（如 yongjia_2025）",
    "draft.inside_data": "--out {out} 在数据文件夹 {data} 里面：草稿不能放在那里",
    "draft.exists": "{out} 里已经有草稿（已选“是”的行会丢失）：确要覆盖请加 --force",
    "draft.unreadable": "{file}：无法读取（{error}）",
    "draft.not_text": "{file}：不是文本文件（是二进制文件，或者不是 UTF-8、UTF-16、GB18030 编码）：请把文章"
                      "另存为文本（UTF-8）再生成草稿",
    "draft.written": "{out}：找到 {observations} 个候选数字（另有 {maybe} 个列在 maybe 表里，各注明了原因），"
                     "新指标 {indicators} 个，新期间 {periods} 个，"
                     "来源 1 行。\n请用 Excel 或 WPS 打开 {workbook}（第一张表“说明”写了怎么做；旁边的 CSV "
                     "文件内容相同，README.txt 有说明），在要保留的行的 accept 列选“是”，然后运行：\n"
                     "  python -m dashboard.draft merge {out}",
    "draft.raw": "{file}：这是转载的原始文本，已按 {count} 条清理规则读取（{rules}）：请在 cleaning 表里核对",
    "review.join": "；",
    "review.maybe": "存疑：{doubt}",
    "review.doubt.other_place": "这是{place}的数字，不是永嘉的",
    "review.doubt.land": "土地面积（{unit}）：数据不收录土地面积",
    "review.doubt.rent": "租金：数据不收录租金",
    "review.doubt.tourism": "旅游：数据不收录旅游方面的数字",
    "review.doubt.subsidy": "补贴或奖励金额：是政策规定的金额，不是全县的统计数字",
    "review.doubt.capacity": "项目产能（年产……）：不是全县的统计数字",
    "review.doubt.prose": "“{printed}”：用汉字写的小数目，是行文用语（如三大、一个、十项），不是统计数字",
    "review.doubt.policy": "“{printed}”：政策的条数，不是统计数字",
    "review.doubt.ordinal": "“{printed}”：名称里的序数词（如第一大支柱产业、第三极），不是排名",
    "review.doubt.no_noun": "没有找到这个数字自己的名词（读出的名称是“{label}”）：请补上名称，或者不采用",
    "review.doubt.no_period": "没有期间：数字前没有时间词，从文章日期也推算不出",
    "review.doubt.same_figure": "与 observations.csv 第 {line} 行是同一个数字",
    "review.one_means_a": "“{printed}”里的“一”常常只是泛指：不是在计数的话就不采用",
    "review.counts_a_list": "“{printed}”是文中列举的事项数（如三大传统产业）：很少作为指标",
    "review.in_quotes": "在引号（“…”）里：是数字，还是名称的一部分？请核对",
    "review.unit_read": "按上下文把单位读作“{unit}”",
    "review.unit_of_what": "“{printed}”：{unit}什么？请填写 unit_zh",
    "review.words_unreadable": "“{words}”无法推算：文中没有写年份，也没有给 --published 日期",
    "review.words_read": "“{words}”的推算基准：{when}",
    "review.stock_no_words": "存量数字前没有时间词：时点取{when}",
    "review.now_undated": "“{words}”没有推算日期（记为本来源自己的未标日期期间）：文中没有印日期，"
                          "{year}年只出现一次，像是某件事的年份；给了 --published 就按那天读",
    "review.now_undated_no_year": "“{words}”没有推算日期（记为本来源自己的未标日期期间）：文中没有印日期，"
                                  "也没有写年份；给了 --published 就按那天读",
    "review.when.published": "发布日期（{date}）",
    "review.when.latest": "文中提到的最晚年份 {year} 年的年底（没有给 --published）",
    "review.undated": "数字前没有时间词：期间记为 undated（未标日期）",
    "review.period.carried": "期间沿用前文的“{words}”：请核对",
    "review.period.from": "期间按“{words}”读取：{reading}",
    "review.period.new": "新期间：请核对起止日期和名称（label_en 是自动生成的）",
    "review.period.new_id": "新期间 {period}（periods.csv）",
    "review.zero": "零的突破：0 是上一年年底的数，请核对期间",
    "review.indicator.new": "新指标：请核对 label_zh 和 short_label_zh，补填 label_en、short_label_en、"
                            "unit_en",
    "review.indicator.guesses": "theme_id 和 measure（{measure}）是推测的",
    "review.source.header": "{columns} 取自文本开头的说明（--- 之前）：请核对",
    "review.indicator.industry": "说的是 {sector} 产业：合并后请在 sector_links.csv 里加一行"
                                 "（指标、{sector}、来源和原句）",
    "review.indicator.new_id": "新指标 {indicator}（indicators.csv）",
    "review.indicator.guess": "指标是推测的（匹配分 {score:.2f}）",
    "review.indicator.guess_runner": "指标是推测的（匹配分 {score:.2f}；其次是 {runner}，"
                                     "{runner_score:.2f}）",
    "review.converted": "原文单位是 {printed_unit}，{indicator} 以 {unit} 计：value 已换算；"
                        "检查时比对的是原文写的数字，所以最好选以 {printed_unit} 计的指标",
    "review.qualifier": "qualifier 为 {qualifier}：{lost}",
    "review.lost.passed": "“{words}”读作 more_than（超过）",
    "review.lost.or_more": "“{words}”是“及以上”（不少于），more_than 的意思是“超过”",
    "review.lost.nearly": "“{words}”是“将近”（略少于），approx 表达不出是偏少",
    "review.lost.close_to": "“{words}”是“接近”（略少于），approx 表达不出是偏少",
    "review.lost.under": "“{words}”是“少于”，qualifier 没有 less_than，approx 最接近",
    "review.basis.estimate": "basis 为 estimate：原文说这是预计数",
    "review.basis.target": "basis 为 target：原文说这是目标数",
    "review.known.same": "数据里已有 {indicator}@{period} = {known}：是同一个数字，可以作为第二处原句采用",
    "review.known.different": "数据里已有 {indicator}@{period} = {known}：数字不同：不采用，或改选别的指标"
                              "或期间，或者在保留的那一行填写 supersedes 和 supersedes_reason",
    "review.repeat.figure": "与 observations.csv 第 {line} 行是同一个数字：只采用其中一行",
    "review.repeat.key": "与 observations.csv 第 {line} 行的指标和期间相同：只采用其中一行",
    "review.source.title": "标题和作者取自文章开头几行：请核对",
    "review.source.column": "原文印有栏目的，请填写 column（栏目）",
    "review.source.published": "published 为空（没有给 --published）：知道发布日期的请填上，写成 YYYY-MM-DD",
    "review.source.authors": "没有找到作者：请填写 authors",
    "review.honour.check": "请补填 honour_en，并核对 level",
    "review.honour.year_latest": "年份按文中提到的最晚年份读作 {year}（没有给 --published）：请核对",
    "review.honour.new_id": "新的 honour_id {honour}：请改成简短的英文编号",
    "review.honour.no_year": "没有年份：文中没有写，也没有给 --published 日期；请填写 period_id",
    "review.honour.run": "“{run}”：读作 {year} 年也获得了",
    "review.honour.run_undated": "“{run}”：更早的某一年也获得了，原文推算不出是哪一年：请填写 period_id",
    "review.honour.accept_if_new": "只有 honours.csv 里还没有这一条时才采用",
    "review.cleaning.matched": "匹配了 {count} 处；如果还留有转载网站的菜单或广告，请另加 keep_after、"
                               "keep_before 或 drop_lines 的行",
    "review.time.no_year": "原文没有写年份：读作 {year} 年",
    "review.time.year": "读作 {year} 年",
    "review.time.day": "某一天（{day}）：当天的流量，或当时的存量",
    "review.time.month": "单月：kind 没有“月”这一类，记为 year_to_date，从当月 1 日算起",
    "review.time.recent": "“{words}”读作 {span} 年：即截至 {on} 已经结束的完整年份，是近似的",
    "review.time.relative_year": "“{words}”读作 {year} 年（按 {on} 推算）",
    "review.time.now": "“{words}”读作截至 {on}",
    "review.time.vague": "“{words}”：原文没有给出日期",
    "review.time.zero": "{year} 年实现零的突破：{before} 年底还没有",
    "review.time.stock": "存量数字前没有时间词：按 {date} 的时点读取",
    "draft.readme": """\
稿件 {source_id} 的数据草稿，由 python -m dashboard.draft 从 {name} 生成。
这里的内容还没有进入数据。

{workbook}
    与下面各个 CSV 内容相同的工作簿：带代码的列有下拉列表，第一张表“说明”写了怎么做。
    工作簿和 CSV 用其一即可，不要两边都改。

observations.csv
    文中找到的数字，每个一行（共 {count} 行），列与 data/observations.csv 相同，另加：
    accept（是否保留）、review（需要你判断的事项）、unit_zh（value 的单位）、
    indicator_label_zh、confidence（指标匹配的把握，0 到 1；新指标为空）、
    period_words（读出期间所依据的原文时间词）、line 和 offset（数字在文章文件里的位置）。
maybe.csv
    工具没有把握的数字（{maybe} 行），列与 observations.csv 相同，review 列开头写明原因。
    确实是要的数字，也可以保留。
indicators.csv
    保留的行要用到的新指标（{indicators} 行）：补填 label_en、short_label_en、unit_en，
    核对 label_zh、theme_id、measure。
periods.csv
    保留的行要用到的新期间（{periods} 行）。
honours.csv
    文中写到的本县获得的荣誉（{honours} 行）。
sources.csv
    这篇稿件的来源行：核对 title、authors、published。
cleaning.csv
    转载原文的清理规则（文章是收到的转载原文时才有）。
{text_file}
    收到的文章原文。

怎么做：
1. 打开 observations.csv，逐行看 review 和 source_quote。需要改的格子直接改（indicator_id、
   period_id、value、qualifier、note 等）。source_quote 和 value_as_printed 保持原样：
   它们必须与原文一字不差。
2. 要保留的行，在 accept 填“是”（或 y、Y、✓）；不要的行留空。
3. 保留的行用到的新指标、新期间，在 indicators.csv 和 periods.csv 里同样填 accept；
   sources.csv 的来源行也要填（数据里已有这个来源时不用）。
4. 另存为 CSV（最好选“CSV UTF-8”，普通 CSV 也可以）。日期保持 YYYY-MM-DD 的写法。
5. 合并：make merge-draft DRAFT={folder}（或者 python -m dashboard.draft merge {folder}）
   数据里已有的主键，合并时会被拒绝；合并后的数据通过检查才会写入，否则逐条列出问题，
   并写明在本文件夹哪个文件的哪一行。文件要么全部改动，要么一个也不改；被替换的文件
   保存在数据文件夹的 backups\\<日期-时间>\\ 里（那里的 README.txt 说明怎样撤销合并）。
""",
    "merge.at_csv": "草稿 {file} 第 {line} 行", "merge.at_sheet": "{book} 的 {sheet} 表第 {row} 行",
    "merge.no_accept": "{where}：没有 accept 列",
    "merge.sheet_no_accept": "{book} 的 {sheet} 表第一行没有 accept 列",
    "merge.not_workbook": "{path}：无法作为工作簿（.xlsx）读取：{error}",
    "merge.workbooks": "{folder} 里有 {count} 个工作簿：请合并你改过的那个，如 "
                       "python -m dashboard.draft merge {first}",
    "merge.both": "{book} 和 {folder} 的 CSV 文件里都有选了“是”的行：请只合并你改过的那一份："
                  "python -m dashboard.draft merge {path} 或 python -m dashboard.draft merge {csv}",
    "merge.accept_source": "{where}：请在 sources 这一行的 accept 选“是”（数据里还没有这个来源）",
    "merge.key_exists": "{where}：{key} 为 {value} 的行已在 {at}",
    "merge.at_data": "{file} 第 {line} 行",
    "merge.no_article": "{where}：{column} {file} 在草稿文件夹里不存在",
    "merge.other_article": "{where}：{column} {file}：数据文件夹里这个位置已有另一个文件",
    "merge.from": "{problem}（来自{where}）",
    "merge.nothing_accepted": "{draft} 里没有选“是”的行：请在要保留的行的 accept 列选“是”（或填 y）",
    "merge.nothing_written": "\n没有写入 {data}",
    "merge.problems": "\n共 {count} 个问题：没有写入 {data}；请在草稿里改好后再合并",
    "merge.would": "可以合并到 {data}：{counts}；合并后的数据通过检查",
    "merge.unwritable": "无法写入 {path}：{error}",
    "merge.half": "数据文件夹可能只合并了一部分：请把 {backup} 里的文件复制回去（那里的 README.txt 有说明）",
    "merge.close": "请关闭这个文件（Excel 或 WPS 打开文件时会锁住它）后再合并：{data} 里什么也没有改",
    "merge.done": "已合并到 {data}：{counts}",
    "merge.backup": "被替换的文件保存在 {backup}（要撤销这次合并，见那里的 README.txt）",
}
