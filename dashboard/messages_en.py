"""The English templates of dashboard/messages.py, by key (messages_zh.py has the same keys)."""

EN = {
    # where a problem is, and how it is joined to what is wrong
    "where.line": "{file}:{line}", "where.file": "{file}", "where.column": " column {column}",
    "where.value": " value {value}", "where.then": ": {what}", "join.or": " or ", "join.list": ", ",
    "empty": "(empty)", "a_formula": "a formula",
    # any check
    "check.crashed": "could not be checked ({error})",
    "problems.more": "… and {more:,} more problems not listed (fix these first)",
    "file.missing": "file is missing", "file.not_found": "file not found",
    "file.not_found_geo": "file not found (run make geo)",
    # reading a file
    "read.unfollowable": "the path cannot be followed ({error})",
    "read.outside": "the path leads outside the data folder",
    "read.unopenable": "cannot be opened ({error})", "read.not_regular": "not a regular file",
    "read.too_large": "larger than the {limit} MB allowed ({size:,} bytes)",
    "read.binary": "a binary file, not text",
    "read.refused": "refused: {why}",
    "read.undecodable": "cannot be decoded (byte {byte:,}): not text, or not saved as UTF-8 or GB18030",
    "read.empty": "file is empty", "read.failed": "cannot be read: {error}",
    "csv.cells": "{cells} cells where the header has {header}: put a value containing a comma in double "
                 "quotes (\"a, b\")",
    "csv.open_quote": "a double quote opens a cell that is never closed: close it, and write a quote "
                      "inside a cell twice (\"\")",
    "csv.unsplittable": "cannot be split into cells: check the double quotes and commas",
    # the generic checks
    "column.missing": "required column is missing", "value.required": "a value is required",
    "type.int": "expected a whole number", "type.number": "expected a number such as 52 or 9.04",
    "type.date": "expected a date as YYYY-MM-DD", "type.text": "expected text",
    "value.one_of": "expected one of {values}",
    "value.one_of_open": "expected one of {values} (or add the value to vocabularies.csv with its labels; "
                         "see the codebook)",
    "id.format": "an id: lowercase letters a-z, digits and _",
    "key.duplicate": "duplicate key: each row needs its own",
    "ref.unknown": "no such id in {targets}",
    "vocabulary.builtin": "already a built-in {vocabulary}: remove this row",
    "theme.expected": "expected a sector whose group is theme",
    "theme.not_industry": "expected one of the 3+3 industries, not a theme",
    # figures, quotes and sources
    "quote.not_in_source": "this text is not in the source {source}",
    "supersedes.why": "say why this figure replaces the one from {source}",
    "supersedes.whose": "a supersedes_reason needs the source_id whose figure this one replaces",
    "supersedes.self": "a row cannot replace its own source's figure",
    "supersedes.no_row": "{source} has no row for {figure}: supersedes names the source whose figure for "
                         "the same indicator and period this row replaces",
    "supersedes.circle": "the rows for {figure} replace each other: exactly one of them can stand",
    "sources.disagree": "{figure} is {this_value} from {this} here but {that_value} from {that} on line "
                        "{line}: {fix}",
    "sources.disagree.fix": "if this figure replaces that one, write {that} in this row's supersedes and "
                            "why in supersedes_reason (if that one stands, write {this} in its "
                            "supersedes); if one is a typo, correct it",
    "sources.disagree.computed": "a computed figure can neither replace nor be replaced: correct or "
                                 "remove it",
    "formula.required": "a computed value needs a formula",
    "formula.cannot": "cannot compute: {error}", "formula.gives": "the formula gives {result}",
    "formula.too_long": "a formula of at most {limit} characters",
    "formula.no_value": "{reference} has no value in observations.csv",
    "formula.not_arithmetic": "not arithmetic: {only}",
    "formula.only": "only numbers, indicator@period, + - * / ( ) and round() are allowed",
    "formula.magnitude": "numbers within ±{limit}", "formula.division_by_zero": "division by zero",
    "source.needed": "a reported or counted value needs its source and sentence",
    "count.formula": "'count: A、B' naming as many items as value, each in the quote",
    "printed.required": "the figure as printed is required for a reported value",
    "printed.not_in_quote": "the figure as printed is not in its source_quote",
    "printed.rank": "{printed} reads as {place}: a rank is the place as printed (第一 and 首位 are 1, "
                    "第七个 is 7)",
    "printed.reads": "the printed figure reads {number}",
    "printed.rank_words": "a rank's place as printed: 第一, 第七个, 第7名, 首位, 榜首 (the validator "
                          "compares it with value)",
    # periods
    "period.start_after_end": "a start on or before the end ({end})",
    "period.year_within": "a year period lies within its year: both dates in {year}, or year {end_year} "
                          "with {end_year}-01-01 to {end_year}-12-31",
    "period.year_of_end": "{end_year}, the year of end_date {end} (the year filter files the period "
                          "under it)",
    "period.end_needed": "a period filed under year {year} needs its end_date",
    "period.relative_pair": "relative_to (a source_id) and relative_words (the time words as printed: "
                            "目前, 去年, 1—11月) go together",
    "period.words_unread": "time words the dashboard can read (目前, 今年, 去年, 过去一年, 近两年, "
                           "1—11月, 今年1—4月; see the codebook), or leave relative_to empty and write "
                           "the dates",
    "period.column_value": "{column} {value}",
    "period.relative_reads": "“{words}” in {source} (published {when}) reads as {should}: write those, or "
                             "if the source means another span, leave relative_to empty and say why in "
                             "note",
    # the map's files
    "geo.both": "give both coordinates, or neither",
    "geo.unplaced": "'unplaced' exactly when there are no coordinates",
    "geo.in_china": "expected {low} to {high} (China)",
    "geo.source_licence": "a placed point names its source and licence",
    "geo.expected": "expected {what}",
    "geo.feature": 'a GeoJSON Feature ({{"type": "Feature", ...}})',
    "geo.geometry": "a Polygon or MultiPolygon: rings of 4 or more [lon, lat] in China",
    "geo.properties": "an object with {names}", "geo.text": "a text",
    "geo.number": "a number from {low} to {high}",
    "geo.collection": "expected a GeoJSON FeatureCollection",
    "geo.yongjia": "expected a feature with adcode {adcode} (Yongjia, where the map opens)",
    # source texts and their cleaning
    "raw.problem": "the raw text of {source} {why}; its figures' quotes are checked once it is fixed",
    "raw.not_found": "is not found", "raw.refused": "is refused: {why}",
    "raw.binary": "is a binary file, not text (it holds NUL bytes)",
    "raw.undecodable": "cannot be decoded (byte {byte:,}): not text, or not UTF-8 or GB18030",
    "raw.html": "is HTML (line {line}: {tag}): save the page's text as a browser shows it, not its source",
    "raw.bidi": "carries a bidi control character (U+{code}, line {line}), which reorders what is shown: "
                "remove it from the raw file; it is no part of the article",
    "cleaning.rule_error": "{source}: {error}",
    "cleaning.matches_nothing": "step {step} ({rule}) of {source} matches nothing in its text: correct "
                                "the marker or range, or remove the step",
    "cleaning.gloss": "line {line} of {source}'s cleaned text holds a bracket that reads as a pinyin gloss "
                      "the copy site inserted: add a drop_glosses step for it in cleaning.csv (it removes "
                      "whole syllables with tone marks right after a Han character), or check the raw "
                      "text against the page it came from",
    "cleaning.no_raw": "{source} has cleaning steps but no raw_file in sources.csv",
    "cleaning.not_derived": "the cleaned text of {source} is not what its raw_file and cleaning.csv's "
                            "steps give (first difference: {where}): run `{fix}` to derive it again",
    "difference.line": "line {line}", "difference.spaces": "line ends or spaces",
    "difference.missing": "missing",
    "rule.keep_after": "keep_after needs a marker: text on the line after which the article starts",
    "rule.keep_before": "keep_before needs a marker: text on the first line after the article",
    "rule.drop_lines": "drop_lines needs lines as a-b or a (e.g. 1-3), not {argument}",
    "rule.drop_lines_order": "drop_lines needs 1 <= a <= b, not {argument}",
    "rule.unknown": "no rule {rule}: the rules are {rules}",
    # python -m dashboard.check_data and python -m dashboard.clean_sources
    "cli.could_not_check": "could not check {folder}: {error}",
    "cli.problems": "{count:,} problem(s) in {folder}",
    "cli.ok": "OK {folder}: {counts} rows; the map's files too",
    "cli.could_not_read": "could not read {folder}: {error}",
    "cli.mistake": "{prog}: {message} (--help shows how)",
    "cli.no_folder": "no folder {folder}", "cli.not_a_folder": "{folder} is not a folder",
    "cli.does_not_exist": "{path} does not exist",
    "cli.no_data_folder": "no data folder {folder} (DASHBOARD_DATA_DIR or data/)",
    # argparse's own words (cli.Parser.error), as it writes them
    "cli.argument": "argument {name}: {message}", "cli.unrecognized": "unrecognized arguments: {arguments}",
    "cli.required": "the following arguments are required: {arguments}",
    "cli.expected_one": "expected one argument",
    "cli.invalid_choice": "invalid choice: {value} (choose from {choices})",
    "clean.wrote": "wrote {file}", "clean.differs": "{file}: not the cleaned text of {source} ({where})",
    "clean.outside": "{file}: outside {folder}, not written", "clean.failed": "{count} problem(s)",
    "clean.ok_check": "OK {folder}: every cleaned text is its re-derivation ({count} sources)",
    "clean.ok": "OK {folder}: cleaned texts derived ({count} sources)",
    # python -m dashboard.draft
    "draft.source_id": "--source-id: lowercase ASCII letters, digits and _ only (e.g. yongjia_2025)",
    "draft.inside_data": "--out {out} is inside the data folder {data}: drafts never go there",
    "draft.exists": "{out} has a draft already (accepted rows would be lost): --force to overwrite",
    "draft.unreadable": "{file}: cannot be read ({error})",
    "draft.not_text": "{file}: not a text file (binary, or not UTF-8, UTF-16 or GB18030): save the article "
                      "as text (UTF-8) and draft that",
    "draft.written": "{out}: {observations} candidate observations ({maybe} more on the maybe list, each "
                     "with why), {indicators} new indicators, "
                     "{periods} new periods, 1 sources row.\nOpen {workbook} in Excel or WPS (its first "
                     "sheet says what to do; the CSVs beside it hold the same tables, README.txt says "
                     "how), mark accept for the rows to keep, then:\n  python -m dashboard.draft merge {out}",
    "draft.raw": "{file}: a raw reprint, read through {count} cleaning rule(s) ({rules}): check them in the "
                 "cleaning sheet",
    # the draft's review column (what the analyst must still decide, a row's items joined by
    # review.join) and its README.txt: python -m dashboard.draft
    "review.join": "; ",
    "review.maybe": "MAYBE: {doubt}",
    "review.doubt.other_place": "a figure of {place}, not Yongjia's",
    "review.doubt.land": "a land area ({unit}): land areas are left out of the data",
    "review.doubt.rent": "a rent: rents are left out of the data",
    "review.doubt.tourism": "tourism: left out of the data",
    "review.doubt.subsidy": "a subsidy or reward amount: a policy's amount, not a figure of the county's",
    "review.doubt.capacity": "a project's capacity (年产…): not a figure of the county's",
    "review.doubt.prose": "{printed}: a small count in words, prose (三大, 一个, 十项) rather than a figure",
    "review.doubt.policy": "{printed}: the articles of a policy, not a figure",
    "review.doubt.ordinal": "{printed}: an ordinal in a name (第一大支柱产业, 第三极), not a rank",
    "review.doubt.no_noun": "no noun of its own found (label {label!r}): fill the label, or reject",
    "review.doubt.no_period": "no period: no time words for it, and none the text's date can give",
    "review.doubt.same_figure": "the same figure as observations.csv:{line}",
    "review.one_means_a": "{printed} often means 'a': reject unless it counts something",
    "review.counts_a_list": "{printed} counts a list the text names (三大传统产业): rarely an indicator",
    "review.in_quotes": "inside quotation marks (“…”): a figure, or part of a name? check",
    "review.unit_read": "unit read as {unit} from the words around it",
    "review.unit_of_what": "{printed}: {unit} of what? fill unit_zh",
    "review.words_unreadable": "“{words}” cannot be read: the text names no year and has no --published "
                               "date",
    "review.words_read": "“{words}” read against {when}",
    "review.now_undated": "“{words}” left undated (the source's own undated period): the text prints no "
                          "date and names {year} once only, as an event's year; with --published it is "
                          "read as at that date",
    "review.now_undated_no_year": "“{words}” left undated (the source's own undated period): the text "
                                  "prints no date and names no year; with --published it is read as at "
                                  "that date",
    "review.stock_no_words": "a stock with no time words: read as at {when}",
    "review.when.published": "published {date}",
    "review.when.latest": "the end of {year}, the latest year the text names (no --published)",
    "review.undated": "no time words before the figure: undated",
    "review.period.carried": "period carried from an earlier sentence (“{words}”): check",
    "review.period.from": "period from “{words}”: {reading}",
    "review.period.new": "NEW period: check the dates and labels (label_en generated)",
    "review.period.new_id": "NEW period {period} (periods.csv)",
    "review.zero": "零的突破: the 0 is for the end of the year before: check the period",
    "review.indicator.new": "NEW indicator: check label_zh and short_label_zh; fill label_en, "
                            "short_label_en, unit_en",
    "review.indicator.guesses": "theme_id and measure ({measure}) are guesses",
    "review.source.header": "{columns} read from the text's header (before ---): check",
    "review.indicator.industry": "names the industry {sector}: add a sector_links.csv row (indicator, "
                                 "{sector}, the source and its words) after the merge",
    "review.indicator.new_id": "NEW indicator {indicator} (indicators.csv)",
    "review.indicator.guess": "indicator is a guess (score {score:.2f})",
    "review.indicator.guess_runner": "indicator is a guess (score {score:.2f}; next: {runner} "
                                     "{runner_score:.2f})",
    "review.converted": "printed in {printed_unit}, {indicator} counts in {unit}: value converted; the "
                        "validator compares the printed number, so prefer an indicator in {printed_unit}",
    "review.qualifier": "qualifier {qualifier}: {lost}",
    "review.lost.passed": "{words} (passed) read as more_than",
    "review.lost.or_more": "{words} is 'or more' (at least); more_than says 'over'",
    "review.lost.nearly": "{words} is 'nearly' (just under); approx loses the direction",
    "review.lost.close_to": "{words} is 'close to' (just under); approx loses the direction",
    "review.lost.under": "{words} is 'under'; the schema has no less_than, approx is the closest",
    "review.basis.estimate": "basis estimate: the text says it is an estimate",
    "review.basis.target": "basis target: the text says it is a target",
    "review.known.same": "data already has {indicator}@{period} = {known}: the same figure, accept it as "
                         "a second quote",
    "review.known.different": "data already has {indicator}@{period} = {known}: a different figure: reject, "
                              "choose another indicator or period, or fill supersedes and "
                              "supersedes_reason on the row that stands",
    "review.repeat.figure": "the same figure as observations.csv:{line}: accept one",
    "review.repeat.key": "same indicator and period as observations.csv:{line}: accept one",
    "review.source.title": "title and authors read from the first lines: check them",
    "review.source.column": "fill column (栏目) if printed",
    "review.source.published": "published: empty (no --published); fill it if known, as YYYY-MM-DD",
    "review.source.authors": "authors not found: fill them",
    "review.honour.check": "check honour_en (fill it) and level",
    "review.honour.year_latest": "year read as {year}, the latest the text names (no --published): check",
    "review.honour.new_id": "NEW honour_id {honour}: give it a short English id",
    "review.honour.no_year": "no year: the text names none and has no --published date; fill period_id",
    "review.honour.run": "{run}: read as received in {year} too",
    "review.honour.run_undated": "{run}: received in an earlier year too, which the text does not date: "
                                 "fill period_id",
    "review.honour.accept_if_new": "accept only if honours.csv does not have it yet",
    "review.cleaning.matched": "matched {count} time(s); add keep_after/keep_before/drop_lines rows for the "
                               "copy site's menus and ads if any are left",
    # how time words were read (timewords.Period.note): the review's reading, in English the note
    # of a new periods.csv row
    "review.time.no_year": "no year printed: read as {year}",
    "review.time.year": "read as {year}",
    "review.time.day": "a day ({day}): a flow on that day or a stock then",
    "review.time.month": "one month: the schema has no month kind; year_to_date from that month's first day",
    "review.time.recent": "{words} read as {span}: the calendar years completed by {on}; approximate",
    "review.time.relative_year": "{words} read as {year} ({on})",
    "review.time.now": "{words} read as {on}",
    "review.time.vague": "{words}: the text gives no date",
    "review.time.zero": "零的突破 (first ever) in {year}: none at the end of {before}",
    "review.time.stock": "a stock with no time words: read as at {date}",
    "draft.readme": """\
Draft for source {source_id}, made by python -m dashboard.draft from {name}.
Nothing here is in the data yet.

{workbook:<17} the same tables as a workbook, with dropdowns for the coded columns
                  and its first sheet (说明) saying what to do, in Chinese. Use the workbook or
                  the CSVs, not both.

observations.csv  one row per figure found in the article ({count} rows), in the columns of
                  data/observations.csv, plus: accept, review (what you must still decide),
                  unit_zh (the unit of value), indicator_label_zh, confidence (of the indicator
                  match, 0 to 1; empty for a new indicator), period_words (the words the period
                  was read from), line and offset (where the figure is in the article file).
maybe.csv         figures the tool does not stand behind ({maybe} rows), in the same columns;
                  each row's review starts with why. Accept one if it is a figure after all.
indicators.csv    new indicators the rows need ({indicators}): fill label_en, short_label_en,
                  unit_en; check label_zh, theme_id, measure.
periods.csv       new periods the rows need ({periods}).
honours.csv       honours the article says the county received ({honours}).
sources.csv       the row for this article: check title, authors, published.
cleaning.csv      for a reprint as received: the cleaning rules its text was read through.
{text_file}   the article, as received.

What to do:
1. Open observations.csv. Read each row's review and source_quote. Correct any cell you need
   (indicator_id, period_id, value, qualifier, note...). Keep source_quote and
   value_as_printed as they are: they must stay in the article word for word.
2. Write y (or Y, 是, ✓) in accept for each row to keep; leave the others empty.
3. Do the same in indicators.csv and periods.csv for the new rows the kept rows use, and in
   sources.csv (unless the source is already in the data).
4. Save as CSV (CSV UTF-8 is best; plain CSV works too). Keep dates as YYYY-MM-DD.
5. Merge:   make merge-draft DRAFT={folder}      (python -m dashboard.draft merge {folder})
   It refuses rows whose key the data has already, and writes nothing unless the merged data
   passes the validator; otherwise it lists each problem with its line in this folder's files.
   It changes every file or none, and keeps the files it replaced in the data folder's
   backups/<date-time>/ (its README.txt says how to undo the merge).
""",
    # python -m dashboard.draft merge
    "merge.at_csv": "draft {file}:{line}", "merge.at_sheet": "{book} sheet {sheet}, row {row}",
    "merge.no_accept": "{where}: no accept column",
    "merge.sheet_no_accept": "{book} sheet {sheet} has no accept column in its first row",
    "merge.not_workbook": "{path}: cannot be read as a workbook (.xlsx): {error}",
    "merge.workbooks": "{folder} has {count} workbooks: merge the one you edited, e.g. "
                       "python -m dashboard.draft merge {first}",
    "merge.both": "rows are accepted both in {book} and in the CSVs of {folder}: merge the one you edited, "
                  "python -m dashboard.draft merge {path} or python -m dashboard.draft merge {csv}",
    "merge.accept_source": "{where}: accept the sources row (its source is not in the data yet)",
    "merge.key_exists": "{where}: {key} {value} is already in {at}",
    "merge.at_data": "{file}:{line}",
    "merge.no_article": "{where}: {column} {file}: no such file in the draft folder",
    "merge.other_article": "{where}: {column} {file}: the data folder has another file there",
    "merge.from": "{problem} (from {where})",
    "merge.nothing_accepted": "nothing accepted in {draft}: mark accept (是 or y) in the rows to keep",
    "merge.nothing_written": "\nnothing written to {data}",
    "merge.problems": "\n{count} problem(s): nothing written to {data}; fix them in the draft and merge "
                      "again",
    "merge.would": "would merge into {data}: {counts}; the merged data passes the validator",
    "merge.unwritable": "cannot write {path}: {error}",
    "merge.half": "the data folder may be half merged: copy back the files of {backup} (its README.txt "
                  "says how)",
    "merge.close": "close it (Excel or WPS locks a file it has open) and merge again: nothing was changed "
                   "in {data}",
    "merge.done": "merged into {data}: {counts}",
    "merge.backup": "the files it replaced are in {backup} (its README.txt says how to undo the merge)",
}
