"""Entry point: parley-speech --socket PATH [--stt-model tiny.en|base] [--threads N] [--models-dir DIR]."""

from __future__ import annotations

import argparse
import os
import sys

# Never touch the network. (Set, like the thread counts in main(), before any model runtime
# is imported.)
for _var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE"):
    os.environ[_var] = "1"


def _parse(argv: list[str]) -> argparse.Namespace:
    # Installed layout: .speech/worker/parley_speech/__main__.py -> .speech/models
    default_models = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "models")
    p = argparse.ArgumentParser(prog="parley-speech", description="Offline speech model worker for Parley.")
    p.add_argument("--socket", required=True, help="Unix socket path to listen on (created with mode 0600)")
    p.add_argument("--stt-model", choices=["tiny.en", "base"], default="tiny.en")
    p.add_argument("--threads", type=int, default=1, help="intra-op threads per model (default 1)")
    p.add_argument("--models-dir", default=default_models, help="model files (default: the install's models/)")
    p.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"], help="stderr log level")
    args = p.parse_args(argv)
    if args.threads < 1:
        p.error("--threads must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = _parse(sys.argv[1:] if argv is None else argv)
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(args.threads)

    import json
    import logging
    import signal
    import threading
    import time
    from pathlib import Path

    logging.basicConfig(stream=sys.stderr, level=args.log_level.upper(),
                        format="%(asctime)s parley-speech[%(process)d] %(levelname)s %(message)s")
    log = logging.getLogger("parley_speech")

    from .server import Server
    from .worker import Worker

    # Shut down if stdin closes: the parent died or dropped us. Watched from the start so a
    # parent that dies during model loading leaves no orphan either.
    stopping = threading.Event()
    server_ref: list[Server] = []

    def stop(reason: str) -> None:
        stopping.set()
        if server_ref:
            server_ref[0].request_stop(reason)
        else:
            log.info("exiting during startup: %s", reason)
            os._exit(0)

    def watch_stdin() -> None:
        try:
            while sys.stdin.buffer.read1(65536):
                pass
        except (OSError, ValueError):
            pass
        stop("stdin closed")

    signal.signal(signal.SIGTERM, lambda *_: stop("SIGTERM"))
    signal.signal(signal.SIGINT, lambda *_: stop("SIGINT"))
    threading.Thread(target=watch_stdin, daemon=True, name="stdin-watch").start()

    start = time.monotonic()
    test_faults = os.environ.get("PARLEY_SPEECH_TEST_FAULTS") == "1"
    try:
        worker = Worker(Path(args.models_dir), stt_model=args.stt_model, threads=args.threads, test_faults=test_faults)
        server = Server(worker, Path(args.socket))
    except Exception as exc:
        log.error("startup failed: %s", exc)
        sys.stderr.flush()
        # Not a normal return: interpreter teardown with model runtimes loaded can abort.
        os._exit(1)
    server_ref.append(server)
    if stopping.is_set():
        server.close()
        os._exit(0)
    log.info("ready in %.2fs on %s (threads=%d%s)", time.monotonic() - start, args.socket, args.threads,
             ", test faults enabled" if test_faults else "")
    sys.stdout.write("READY " + json.dumps(worker.hello_info, separators=(",", ":")) + "\n")
    sys.stdout.flush()
    server.serve_forever()
    log.info("exiting: %s", server.stop_reason)
    sys.stderr.flush()
    # Connection threads may be inside a model call; don't wait for them.
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
