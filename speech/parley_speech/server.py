"""Unix-socket server: thread per connection, requests on one connection answered in order."""

from __future__ import annotations

import logging
import os
import selectors
import socket
import stat
import threading
from pathlib import Path

from .protocol import ProtocolError, RequestError, encode_frame, error_header, read_frame
from .worker import Worker, hang

log = logging.getLogger("parley_speech")


def bind_unix_socket(path: Path) -> socket.socket:
    """Listen on path with mode 0600, replacing a stale socket file (but nothing else)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        pass
    else:
        if not stat.S_ISSOCK(st.st_mode):
            raise FileExistsError(f"{path} exists and is not a socket; refusing to replace it")
        os.unlink(path)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old_umask = os.umask(0o177)  # no window in which the socket is readable by others
    try:
        sock.bind(str(path))
    finally:
        os.umask(old_umask)
    os.chmod(path, 0o600)
    sock.listen(64)
    return sock


def serve_connection(worker: Worker, conn: socket.socket) -> None:
    with conn:
        while True:
            try:
                frame = read_frame(conn)
            except ProtocolError as exc:
                log.warning("closing connection: %s", exc.message)
                _send(conn, encode_frame(error_header(None, exc.code, exc.message)))
                return
            except (EOFError, OSError):
                return
            if frame is None:
                return
            header, payload = frame
            request_id = header.get("id")
            if not isinstance(request_id, int) or isinstance(request_id, bool):
                if not _send(conn, encode_frame(error_header(None, "bad_request", "\"id\" must be an integer"))):
                    return
                continue
            try:
                response = worker.handle(request_id, header, payload)
            except RequestError as exc:
                reply = encode_frame(error_header(request_id, exc.code, exc.message))
            except Exception as exc:  # never let one request take the worker down
                log.exception("internal error in %r", header.get("op"))
                reply = encode_frame(error_header(request_id, "internal", f"internal error: {type(exc).__name__}"))
            else:
                if response.hang:
                    hang()
                    return
                reply = encode_frame(response.header, response.payload)
            if not _send(conn, reply):
                return


def _send(conn: socket.socket, data: bytes) -> bool:
    try:
        conn.sendall(data)
        return True
    except OSError:
        return False


class Server:
    def __init__(self, worker: Worker, path: Path) -> None:
        self.worker = worker
        self.path = path
        self.listener = bind_unix_socket(path)
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_w, False)
        self.stop_reason = ""

    def request_stop(self, reason: str) -> None:
        """Safe from signal handlers and other threads."""
        if not self.stop_reason:
            self.stop_reason = reason
        try:
            os.write(self._wake_w, b"x")
        except OSError:
            pass

    def serve_forever(self) -> None:
        sel = selectors.DefaultSelector()
        sel.register(self.listener, selectors.EVENT_READ, "accept")
        sel.register(self._wake_r, selectors.EVENT_READ, "wake")
        try:
            while not self.stop_reason:
                for key, _ in sel.select():
                    if key.data == "wake":
                        return
                    try:
                        conn, _ = self.listener.accept()
                    except OSError:
                        continue
                    threading.Thread(target=serve_connection, args=(self.worker, conn), daemon=True,
                                     name="parley-speech-conn").start()
        finally:
            sel.close()
            self.close()

    def close(self) -> None:
        try:
            self.listener.close()
        finally:
            try:
                os.unlink(self.path)
            except FileNotFoundError:
                pass
