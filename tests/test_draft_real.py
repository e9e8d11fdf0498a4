"""The drafting tool on real text: each sentence here is quoted from one of the real texts about
Yongjia (shared/sources, cleaned into data/source/), named in the test."""

from __future__ import annotations

import pytest

from dashboard.draft.__main__ import main


def test_a_binary_file_is_refused_in_one_line(tmp_path, capsys):
    article = tmp_path / "photo.txt"
    article.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe\x00IHDR")
    with pytest.raises(SystemExit) as stop:
        main([str(article), "--source-id", "photo", "--out", str(tmp_path / "out")])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a text file" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()
