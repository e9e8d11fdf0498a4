"""The map page follows its own files: any encoding the validator accepts, and an edit to them
while the main tables are broken (and the last valid data is served)."""

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import memo
from dashboard.i18n import EN

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
GEO_CSVS = ("places.csv", "town_industries.csv")


def map_page(folder: Path, monkeypatch, view: str = "counties") -> AppTest:
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(folder))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("views/map.py")
    at.run()
    if view != "counties":
        at.session_state["map_view"] = view
        at.run()
    return at


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig"])
def test_geo_files_saved_by_excel_validate_and_draw(data_copy, monkeypatch, encoding):
    """Excel on Chinese Windows saves GB18030 (or UTF-8 with a BOM): the map page must read the
    files the way the validator does, not only pass `make check-data`."""
    for name in GEO_CSVS:
        path = data_copy / "geo" / name
        path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))
    checked = subprocess.run([sys.executable, "-m", "dashboard.check_data", str(data_copy)],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout

    at = map_page(data_copy, monkeypatch)
    assert not at.exception
    assert len(at.get("deck_gl_json_chart")) == 1
    at.session_state["map_view"] = "places"
    at.run()
    placed = at.dataframe[0].value
    assert "Shangtang" in set(placed.iloc[:, 0])  # names decoded, not mojibake
    maps = memo.load_geo(data_copy)
    assert maps.places.loc[maps.places["place_id"] == "shangtang", "name_zh"].item() == "上塘"


def unplace(folder: Path, place_id: str) -> None:
    """Make a place 'unplaced' (no coordinates): a valid edit of geo/places.csv."""
    path = folder / "geo" / "places.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    row = next(r for r in rows if r["place_id"] == place_id)
    row.update(lat="", lon="", precision="unplaced")
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def link_table(at: AppTest):
    return next(d.value for d in at.dataframe if EN["col.on_map"] in d.value.columns)


def test_geo_edit_while_the_main_data_is_stale_updates_table_and_legend(first_article_copy, monkeypatch):
    at = map_page(first_article_copy, monkeypatch, view="links")
    kind = EN["relation.outward_chain"]  # the Khorgos link
    table = link_table(at)
    assert table.loc[table.iloc[:, 1] == kind].iloc[0, 2] == "✓"

    observations = first_article_copy / "observations.csv"  # a broken save: the last valid data is served
    observations.write_bytes(observations.read_bytes().replace(b"2024_jan_nov,2138,", b"2024_jan_nov,21x8,"))
    unplace(first_article_copy, "khorgos_centre")  # and a valid edit of the map's files
    at.run()
    assert not at.exception and at.warning  # still the stale-data banner

    table = link_table(at)
    assert table.loc[table.iloc[:, 1] == kind].iloc[0, 2] == EN["map.links.unplaced"]
    legend = at.get("image")[0].proto.imgs[0].alt
    assert kind not in legend and EN["relation.service_enclave"] in legend
