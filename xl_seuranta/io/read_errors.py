"""Why a file could not be read, as an error that knows what the file seems to be.

A batch over a department's folder meets every kind of file: a workbook cut short, a
password-protected copy, an old .xls, an ERP's "Excel" export that is really HTML, a zip bomb. The
reader library's own words ("Could not find EOCD", "Cfb error") tell a controller nothing, so a
``WorkbookReadError`` carries a kind (a text of ``messages.ReadProblems``) and the facts, rendered in
the user's language at the edge; the library's words travel apart as ``detail``, for ``--verbose``.
"""

from __future__ import annotations

from pathlib import Path

from xl_seuranta.domain.messages import FileKinds, ReadProblems, Text, UserError


class WorkbookReadError(UserError):
    """The file could not be read as a workbook.

    ``kind`` names what was found (a text of ``ReadProblems``), the keyword arguments are the facts of
    the message (``what`` a key of ``FileKinds``), ``detail`` the reader library's own words.
    ``str()`` is the Finnish message; ``render(lang)`` or ``message(lang, verbose)`` either language.
    """

    def __init__(self, kind: str, path: str | Path, detail: str | None = None, **params: object) -> None:
        self.kind = kind
        self.path = Path(path)
        self.detail = detail
        self.facts = params
        super().__init__(getattr(ReadProblems, kind), name=self.path.name, **params)
        self.args = (self.render("fi"),)  # str(): the Finnish message with the kind of file named

    def render(self, lang: str | None = "fi") -> str:
        params = dict(self.params)
        what = params.get("what")
        if isinstance(what, str) and isinstance(getattr(FileKinds, what, None), Text):
            params["what"] = getattr(FileKinds, what)(lang)
        return self.text(lang, **params)

    def message(self, lang: str | None = "fi", verbose: bool = False) -> str:
        """The message for a person; the library's words appended only when ``verbose``."""
        text = self.render(lang)
        return f"{text} [{self.detail}]" if verbose and self.detail else text
