#!/usr/bin/env python3
"""Exit 0 when the local replica answers `ok` on its health endpoint, 1 otherwise.

    healthcheck.py [PORT]

The port defaults to STREAMLIT_SERVER_PORT (else 8501) and the path honours
STREAMLIT_SERVER_BASE_URL_PATH, like run.sh. Standard library only: usable from the container's
HEALTHCHECK, a monitoring agent or a shell.
"""

import os
import sys
import urllib.request


def main(argv: list[str]) -> int:
    port = argv[0] if argv else os.environ.get("STREAMLIT_SERVER_PORT") or "8501"
    base = os.environ.get("STREAMLIT_SERVER_BASE_URL_PATH", "").strip("/")
    url = f"http://127.0.0.1:{port}/" + (f"{base}/" if base else "") + "_stcore/health"
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            body = response.read(64).decode("ascii", "replace").strip()
    except OSError as error:
        print(f"unhealthy: {url}: {error}", file=sys.stderr)
        return 1
    if body != "ok":
        print(f"unhealthy: {url} answered {body!r}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
