#!/usr/bin/env python3
"""Refuse to start a replica with settings that are unsafe in production; run.sh runs it first.

    preflight.py [streamlit run options...]     exit 0, or 78 (EX_CONFIG) with the reasons on stderr

It asks Streamlit itself what the replica would run with: .streamlit/config.toml in the working
directory, STREAMLIT_* environment variables and the same command-line options as `streamlit
run` (it parses them as `streamlit config show` does), so no spelling of a setting escapes it.

Refused:
  * server.allowedHosts empty, or "*": Streamlit then accepts a WebSocket whatever its Host
    header says (DNS rebinding: a foreign page that resolves its own name to this server).
  * server.cookieSecret unset, the example value from deploy/systemd/yongjia-dashboard.env
    ("change-me"), or shorter than 32 characters: every replica must sign cookies with the
    same secret, and nobody must be able to guess it.
"""

from __future__ import annotations

import sys

EXAMPLE_SECRETS = {"change-me", "changeme", "...", "<the same random value on every replica>"}
MIN_SECRET_LENGTH = 32
EX_CONFIG = 78  # sysexits.h; the systemd unit does not restart a replica that exits with it
NEW_SECRET = 'python3 -c "import secrets; print(secrets.token_hex(32))"'


def problems() -> list[str]:
    from streamlit import config
    from streamlit.web import cli

    config.show_config = lambda: None  # parse and load the options as `config show` does, silently
    cli.main(["config", "show", *sys.argv[1:]], prog_name="streamlit", standalone_mode=False)

    found = []
    hosts = [h for h in (config.get_option("server.allowedHosts") or []) if h.strip()]
    if not hosts:
        found.append("server.allowedHosts is empty, so the WebSocket would accept any Host header. "
                     'Set STREAMLIT_SERVER_ALLOWED_HOSTS="<the host names users type>" '
                     "(space-separated) in /etc/yongjia-dashboard/env.")
    elif "*" in hosts:
        found.append('server.allowedHosts contains "*", which accepts any Host header: list the '
                     "host names users type instead.")
    # Unset, Streamlit makes up a random secret per process: is_manually_set tells the two apart.
    secret = config.get_option("server.cookieSecret") if config.is_manually_set(
        "server.cookieSecret") else ""
    if secret.strip() in EXAMPLE_SECRETS or not secret.strip():
        found.append(f"server.cookieSecret is {'unset' if not secret.strip() else repr(secret)}: "
                     "set STREAMLIT_SERVER_COOKIE_SECRET to a random value, the same on every "
                     f"replica, e.g. the output of {NEW_SECRET}")
    elif len(secret) < MIN_SECRET_LENGTH:
        found.append(f"server.cookieSecret has {len(secret)} characters, fewer than "
                     f"{MIN_SECRET_LENGTH}: use a random value, e.g. the output of {NEW_SECRET}")
    return found


def main() -> int:
    import click

    try:
        found = problems()
    except click.ClickException as error:  # an option `streamlit run` would refuse as well
        found = [f"cannot read the options {sys.argv[1:]}: {error.format_message()}"]
    for problem in found:
        print(f"run.sh: refusing to start: {problem}", file=sys.stderr)
    return EX_CONFIG if found else 0


if __name__ == "__main__":
    sys.exit(main())
