"""Step registry and runner. Each step prints exactly one result line:
   ##conformance {"name": "...", "ok": true|false, "message": "...", "ms": N}
With --list, each step prints {"name": "..."} instead and nothing runs."""
import json
import sys
import time
import traceback

import dropbox.exceptions

PREFIX = "##conformance "
_steps = []


def step(name):
    """Registers the decorated function as the step called name (names are unique)."""
    def register(fn):
        if any(n == name for n, _ in _steps):
            raise ValueError("duplicate step name: " + name)
        _steps.append((name, fn))
        return fn
    return register


def _emit(record):
    sys.stdout.write(PREFIX + json.dumps(record) + "\n")
    sys.stdout.flush()


def describe(error):
    if isinstance(error, dropbox.exceptions.ApiError):
        return "ApiError (409) in %s: %r" % (error.request_id, error.error)
    if isinstance(error, dropbox.exceptions.HttpError):
        return "%s %s: %s" % (type(error).__name__, getattr(error, "status_code", "?"), getattr(error, "body", error))
    return "".join(traceback.format_exception(type(error), error, error.__traceback__))


def run_all(ctx, list_only):
    for name, fn in _steps:
        if list_only:
            _emit({"name": name})
            continue
        started = time.monotonic()
        try:
            fn(ctx)
            _emit({"name": name, "ok": True, "message": "", "ms": round((time.monotonic() - started) * 1000)})
        except Exception as error:  # every failure is this step's result, the next step still runs
            _emit({"name": name, "ok": False, "message": describe(error), "ms": round((time.monotonic() - started) * 1000)})
