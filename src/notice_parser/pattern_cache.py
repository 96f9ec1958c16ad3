"""Disk caches that spare a new process the compiling of the rules: compiled ``regex`` patterns, and each stage's
compiled rules (``Rules.compiled``: gazetteer tables, tries; the glued-syllable word list in a file of its own).

The ``regex`` engine compiles a pattern in Python (about a millisecond each; the rules hold several hundred), and
the agencies stage builds its gazetteer and place tables in Python (about 0.15 s): together most of a one-file
run's start-up. A compiled ``regex`` pattern pickles as its compiled program, and unpickling it skips the compiler
(``regex``'s own pickle support); a stage's compiled rules pickle as plain tables. What a process built is written
once, at its exit, and read by the next process:

- ``<cache dir>/patterns-<regex version>-<python tag>.pickle``: patterns keyed by their source and flags, so a
  change of the rules (shipped or a user's ``--rules``) simply compiles the new patterns and adds them; entries no
  process has used are dropped when the file grows past ``MAX_ENTRIES``.
- ``<cache dir>/compiled-<code hash>-<rules version>-<python tag>.pickle``: the stages' compiled rules, reused only
  by the same source code (``code_hash``) and the same rules files (``Rules.version``); the oldest such files beyond
  ``MAX_COMPILED_FILES`` are removed.
- Cache dir: ``$NOTICE_PARSER_CACHE_DIR``; else ``$XDG_CACHE_HOME/notice-parser``; else
  ``~/.cache/notice-parser`` (``%LOCALAPPDATA%\\notice-parser`` on Windows). ``NOTICE_PARSER_CACHE_DIR=""``
  turns the caches off.
- A cache is only a speed-up: a missing, unreadable, corrupt or foreign file is ignored (and replaced at exit),
  a folder that cannot be written is left alone, and nothing is raised. Loading names only what a cache holds:
  ``regex``'s compile function and flag type, stdlib ``re``'s compile, and (compiled rules) this package's
  classes plus its pattern compiler and the rule set being read; anything else makes the file count as corrupt.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import pickle
import sys
import tempfile
import threading
from pathlib import Path
from typing import Callable, Optional

import regex

MAX_ENTRIES = 20_000
MAX_COMPILED_FILES = 8
_FORMAT = 1
_PATTERN_GLOBALS = {("regex._regex", "compile"), ("regex._regex_core", "RegexFlag")}
# the compiled rules hold the project's own objects, ``regex`` patterns and stdlib ``re`` patterns (pickled as source)
_COMPILED_GLOBALS = _PATTERN_GLOBALS | {("re", "_compile"), ("re", "compile"), ("re", "RegexFlag"), ("datetime", "date")}


def _allowed_patterns(module: str, name: str) -> bool:
    return (module, name) in _PATTERN_GLOBALS


# of the project's own names, only its classes and these two functions (a LazyPattern's compiler, the rules' loader)
_OWN_FUNCTIONS = {(f"{__package__}.pattern_cache", "compile"), (f"{__package__}.pattern_cache", "compile_std"),
                  (f"{__package__}.rules", "_loading_rules")}


def _allowed_compiled(module: str, name: str) -> bool:
    return (module, name) in _COMPILED_GLOBALS or (module, name) in _OWN_FUNCTIONS or (
        module.startswith(f"{__package__}.") and "." not in name)


class _Unpickler(pickle.Unpickler):
    def __init__(self, f, allowed: Callable[[str, str], bool]):
        super().__init__(f)
        self._allowed = allowed

    def find_class(self, module: str, name: str):
        if self._allowed(module, name):
            found = super().find_class(module, name)
            if isinstance(found, type) or not module.startswith(f"{__package__}.") or (module, name) in _OWN_FUNCTIONS:
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")


def cache_dir() -> Optional[Path]:
    """The folder of the caches, or None when they are turned off (see the module doc)."""
    env = os.environ.get("NOTICE_PARSER_CACHE_DIR")
    if env is not None:
        if not env.strip():
            return None
        return Path(env)
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "notice-parser"
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "notice-parser"
    return Path.home() / ".cache" / "notice-parser"


def _tag() -> str:
    return sys.implementation.cache_tag or "python"


def cache_path() -> Optional[Path]:
    """The file of compiled patterns this process reads and writes, or None when the cache is turned off."""
    base = cache_dir()
    return None if base is None else base / f"patterns-{regex.__version__}-{_tag()}.pickle"


_CODE_HASH: list[str] = []


def code_hash() -> str:
    """A short hash of this package's source files: compiled rules are only reused by the code that built them."""
    if not _CODE_HASH:
        h = hashlib.sha256()
        for f in sorted(Path(__file__).resolve().parent.glob("*.py")):
            h.update(f.name.encode())
            h.update(f.read_bytes())
        _CODE_HASH.append(h.hexdigest()[:12])
    return _CODE_HASH[0]


class _Store:
    """One pickle file of entries: read at first use, written back at exit when this process added any."""

    def __init__(self, allowed: Callable[[str, str], bool], path: Callable[[], Optional[Path]],
                 max_entries: int = MAX_ENTRIES, max_files: int = 0) -> None:
        self.lock = threading.RLock()
        self.allowed = allowed
        self.path_for = path
        self.max_entries = max_entries
        self.max_files = max_files  # >0: also remove the oldest files of the same kind beyond this many
        self.loaded = False
        self.path: Optional[Path] = None
        self.patterns: dict = {}
        self.used: set = set()
        self.new = 0

    def load(self) -> None:
        self.loaded = True
        self.path = self.path_for()
        if self.path is None:
            return
        try:
            with open(self.path, "rb") as f:
                data = _Unpickler(f, self.allowed).load()
            if isinstance(data, dict) and data.get("format") == _FORMAT and isinstance(data.get("patterns"), dict):
                self.patterns = data["patterns"]
        except Exception:  # noqa: BLE001 — missing, corrupt or foreign: build afresh and replace it at exit
            self.patterns = {}
        atexit.register(self.save)

    def has_entries(self) -> bool:
        with self.lock:
            if not self.loaded:
                self.load()
            return bool(self.patterns)

    def get(self, key):
        with self.lock:
            if not self.loaded:
                self.load()
            hit = self.patterns.get(key)
            if hit is not None:
                self.used.add(key)
            return hit

    def put(self, key, value) -> None:
        with self.lock:
            self.patterns[key] = value
            self.used.add(key)
            self.new += 1

    def save(self) -> None:
        """Write the entries to the cache file if this process added any; never raises."""
        if self.path is None or not self.new:
            return
        with self.lock:
            keep = self.patterns
            if len(keep) > self.max_entries:
                keep = {k: v for k, v in keep.items() if k in self.used}
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".cache-", suffix=".tmp")
                try:
                    with os.fdopen(fd, "wb") as f:
                        pickle.dump({"format": _FORMAT, "patterns": keep}, f, protocol=pickle.HIGHEST_PROTOCOL)
                    os.replace(tmp, self.path)
                finally:
                    if os.path.exists(tmp):
                        os.unlink(tmp)
            except (OSError, pickle.PicklingError, TypeError, AttributeError):
                return  # a folder we may not write, or an entry that does not pickle: the cache stays as it was
            self.new = 0
            if self.max_files:
                self._prune()

    def _prune(self) -> None:
        kind = self.path.name.split("-", 1)[0]
        try:
            files = sorted(self.path.parent.glob(f"{kind}-*.pickle"), key=lambda f: f.stat().st_mtime, reverse=True)
            for old in files[self.max_files:]:
                old.unlink()
        except OSError:
            pass


_STORE = _Store(_allowed_patterns, cache_path)


def compile(pattern: str, flags: int = 0):  # noqa: A001 — stands where ``regex.compile`` would
    """``regex.compile(pattern, flags)``, read from the disk cache when an earlier process compiled it.

    Returns a ``regex.Pattern``; raises ``regex.error`` for a pattern that does not compile (never cached).
    """
    key = (pattern, flags)
    hit = _STORE.get(key)
    if hit is not None:
        return hit
    compiled = regex.compile(pattern, flags)
    _STORE.put(key, compiled)
    return compiled


def _sre_parts(pattern: str, flags: int):
    """What ``re`` hands its C engine for ``pattern``: (flags, program, groups, group index, index group).

    CPython's own steps (``re._compiler.compile``), stopped before ``_sre.compile``; None where this Python's ``re``
    is laid out otherwise (then the pattern is simply compiled each time)."""
    try:
        from re import _compiler, _parser

        p = _parser.parse(pattern, flags)
        code = _compiler._code(p, flags)
        indexgroup = [None] * p.state.groups
        for k, i in p.state.groupdict.items():
            indexgroup[i] = k
        return int(flags | p.state.flags), [int(c) for c in code], p.state.groups - 1, dict(p.state.groupdict), tuple(indexgroup)
    except Exception:  # noqa: BLE001 — another Python's internals: no cache for stdlib patterns
        return None


def compile_std(pattern: str, flags: int = 0):
    """``re.compile(pattern, flags)`` (stdlib), its compiled program read from the disk cache when an earlier
    process built it.

    The stdlib engine's compiled patterns do not pickle (they pickle as their source and compile again), and its
    compiler is Python code: the gazetteer and verb tries took about 0.18 s of every process's start. The cache
    keeps what the compiler produced (a list of integers, keyed by the engine's ``MAGIC`` and the pattern) and
    hands it to the engine, which checks it (a program it rejects raises, and the pattern is compiled afresh).
    Returns an ``re.Pattern``; raises ``re.error`` for a pattern that does not compile (never cached).
    """
    import re

    flags = int(flags)  # a RegexFlag would need ``re`` to unpickle
    try:
        import _sre

        key = ("sre", getattr(_sre, "MAGIC", 0), pattern, flags)
    except ImportError:  # pragma: no cover — not CPython
        return re.compile(pattern, flags)
    hit = _STORE.get(key)
    if hit is not None:
        try:
            compiled = _sre.compile(pattern, *hit)
            if compiled.pattern == pattern:
                return compiled
        except Exception:  # noqa: BLE001 — a program this engine does not take: compile afresh
            pass
    parts = _sre_parts(pattern, flags)
    if parts is None:
        return re.compile(pattern, flags)
    _STORE.put(key, parts)
    return _sre.compile(pattern, *parts)


class _CompiledStores:
    """The compiled rules of each rules version: ``compiled-<code hash>-<rules version>-<python tag>.pickle``."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.stores: dict[str, _Store] = {}

    def store(self, rules_version: str) -> _Store:
        with self.lock:
            st = self.stores.get(rules_version)
            if st is None:
                def path() -> Optional[Path]:
                    base = cache_dir()
                    return None if base is None else base / f"compiled-{code_hash()}-{rules_version}-{_tag()}.pickle"
                st = self.stores[rules_version] = _Store(_allowed_compiled, path, max_files=MAX_COMPILED_FILES)
            return st


_COMPILED = _CompiledStores()


def compiled_get(rules_version: str, key: str):
    """A stage's compiled rules (``Rules.compiled``) as an earlier process built them, or None."""
    return _COMPILED.store(rules_version).get(key)


def compiled_put(rules_version: str, key: str, value) -> None:
    """Keep a stage's compiled rules for later processes (written at exit; an entry that does not pickle leaves the
    file as it was)."""
    _COMPILED.store(rules_version).put(key, value)


def compiled_known(rules_version: str) -> bool:
    """Did an earlier process compile rules of this version (files read, byte for byte the same) and keep them?"""
    return _COMPILED.store(rules_version).has_entries()


def save() -> None:
    """Write newly compiled patterns and rules now rather than at exit (e.g. before a long batch); never raises."""
    _STORE.save()
    for st in list(_COMPILED.stores.values()):
        st.save()
