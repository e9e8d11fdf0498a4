"""The shipped Streamlit configuration is the production-safe one."""

import tomllib
from pathlib import Path

CONFIG = tomllib.loads((Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml")
                       .read_text(encoding="utf-8"))


def test_no_usage_statistics_and_no_error_details_for_viewers():
    assert CONFIG["browser"]["gatherUsageStats"] is False
    assert CONFIG["client"]["showErrorDetails"] == "none"
    assert CONFIG["client"]["toolbarMode"] == "viewer"


def test_no_unsafe_exports_or_foreign_control():
    """The grids' own CSV export would write formulas unneutralised (provenance.to_csv does not
    run there); no parent frame may steer the app; the agent API stays off."""
    assert CONFIG["client"]["disableDataExport"] is True
    assert CONFIG["client"]["allowedOrigins"] == []
    assert CONFIG["server"]["enableAgentApi"] is False


def test_server_protections():
    server = CONFIG["server"]
    assert server["enableXsrfProtection"] is True and server["enableCORS"] is True
    assert server["headless"] is True and server["fileWatcherType"] == "none"
    assert "allowedHosts" in server


def test_streamlit_accepts_every_option(tmp_path, monkeypatch):
    """A misspelt option would be ignored silently: check each against Streamlit's own list."""
    from streamlit import config

    known = set(config._config_options_template)
    for section, options in CONFIG.items():
        for name in options:
            assert f"{section}.{name}" in known, f"{section}.{name}"
