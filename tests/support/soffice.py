"""Test utility: one way to run headless LibreOffice, for recalculating, printing and saving copies.

Each run gets a private, throw-away user profile (``-env:UserInstallation``): a second LibreOffice
running on the machine, or a profile left behind by an earlier run, would otherwise make the
conversion hang or silently do nothing. A registry snippet can be put into that profile (recalculate
on load, the fi-FI locale).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"


def convert(
    files: Sequence[Path],
    to: str,
    outdir: Path,
    *,
    registry: str | None = None,
    plain_env: bool = False,
    timeout: float = 180,
) -> list[Path]:
    """Convert ``files`` to ``to`` (``"pdf"``, ``"xlsx"``, ``"xls"``) into ``outdir`` in one run.

    ``registry``: the ``registrymodifications.xcu`` of the private profile. ``plain_env``: run with
    only ``LC_ALL=C.UTF-8``, ``PATH`` and ``HOME`` (the profile), so the locale comes from the profile
    and not from the caller's environment. Returns ``outdir/<stem>.<to>`` per file, in order; raises
    ``RuntimeError`` with LibreOffice's output when one is missing.
    """
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo_profile_") as profile:
        if registry is not None:
            user = Path(profile) / "user"
            user.mkdir()
            (user / "registrymodifications.xcu").write_text(registry, encoding="utf-8")
        cmd = [
            SOFFICE,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--convert-to",
            to,
            "--outdir",
            str(outdir),
            *map(str, files),
        ]
        env = {"LC_ALL": "C.UTF-8", "PATH": "/usr/bin:/bin", "HOME": profile} if plain_env else None
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False, env=env)
    made = [outdir / f"{Path(f).stem}.{to}" for f in files]
    missing = [p.name for p in made if not p.exists()]
    if proc.returncode != 0 or missing:
        raise RuntimeError(
            f"LibreOffice did not convert {missing} to {to} (rc={proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
        )
    return made
