#!/usr/bin/env bash
# Start one replica of the dashboard from this bundle (after ./install.sh).
#
# Environment (optional unless marked required):
#   STREAMLIT_SERVER_PORT           port to listen on (Streamlit's default: 8501)
#   STREAMLIT_SERVER_ADDRESS        address to bind, e.g. 127.0.0.1 behind nginx on the same host
#   STREAMLIT_SERVER_BASE_URL_PATH  path prefix, e.g. "yongjia" behind nginx at /yongjia/
#   STREAMLIT_SERVER_COOKIE_SECRET  required: a random value (32+ characters), the same on every
#                                   replica (see deploy/README.md)
#   STREAMLIT_SERVER_ALLOWED_HOSTS  required: the host names users type, space-separated
#   DASHBOARD_DATA_DIR              the CSV folder (default: ./data next to this script)
#   YONGJIA_VENV                    the virtual environment (default: ./venv next to this script)
#   PYTHONMALLOC                    Python's allocator (default here: malloc, see below)
# Arguments are passed to `streamlit run` and win over the environment, e.g.
#   ./run.sh --server.port 8502
#
# Streamlit reads .streamlit/config.toml from the working directory, so this script changes to
# the bundle folder. The code that runs is the installed package (venv), not ./dashboard/.
# It refuses to start (exit status 78) when the allowed host names are missing or the cookie
# secret is unset or the example one: preflight.py asks Streamlit what the replica would run with.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
VENV="${YONGJIA_VENV:-$HERE/venv}"

die() { echo "run.sh: $*" >&2; exit 1; }

[ -x "$VENV/bin/streamlit" ] || die "no dashboard installed in $VENV: run $HERE/install.sh first"
export DASHBOARD_DATA_DIR="${DASHBOARD_DATA_DIR:-$HERE/data}"
[ -d "$DASHBOARD_DATA_DIR" ] || die "DASHBOARD_DATA_DIR=$DASHBOARD_DATA_DIR is not a folder"
export PYTHONUNBUFFERED=1
# The C allocator: Python's own kept a meeting's memory after its viewers had gone (1.12-1.14x
# against 1.03x; docs/performance.md). It is chosen as the interpreter starts, so here; an environment
# file that sets PYTHONMALLOC wins. tests.harness.HOSTED_ENVIRONMENT: the same for the load test.
export PYTHONMALLOC="${PYTHONMALLOC:-malloc}"

# -I (isolated): find the installed package, never ./dashboard from the current folder.
# serve.py: app.py with every page's views built before the port answers (dashboard/serve.py).
APP="$("$VENV/bin/python" -I -c \
  'import dashboard, pathlib; print(pathlib.Path(dashboard.__file__).with_name("serve.py"))')"

cd "$HERE"
"$VENV/bin/python" -I "$HERE/preflight.py" "$@" || exit $?
# The console script, not `python -m streamlit`: the latter would put the working directory (this
# folder, which holds ./dashboard) first on sys.path.
exec "$VENV/bin/streamlit" run "$APP" "$@"
