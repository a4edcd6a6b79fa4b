"""The ASGI app: xlwings-server's app plus a check of incoming payloads.

Import this module only in a server process (uvicorn ``xl_seuranta.app.server.app:main_app``): it sets
the XLWINGS_* environment first and then imports xlwings-server, which imports the project's
``custom_functions`` (our cell functions) and ``custom_scripts`` (our ribbon scripts).

xlwings-server answers a malformed request body with ``500 An error occurred.``; the check here
turns that into a ``400`` with a message saying what is wrong, before the request reaches
xlwings-server. Well-formed requests pass through untouched.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from xl_seuranta.app.server import configure_environment
from xl_seuranta.domain.messages import Server, Text, UserError, lang_of

configure_environment()

if "xlwings" in sys.modules and not getattr(sys.modules["xlwings"], "on_server", False):
    raise RuntimeError(
        "xlwings was imported before XLWINGS_ON_SERVER=true was set, so its server decorators are "
        "not active. Start the server with `xl-seuranta serve` or "
        "`uvicorn xl_seuranta.app.server.app:main_app` in a fresh process."
    )

from xlwings_server.config import settings  # noqa: E402  (environment must be set first)
from xlwings_server.main import app  # noqa: E402
from xlwings_server.main import main_app as xlwings_main_app  # noqa: E402
from xlwings_server.routers.xlwings import custom_functions, custom_scripts  # noqa: E402

logger = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_BODY = 50 * 1024 * 1024  # a large workbook payload is a few MB


class PayloadError(UserError):
    """A request body that xlwings-server would fail on; the message goes back to the client, in the
    language of its Accept-Language header (Finnish unless English is asked for)."""

    def __init__(self, text: Text, status: int = 400, **params: object) -> None:
        super().__init__(text, **params)
        self.status = status


def _is_2d(values: object) -> bool:
    return isinstance(values, list) and all(isinstance(row, list) for row in values)


def validate_book_payload(data: object) -> None:
    """Check the shape of a custom-scripts-call body (the book sent by the Office.js client)."""
    if not isinstance(data, dict):
        raise PayloadError(Server.body_not_object)
    for key in ("client", "version"):
        if not isinstance(data.get(key), str):
            raise PayloadError(Server.field_not_string, key=key)
    book = data.get("book")
    if not isinstance(book, dict) or not isinstance(book.get("name"), str):
        raise PayloadError(Server.book_without_name)
    sheets = data.get("sheets")
    if not isinstance(sheets, list) or not sheets:
        raise PayloadError(Server.no_sheets)
    for i, sheet in enumerate(sheets):
        if not isinstance(sheet, dict) or not isinstance(sheet.get("name"), str):
            raise PayloadError(Server.sheet_without_name, index=i)
        if "values" in sheet and not _is_2d(sheet["values"]):
            raise PayloadError(Server.values_not_rows, sheet=sheet["name"])
    if "names" in data and not isinstance(data["names"], list):
        raise PayloadError(Server.names_not_list)
    if "args" in data and data["args"] is not None and not isinstance(data["args"], list):
        raise PayloadError(Server.args_not_array)


def validate_function_call(data: object) -> None:
    """Check the shape of a custom-functions-call body."""
    if not isinstance(data, dict):
        raise PayloadError(Server.call_not_object)
    name = data.get("func_name")
    if not isinstance(name, str) or not name:
        raise PayloadError(Server.no_func_name)
    func = getattr(custom_functions, name, None)
    if func is None or not hasattr(func, "__xlfunc__"):
        raise PayloadError(Server.unknown_function, status=404, name=name)
    for key in ("client", "version", "runtime"):
        if not isinstance(data.get(key), str):
            raise PayloadError(Server.call_field_not_string, key=key)
    args = data.get("args")
    if not isinstance(args, list) or not all(_is_2d(a) for a in args):
        raise PayloadError(Server.args_not_2d)


def _script_exists(name: str) -> bool:
    return hasattr(getattr(custom_scripts, name, None), "__xlscript__")


class PayloadValidation:
    """Pure ASGI middleware: validate JSON bodies of the two POST endpoints, replay the body."""

    def __init__(self, inner: ASGIApp, prefix: str = "/xlwings") -> None:
        self.inner = inner
        self.scripts_path = f"{prefix}/custom-scripts-call/"
        self.functions_path = f"{prefix}/custom-functions-call"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("type") != "http" or scope.get("method") != "POST":
            await self.inner(scope, receive, send)
            return
        path = scope.get("path", "")
        is_script = path.startswith(self.scripts_path)
        is_function = path == self.functions_path
        if not (is_script or is_function):
            await self.inner(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        content_type = headers.get("content-type", "")
        lang = lang_of(headers.get("accept-language", "")[:2].lower())
        if "form" in content_type:  # the task pane's htmx form posts; xlwings-server parses them
            await self.inner(scope, receive, send)
            return

        body, more = bytearray(), True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > MAX_BODY:
                await _reply(send, 413, Server.too_large(lang))
                return
        try:
            if is_script:
                name = path[len(self.scripts_path) :]
                if not _script_exists(name):
                    raise PayloadError(Server.unknown_script, status=404, name=name)
            try:
                data = json.loads(bytes(body) or b"null")
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise PayloadError(Server.not_json, error=exc) from None
            if is_script:
                validate_book_payload(data)
            else:
                validate_function_call(data)
        except PayloadError as exc:
            logger.warning("rejected %s: %s", path, exc)
            await _reply(send, exc.status, exc.render(lang))
            return

        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        await self.inner(scope, replay, send)


async def _reply(send: Send, status: int, text: str) -> None:
    payload = text.encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(payload)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})


def _prefix() -> str:
    return f"{settings.app_path}/xlwings"


main_app = PayloadValidation(xlwings_main_app, prefix=_prefix())

__all__ = ["PayloadError", "PayloadValidation", "app", "main_app", "validate_book_payload"]
