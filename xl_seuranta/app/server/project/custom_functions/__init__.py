"""Cell functions of xl-seuranta for xlwings Server (Excel shows them as SEURANTA.<NAME>).

They are the functions of :mod:`xl_seuranta.app.udfs`, re-exported here so that xlwings-server finds
them. The server must set XLWINGS_ON_SERVER=true before xlwings is first imported, otherwise the
decorators are no-ops and no function is listed (``xl_seuranta.app.server`` takes care of that).
"""

from xl_seuranta.app import udfs as _udfs

__all__: list[str] = []

for _name, _obj in sorted(vars(_udfs).items()):
    if callable(_obj) and hasattr(_obj, "__xlfunc__"):
        globals()[_name] = _obj
        __all__.append(_name)

# The loop's names must not stay behind: xlwings-server lists every decorated function in this module's
# globals, and ``_obj`` would be the last one seen again (a duplicate name, the manifest refused).
del _name, _obj
