#!/usr/bin/env bash
# Install the dashboard from this bundle's wheelhouse into a virtual environment. No network:
# pip is given no index and no configuration, only the wheels in ./wheelhouse.
#
#   ./install.sh [VENV_DIR]        default: ./venv next to this script (or $YONGJIA_VENV)
#
# Needs CPython 3.11 (the wheels are built for it) with the venv module (Debian: python3.11-venv).
# Set PYTHON=/path/to/python3.11 to choose the interpreter. Running it again is harmless.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
VENV="${1:-${YONGJIA_VENV:-$HERE/venv}}"
WHEELHOUSE="$HERE/wheelhouse"

die() { echo "install.sh: $*" >&2; exit 1; }

if [ -z "${PYTHON:-}" ]; then
  PYTHON="$(command -v python3.11 || command -v python3 || true)"
fi
[ -n "$PYTHON" ] || die "no python3.11 found; set PYTHON=/path/to/python3.11"
py_version="$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
[ "$py_version" = "3.11" ] || die "$PYTHON is Python $py_version; the wheelhouse is for CPython 3.11"
[ -d "$WHEELHOUSE" ] || die "no wheelhouse at $WHEELHOUSE"
project_wheel="$(ls "$WHEELHOUSE"/yongjia_dashboard-*.whl 2>/dev/null | head -n 1)"
[ -n "$project_wheel" ] || die "no yongjia_dashboard wheel in $WHEELHOUSE"
version="$(basename "$project_wheel" | cut -d- -f2)"

if [ -e "$VENV" ] && [ ! -f "$VENV/pyvenv.cfg" ]; then
  die "$VENV exists and is not a virtual environment; choose another folder"
fi
if [ ! -x "$VENV/bin/python" ]; then
  echo "install.sh: creating $VENV with $PYTHON"
  "$PYTHON" -m venv "$VENV"
fi

# Offline, whatever this machine's pip configuration says (mirrors, find-links, ...).
export PIP_CONFIG_FILE=/dev/null PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1
unset PIP_INDEX_URL PIP_EXTRA_INDEX_URL PIP_FIND_LINKS PIP_TRUSTED_HOST

echo "install.sh: installing yongjia-dashboard==$version from $WHEELHOUSE"
"$VENV/bin/python" -m pip install --quiet --no-index --find-links "$WHEELHOUSE" \
  --only-binary=:all: --constraint "$HERE/constraints.txt" "yongjia-dashboard==$version"
"$VENV/bin/python" -m pip check

# -I: import the installed package, not ./dashboard from the current folder.
"$VENV/bin/python" -I -m dashboard.check_data "${DASHBOARD_DATA_DIR:-$HERE/data}"

echo "install.sh: done. Start one replica with:"
echo "  STREAMLIT_SERVER_PORT=8501 STREAMLIT_SERVER_BASE_URL_PATH=yongjia $HERE/run.sh"
