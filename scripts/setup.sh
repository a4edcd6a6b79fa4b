#!/usr/bin/env bash
# Set up xl-seuranta on a fresh Debian/Ubuntu machine with Python 3.11+:
# LibreOffice (headless recalculation and PDF rendering in the tests), poppler-utils (pdftotext) and
# the Carlito font,
# then a virtual environment .venv with the package, the server extra and the test tools.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v soffice >/dev/null 2>&1 || need_apt+=(libreoffice-calc-nogui)
command -v pdftotext >/dev/null 2>&1 || need_apt+=(poppler-utils)
# Carlito has Calibri's metrics: LibreOffice then prints the generated sheets as Excel would
# (the print tests measure text sizes on the page).
fc-list 2>/dev/null | grep -qi carlito || need_apt+=(fonts-crosextra-carlito)
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "Installing Debian packages: ${need_apt[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[dev,server]"
# An editable install leaves the package's bytecode to the first import, and an environment with
# PYTHONDONTWRITEBYTECODE=1 (containers, CI) never keeps it: every command and every batch worker
# would compile the sources again (~60 ms of each start). Compile them once here, as pip does for
# a regular install; Python recompiles any file edited since.
.venv/bin/python -m compileall -q -x "app/server/project" xl_seuranta
echo "Valmis: .venv/bin/xl-seuranta --help"
