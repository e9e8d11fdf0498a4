"""How well the drafter does on an article whose observations are already in the data: run it on
the shipped article and compare with observations.csv (python -m dashboard.draft measure).

A shipped `reported` row is found when some proposal has
- its value (compared as numbers) and unit (the proposal's unit_zh = the indicator's unit_zh),
- its qualifier,
- a quote that contains the row's quote and is itself in the article (both normalised: all white
  space removed, as the validator compares them).
Indicator and period are counted too, apart (they are what the analyst checks first).

A proposal is noise when it gives no figure of observations.csv: no row of the same value whose
quote its quote contains. A second proposal of a row found already (the article prints 零的突破
twice) is a repeat, not noise. `computed` rows have no quote and `counted` rows no printed figure,
so neither can be proposed; they are listed apart."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from dashboard.draft.propose import propose
from dashboard.reading import decode, normalise, read_table


@dataclass
class Measure:
    rows: int = 0  # reported rows in observations.csv
    found: list[str] = field(default_factory=list)  # indicator@period of the rows found
    missed: list[str] = field(default_factory=list)  # ... not found, with the closest proposal
    right_indicator: int = 0
    right_period: int = 0
    excluded: list[str] = field(default_factory=list)  # computed and counted rows
    proposals: int = 0
    noise: list[str] = field(default_factory=list)  # value_as_printed of each noise proposal
    repeats: int = 0
    right: int = 0  # proposals right in every part: a row of the source with their value,
    # qualifier, basis and period, and their indicator or their label (one holds the other)
    maybe: int = 0  # figures on the maybe list: not proposals

    @property
    def recall(self) -> float:
        return len(self.found) / self.rows if self.rows else 0.0

    def report(self) -> str:
        lines = [
            f"reported rows found: {len(self.found)} of {self.rows} ({self.recall:.0%}) with the right "
            "value, unit, qualifier and quote",
            f"  of these, right indicator {self.right_indicator}, right period {self.right_period}",
            f"  not proposable (excluded): {len(self.excluded)}: {', '.join(self.excluded)}",
            f"proposals: {self.proposals}; noise {len(self.noise)} ({', '.join(self.noise)}); "
            f"repeats {self.repeats}; right in every part {self.right}; on the maybe list {self.maybe}",
        ]
        lines += [f"  missed: {m}" for m in self.missed]
        return "\n".join(lines)


def measure_all(data: Path, against: Path | None = None) -> str:
    """One line per source that has reported rows in the data: proposals, rows found, recall,
    noise (python -m dashboard.draft measure --all). A source the drafter was developed on is an
    upper bound; data/README.md says which."""
    shipped = read_table(data / "observations.csv")
    reported = shipped[shipped["derivation"] == "reported"]["source_id"]
    lines = [f"{'source':<34}{'proposed':>9}{'right':>6}{'noise':>6}{'maybe':>6}{'rows':>6}{'found':>6}"
             f"{'recall':>7}"]
    for source_id in sorted(set(reported) - {""}):
        m = measure(data, source_id, against)
        lines.append(f"{source_id:<34}{m.proposals:>9}{m.right:>6}{len(m.noise):>6}{m.maybe:>6}{m.rows:>6}"
                     f"{len(m.found):>6}{m.recall:>7.0%}")
    return "\n".join(lines)


def measure(data: Path, source_id: str = "yongjia_2024", against: Path | None = None) -> Measure:
    """The drafter on `source_id`'s text, its proposals matched against the data folder `against`
    (default `data`; tests/fixtures/first_article is the data before any other text was entered,
    so a text's own rows do not help), compared with `data`'s rows of that source."""
    sources = read_table(data / "sources.csv").set_index("source_id")
    text = decode((data / sources.loc[source_id, "text_file"]).read_bytes())
    article = normalise(text)
    indicators = read_table(data / "indicators.csv")
    units = dict(zip(indicators["indicator_id"], indicators["unit_zh"]))
    labels = {r["indicator_id"]: (r["label_zh"], r["short_label_zh"]) for r in indicators.to_dict("records")}
    shipped = read_table(data / "observations.csv")
    own = ["", source_id] if source_id == "yongjia_2024" else [source_id]  # the first article's rows
    shipped = shipped[shipped["source_id"].isin(own)]
    published = sources.loc[source_id].get("published", "")
    draft = propose(text, source_id, against or data,
                    published=date.fromisoformat(published) if published else None).tables
    proposals = draft["observations"].to_dict("records")

    def gives(p: dict, s: dict) -> bool:  # the proposal is about this row's figure
        return (s["source_quote"] != "" and normalise(s["source_quote"]) in normalise(p["source_quote"])
                and float(p["value"]) == float(s["value"]))

    rows = shipped.to_dict("records")
    result = Measure(proposals=len(proposals), maybe=len(draft["maybe"]))

    def same(p: dict, s: dict) -> bool:  # right in every part the analyst would otherwise correct
        if (p["qualifier"], p["period_id"], p.get("basis") or "actual") != (
                s["qualifier"], s["period_id"], s.get("basis") or "actual"):
            return False
        own = p["indicator_label_zh"].strip("“”")
        return p["indicator_id"] == s["indicator_id"] or any(
            own and x and (own in x.strip("“”") or x.strip("“”") in own) for x in labels[s["indicator_id"]])

    for s in rows:
        key = f"{s['indicator_id']}@{s['period_id']}"
        if s["derivation"] != "reported":
            result.excluded.append(f"{key} ({s['derivation']})")
            continue
        result.rows += 1
        candidates = [p for p in proposals if gives(p, s)]
        right = [p for p in candidates
                 if p["unit_zh"] == units[s["indicator_id"]] and p["qualifier"] == s["qualifier"]
                 and normalise(p["source_quote"]) in article]
        if not right:
            got = ("no proposal" if not candidates else
                   "proposed {value} {unit_zh} {qualifier}".format(**candidates[0]))
            result.missed.append(f"{key} {s['value_as_printed']}: {got}")
            continue
        best = next((p for p in right if p["indicator_id"] == s["indicator_id"]), right[0])
        result.found.append(key)
        same_indicator = best["indicator_id"] == s["indicator_id"]
        result.right_indicator += same_indicator
        result.right_period += same_indicator and best["period_id"] == s["period_id"]
    # each proposal gives a shipped figure, or is noise; more proposals than figures are repeats
    given = [[i for i, s in enumerate(rows) if gives(p, s)] for p in proposals]
    result.noise = [p["value_as_printed"] for p, g in zip(proposals, given) if not g]
    result.repeats = sum(1 for g in given if g) - len({i for g in given for i in g})
    result.right = sum(any(same(p, rows[i]) for i in g) for p, g in zip(proposals, given))
    return result
