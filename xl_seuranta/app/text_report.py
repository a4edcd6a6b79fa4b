"""The findings as terminal lines: grouped by rule family, one finding a line with sheet!cell first."""

from __future__ import annotations

from xl_seuranta.domain.model import Finding
from xl_seuranta.rules.registry import FAMILIES, SEVERITY_LABEL
from xl_seuranta.sheets.tarkistus import summary_text


def format_text_report(
    path: str, findings: list[Finding], summary: dict[str, int], lang: str = "fi"
) -> list[str]:
    """Plain lines for the terminal: grouped by family, one finding a line with sheet!cell first."""
    lang = "en" if lang == "en" else "fi"
    lines = [path]
    group = None
    for f in findings:
        if f.group != group:
            group = f.group
            lines.append(f"  {FAMILIES.get(group, (group, group))[1 if lang == 'en' else 0]}")
        where = f"{f.sheet}!{f.cell}" if f.sheet and f.cell else (f.sheet or "-")
        lines.append(f"    {SEVERITY_LABEL[lang][f.severity.value]:<9} {f.code}  {where:<18} {f.message}")
    lines.append("  " + summary_text(summary, lang))
    return lines
