"""The findings as terminal lines: grouped by rule family, one finding a line with sheet!cell first."""

from __future__ import annotations

from xl_seuranta.domain.findings import Finding
from xl_seuranta.domain.messages import family_label, lang_of, render, severity_label, summary_text


def format_text_report(
    path: str, findings: list[Finding], summary: dict[str, int], lang: str = "fi"
) -> list[str]:
    """Plain lines for the terminal: grouped by family, one finding a line with sheet!cell first."""
    lang = lang_of(lang)
    lines = [path]
    group = None
    for f in findings:
        if f.group != group:
            group = f.group
            lines.append(f"  {family_label(group, lang)}")
        where = f"{f.sheet}!{f.cell}" if f.sheet and f.cell else (f.sheet or "-")
        lines.append(f"    {severity_label(f.severity, lang):<9} {f.code}  {where:<18} {render(f, lang)}")
    lines.append("  " + summary_text(summary, lang))
    return lines
