"""Framing for the parley-speech socket protocol (see docs/speech-worker.md).

Every message in both directions is one frame:
    u32 BE header_length | u32 BE payload_length | header (UTF-8 JSON object) | payload
"""

from __future__ import annotations

import json
import socket
import struct
from typing import Any

MAX_HEADER = 65536
MAX_PAYLOAD = 16 * 1024 * 1024
_PREFIX = struct.Struct(">II")


class ProtocolError(Exception):
    """Broken framing or an unreadable header: answered with an error, then the connection closes."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class RequestError(Exception):
    """A well-framed request that can't be served; the connection stays open."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _recv_exact(sock: socket.socket, n: int) -> bytes | None:
    """n bytes, or None if the peer closed before sending any of them."""
    if n == 0:
        return b""
    buf = bytearray(n)
    view = memoryview(buf)
    got = 0
    while got < n:
        k = sock.recv_into(view[got:], n - got)
        if k == 0:
            if got == 0:
                return None
            raise EOFError("connection closed mid-frame")
        got += k
    return bytes(buf)


def read_frame(sock: socket.socket) -> tuple[dict[str, Any], bytes] | None:
    """The next request frame, or None on a clean end of stream between frames."""
    prefix = _recv_exact(sock, _PREFIX.size)
    if prefix is None:
        return None
    header_len, payload_len = _PREFIX.unpack(prefix)
    if header_len > MAX_HEADER:
        raise ProtocolError("too_large", f"header length {header_len} exceeds {MAX_HEADER} bytes")
    if payload_len > MAX_PAYLOAD:
        raise ProtocolError("too_large", f"payload length {payload_len} exceeds {MAX_PAYLOAD} bytes")
    raw_header = _recv_exact(sock, header_len)
    payload = _recv_exact(sock, payload_len)
    if raw_header is None or payload is None:
        raise EOFError("connection closed mid-frame")
    try:
        header = json.loads(raw_header.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ProtocolError("bad_request", f"header is not valid UTF-8 JSON: {exc}") from None
    if not isinstance(header, dict):
        raise ProtocolError("bad_request", "header must be a JSON object")
    return header, payload


def encode_frame(header: dict[str, Any], payload: bytes = b"") -> bytes:
    raw = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return _PREFIX.pack(len(raw), len(payload)) + raw + payload


MAX_MESSAGE_CHARS = 1000


def error_header(request_id: Any, code: str, message: str) -> dict[str, Any]:
    # Messages may quote client input; keep responses far below the header limit.
    if len(message) > MAX_MESSAGE_CHARS:
        message = message[: MAX_MESSAGE_CHARS - 1] + "…"
    return {"id": request_id, "ok": False, "error": {"code": code, "message": message}}
