#!/usr/bin/env bash
# Run the whole test suite (unit, workbook round trips with LibreOffice, remote engine, server over HTTP).
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python -m pytest "$@"
