"""Run xl-seuranta as an xlwings Server (Office.js add-in: ribbon scripts and cell functions).

``serve()`` is what ``xl-seuranta serve`` calls. It prepares the environment *before* xlwings is
imported in the server process (xlwings chooses its decorators at import time, see
docs/EXCEL.md) and runs uvicorn with :mod:`xl_seuranta.app.server.app`.

This module itself does not import xlwings or xlwings-server, so importing it is cheap and safe.
xlwings-server is PolyForm Noncommercial 1.0.0 (or a paid licence); see docs/EXCEL.md.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import MutableMapping
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent / "project"
APP = "xl_seuranta.app.server.app:main_app"

#: Environment defaults; values already set in the environment win, except the two forced ones.
DEFAULTS = {
    "XLWINGS_LICENSE_KEY": "noncommercial",
    "XLWINGS_FUNCTIONS_NAMESPACE": "SEURANTA",
    "XLWINGS_PROJECT_NAME": "xl-seuranta",
    "XLWINGS_ENABLE_EXAMPLES": "false",
}


def configure_environment(env: MutableMapping[str, str] | None = None) -> MutableMapping[str, str]:
    """Set the XLWINGS_* variables the server needs; returns the mapping it changed.

    XLWINGS_PROJECT_DIR (the packaged server project) and XLWINGS_ON_SERVER=true are always set;
    the others only when unset, so IT can override them (e.g. a paid XLWINGS_LICENSE_KEY).
    """
    env = os.environ if env is None else env
    env["XLWINGS_PROJECT_DIR"] = str(PROJECT_DIR)
    env["XLWINGS_ON_SERVER"] = "true"
    for key, value in DEFAULTS.items():
        if not env.get(key):
            env[key] = value
    return env


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    ssl_certfile: str | None = None,
    ssl_keyfile: str | None = None,
    log_level: str = "info",
) -> int:
    """Run the xlwings Server app with uvicorn until stopped. Returns the exit code.

    Excel (Office.js) only loads add-ins over HTTPS: give ``ssl_certfile``/``ssl_keyfile`` or put
    a TLS-terminating reverse proxy in front (docs/EXCEL.md). Binds to 127.0.0.1 by default.
    """
    configure_environment()
    if "xlwings" in sys.modules and not _xlwings_on_server():
        # xlwings was imported before the environment was set (its decorators are no-ops now):
        # start a clean interpreter instead of serving functions that would not be registered.
        cmd = [sys.executable, "-m", "uvicorn", APP, "--host", host, "--port", str(port)]
        cmd += ["--log-level", log_level]
        if ssl_certfile and ssl_keyfile:
            cmd += ["--ssl-certfile", ssl_certfile, "--ssl-keyfile", ssl_keyfile]
        try:
            return subprocess.call(cmd, env=dict(os.environ))
        except KeyboardInterrupt:
            return 0
    import uvicorn

    uvicorn.run(
        APP,
        host=host,
        port=port,
        log_level=log_level,
        ssl_certfile=ssl_certfile,
        ssl_keyfile=ssl_keyfile,
    )
    return 0


def _xlwings_on_server() -> bool:
    xw = sys.modules.get("xlwings")
    return bool(getattr(xw, "on_server", False))
