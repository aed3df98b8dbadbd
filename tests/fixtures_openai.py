"""A fake OpenAI-compatible server on loopback for the LLM paths (DESIGN §10).

It speaks the real wire protocol (``POST /v1/chat/completions``, ``GET /v1/models``) over real HTTP,
so the code under test uses its real client, timeouts and error handling. Tests script the answers:

    def test_x(openai_server):
        openai_server.reply_json({"type": "it_support", "confidence": 0.9})
        openai_server.reply(status=500)                 # next call fails
        openai_server.reply(content="text", delay=3)    # next call is slow
        openai_server.reply_tool_call("triage", {...})  # answered as a tool call
        ...
        body = openai_server.requests[0].json           # what the client sent (messages, model, ...)

Unscripted calls get ``openai_server.default`` (a callable from the request JSON to a ``Reply``), which
answers ``{}`` unless a test sets it.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


@dataclass
class Reply:
    content: str | None = "{}"
    status: int = 200
    delay: float = 0.0
    tool_call: tuple[str, dict[str, Any]] | None = None
    prompt_tokens: int = 11
    completion_tokens: int = 7
    raw: bytes | None = None  # sent as is (e.g. invalid JSON), overriding everything else


@dataclass
class RecordedRequest:
    path: str
    headers: dict[str, str]
    json: dict[str, Any]


@dataclass
class FakeOpenAI:
    url: str = ""
    requests: list[RecordedRequest] = field(default_factory=list)
    scripted: deque[Reply] = field(default_factory=deque)
    default: Callable[[dict[str, Any]], Reply] = lambda _body: Reply()
    api_key: str | None = None  # when set, other keys get 401
    models: tuple[str, ...] = ("fake-model",)

    def reply(self, **kwargs: Any) -> None:
        self.scripted.append(Reply(**kwargs))

    def reply_json(self, payload: Any, **kwargs: Any) -> None:
        self.scripted.append(Reply(content=json.dumps(payload, ensure_ascii=False), **kwargs))

    def reply_tool_call(self, name: str, arguments: dict[str, Any], **kwargs: Any) -> None:
        self.scripted.append(Reply(content=None, tool_call=(name, arguments), **kwargs))

    def next_reply(self, body: dict[str, Any]) -> Reply:
        return self.scripted.popleft() if self.scripted else self.default(body)


def _completion(body: dict[str, Any], reply: Reply) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": reply.content}
    finish = "stop"
    if reply.tool_call is not None:
        name, arguments = reply.tool_call
        message["tool_calls"] = [
            {
                "id": "call_1",
                "type": "function",
                "function": {"name": name, "arguments": json.dumps(arguments, ensure_ascii=False)},
            }
        ]
        finish = "tool_calls"
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", "fake-model"),
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": {
            "prompt_tokens": reply.prompt_tokens,
            "completion_tokens": reply.completion_tokens,
            "total_tokens": reply.prompt_tokens + reply.completion_tokens,
        },
    }


def _handler(fake: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:  # keep test output clean
            pass

        def _send(self, status: int, payload: Any = None, raw: bytes | None = None) -> None:
            data = raw if raw is not None else json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
                self.wfile.write(data)

        def _authorised(self) -> bool:
            if fake.api_key is None:
                return True
            if self.headers.get("Authorization") == f"Bearer {fake.api_key}":
                return True
            self._send(
                401, {"error": {"message": "Incorrect API key provided", "type": "invalid_request_error"}}
            )
            return False

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            if not self._authorised():
                return
            if self.path.rstrip("/").endswith("/models"):
                self._send(
                    200, {"object": "list", "data": [{"id": m, "object": "model"} for m in fake.models]}
                )
            else:
                self._send(404, {"error": {"message": "not found"}})

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            fake.requests.append(RecordedRequest(self.path, dict(self.headers.items()), body))
            if not self._authorised():
                return
            if not self.path.rstrip("/").endswith("/chat/completions"):
                self._send(404, {"error": {"message": "not found"}})
                return
            reply = fake.next_reply(body)
            if reply.delay:
                time.sleep(reply.delay)
            if reply.raw is not None:
                self._send(reply.status, raw=reply.raw)
            elif reply.status != 200:
                self._send(reply.status, {"error": {"message": "scripted failure", "type": "server_error"}})
            else:
                self._send(200, _completion(body, reply))

    return Handler


@pytest.fixture
def openai_server() -> Iterator[FakeOpenAI]:
    """A fresh fake server per test; its ``url`` is the base URL to configure (ends in ``/v1``)."""
    fake = FakeOpenAI()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    server.daemon_threads = True
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
