"""A disk cache of compiled ``regex`` patterns, so that a new process does not compile the rules again.

The ``regex`` engine compiles a pattern in Python (about a millisecond each; the rules hold several hundred), which
is most of a one-file run's start-up. A compiled ``regex`` pattern pickles as its compiled program, and unpickling
it skips the compiler (``regex``'s own pickle support), so the patterns a process compiled are written once, at its
exit, to ``<cache dir>/patterns-<regex version>-<python tag>.pickle`` and read by the next process.

- The key is the pattern's source and flags, so a change of the rules (shipped or a user's ``--rules``) simply
  compiles the new patterns and adds them; entries no process has used are dropped when the file grows past
  ``MAX_ENTRIES``.
- Cache dir: ``$NOTICE_PARSER_CACHE_DIR``; else ``$XDG_CACHE_HOME/notice-parser``; else
  ``~/.cache/notice-parser`` (``%LOCALAPPDATA%\\notice-parser`` on Windows). ``NOTICE_PARSER_CACHE_DIR=""``
  turns the cache off.
- The cache is only a speed-up: a missing, unreadable, corrupt or foreign file is ignored (and replaced at exit),
  a folder that cannot be written is left alone, and nothing is raised. Only ``regex``'s compile function and its
  flag type may be named inside the file: anything else makes the file count as corrupt, so loading it cannot run
  other code.
"""

from __future__ import annotations

import atexit
import os
import pickle
import sys
import tempfile
import threading
from pathlib import Path
from typing import Optional

import regex

MAX_ENTRIES = 20_000
_FORMAT = 1
_ALLOWED_GLOBALS = {("regex._regex", "compile"), ("regex._regex_core", "RegexFlag")}


class _PatternUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if (module, name) in _ALLOWED_GLOBALS:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the pattern cache")


def cache_path() -> Optional[Path]:
    """The cache file this process reads and writes, or None when the cache is turned off (see the module doc)."""
    env = os.environ.get("NOTICE_PARSER_CACHE_DIR")
    if env is not None:
        if not env.strip():
            return None
        base = Path(env)
    elif os.environ.get("XDG_CACHE_HOME"):
        base = Path(os.environ["XDG_CACHE_HOME"]) / "notice-parser"
    elif sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        base = Path(os.environ["LOCALAPPDATA"]) / "notice-parser"
    else:
        base = Path.home() / ".cache" / "notice-parser"
    tag = sys.implementation.cache_tag or "python"
    return base / f"patterns-{regex.__version__}-{tag}.pickle"


class _Store:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.loaded = False
        self.path: Optional[Path] = None
        self.patterns: dict[tuple[str, int], object] = {}
        self.used: set[tuple[str, int]] = set()
        self.new = 0

    def load(self) -> None:
        self.loaded = True
        self.path = cache_path()
        if self.path is None:
            return
        try:
            with open(self.path, "rb") as f:
                data = _PatternUnpickler(f).load()
            if isinstance(data, dict) and data.get("format") == _FORMAT and isinstance(data.get("patterns"), dict):
                self.patterns = data["patterns"]
        except Exception:  # noqa: BLE001 — missing, corrupt or foreign: compile afresh and replace it at exit
            self.patterns = {}
        atexit.register(self.save)

    def save(self) -> None:
        """Write the patterns to the cache file if this process compiled new ones; never raises."""
        if self.path is None or not self.new:
            return
        with self.lock:
            keep = self.patterns
            if len(keep) > MAX_ENTRIES:
                keep = {k: v for k, v in keep.items() if k in self.used}
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".patterns-", suffix=".tmp")
                try:
                    with os.fdopen(fd, "wb") as f:
                        pickle.dump({"format": _FORMAT, "patterns": keep}, f, protocol=pickle.HIGHEST_PROTOCOL)
                    os.replace(tmp, self.path)
                finally:
                    if os.path.exists(tmp):
                        os.unlink(tmp)
            except OSError:
                return  # a folder we may not write: the cache stays as it was
            self.new = 0


_STORE = _Store()


def compile(pattern: str, flags: int = 0):  # noqa: A001 — stands where ``regex.compile`` would
    """``regex.compile(pattern, flags)``, read from the disk cache when an earlier process compiled it.

    Returns a ``regex.Pattern``; raises ``regex.error`` for a pattern that does not compile (never cached).
    """
    key = (pattern, flags)
    with _STORE.lock:
        if not _STORE.loaded:
            _STORE.load()
        hit = _STORE.patterns.get(key)
        if hit is not None:
            _STORE.used.add(key)
            return hit
    compiled = regex.compile(pattern, flags)
    with _STORE.lock:
        _STORE.patterns[key] = compiled
        _STORE.used.add(key)
        _STORE.new += 1
    return compiled


def save() -> None:
    """Write newly compiled patterns now rather than at exit (e.g. before a long batch); never raises."""
    _STORE.save()
