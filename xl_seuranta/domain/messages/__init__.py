"""One message catalogue for every text a person reads, in Finnish (the default) and English.

Texts are grouped by area in the modules here (checks, cli, excel, files, sheets); rule messages are
declared with their rules and registered into the same catalogue. ``render`` turns a finding, a text
or a key into text in the reader's language; ``lang_of`` is the one place a language falls back.
"""

from xl_seuranta.domain.messages.catalogue import (
    CATALOGUE,
    FINDING_TEXTS,
    Part,
    Text,
    TextRef,
    Texts,
    lang_of,
    placeholders,
    register_finding,
)
from xl_seuranta.domain.messages.checks import Checks, family_label, severity_label, summary_text
from xl_seuranta.domain.messages.cli import Batch, Cli, HelpChrome, HelpTypes, Jobs
from xl_seuranta.domain.messages.doctor import Doctor
from xl_seuranta.domain.messages.excel import CellFunctions, Macros, Server
from xl_seuranta.domain.messages.files import FileKinds, Files, ReadProblems
from xl_seuranta.domain.messages.render import Message, UserError, finding_json, finding_message, render
from xl_seuranta.domain.messages.settings import SettingRules
from xl_seuranta.domain.messages.sheets import (
    Kooste,
    Laskelmat,
    Printout,
    Tarkistus,
    Tavoiteseuranta,
    Yhteenveto,
)

__all__ = [
    "CATALOGUE",
    "Batch",
    "FINDING_TEXTS",
    "CellFunctions",
    "Checks",
    "Cli",
    "Doctor",
    "FileKinds",
    "Files",
    "HelpChrome",
    "HelpTypes",
    "Jobs",
    "Kooste",
    "Laskelmat",
    "Macros",
    "Message",
    "Part",
    "Printout",
    "ReadProblems",
    "Server",
    "SettingRules",
    "Tarkistus",
    "Tavoiteseuranta",
    "Text",
    "TextRef",
    "Texts",
    "UserError",
    "Yhteenveto",
    "family_label",
    "finding_json",
    "finding_message",
    "lang_of",
    "placeholders",
    "register_finding",
    "render",
    "severity_label",
    "summary_text",
]
