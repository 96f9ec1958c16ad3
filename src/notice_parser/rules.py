"""Rules as data: the Vietnamese knowledge the pipeline uses lives in ``rules/``.

The package ships its rules (in the wheel under ``notice_parser/rules``; in a source
checkout, the repository's ``rules/``). A user adds their own with ``--rules DIR`` (or
``rules_dirs=`` in the library): a file there with the same name as a shipped one extends
it — TSV rows are appended, YAML lists are appended and YAML mappings merged.

Rule sets are loaded lazily, once per process and per combination of folders, and are
read-only afterwards. Each stage compiles what it needs once through ``Rules.compiled``; its patterns are
``LazyPattern``s, compiled at their first use (``compile_pending`` compiles the rest, before workers fork).
"""

from __future__ import annotations

import csv
import hashlib
import pickle
import re
import threading
import weakref
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable

import regex
import yaml

from . import pattern_cache
from .errors import ErrorKind, NoticeParserError

class _SafeLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's C loader where PyYAML has it
    """The safe loader, refusing a key written twice in one mapping (YAML would keep the last one silently, and a
    rule added under a name already taken would replace the first rule without a word)."""

    def construct_mapping(self, node, deep=False):
        seen: dict = {}
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, (str, int, float, bool)) and key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} is written twice (first at line {seen[key] + 1})", key_node.start_mark)
            seen[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)


def yaml_load(text: str) -> Any:
    """Parse YAML text with libyaml's C safe loader (PyYAML's pure-Python one where libyaml is missing); a mapping
    with a key written twice raises ``yaml.YAMLError`` (``RulesError`` with file and line when loaded as rules)."""
    return yaml.load(text, Loader=_SafeLoader)


def alternation(words: Iterable[str], space: str = r"[ ]+") -> str:
    """A regex alternation of rule words, longest first; the spaces inside a phrase match ``space``."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))  # longest first; ties in a fixed order
    return "|".join(space.join(map(regex.escape, w.split())) for w in ordered if w)


# Unicode-property character classes, as the stdlib ``re`` module spells them.
_RE_CLASSES = {r"\p{L}": r"[^\W\d_]", r"\p{L}\d": r"[^\W_]"}
_LOOKAROUND_CLASS = re.compile(r"\(\?(<?)!\[(\\p\{L\}(?:\\d)?)([^\]]*)\]\)")


def fast_compile(pattern: str, flags: int = 0, lazy: bool = False) -> re.Pattern:
    r"""Compile a rule pattern with the stdlib ``re`` engine.

    For big literal alternations (the gazetteer and verb tries, the deadline grammar) ``re`` costs
    about a tenth of ``regex`` per attempted position, which matters on dense text. Its only
    ``regex``-only syntax allowed here is a letter class in a lookaround, ``(?<![\p{L}\d/.])`` or
    ``(?![\p{L}])``, rewritten to ``re``'s ``[^\W\d_]`` (letters) / ``[^\W_]`` (letters and digits).
    ``lazy``: return a ``LazyPattern`` whose ``pattern`` is the rewritten source, compiled with ``re`` at first use.
    Raises ``RulesError`` for ``regex``-only syntax elsewhere (at once, lazy or not).
    """
    def swap(m: re.Match) -> str:
        behind, cls, extra = m.groups()
        out = f"(?{behind}!{_RE_CLASSES[cls]})"
        return out + (f"(?{behind}![{extra}])" if extra else "")

    out = _LOOKAROUND_CLASS.sub(swap, pattern)
    if r"\p{" in out or r"\L<" in out:
        raise RulesError(f"pattern uses regex-only syntax outside a lookaround: {out[:120]!r}")
    re_flags = 0
    for rx_flag, std_flag in ((regex.I, re.I), (regex.X, re.X), (regex.M, re.M), (regex.S, re.S)):
        if flags & rx_flag:
            re_flags |= std_flag
    compiler = pattern_cache.compile_std
    return LazyPattern(out, re_flags, compiler) if lazy else compiler(out, re_flags)


_PENDING: "weakref.WeakSet[LazyPattern]" = weakref.WeakSet()


class LazyPattern:
    """A pattern compiled the first time it is used (``regex`` spends its start-up compiling patterns in Python).

    It stands where the compiled pattern would: ``pattern`` is the source, read without compiling; any other
    attribute (``match``, ``search``, ``finditer``, ``sub``, ``flags``, ``groupindex`` …) is the compiled pattern's,
    copied onto this object at first use, so later calls cost what calls on the compiled pattern cost. A pattern
    that does not compile raises the compiler's error (``regex.error``, ``re.error``) at its first use, or in
    ``compile_pending``.
    """

    def __init__(self, pattern: str, flags: int = 0, compiler: Callable[[str, int], Any] = pattern_cache.compile):
        self.pattern = pattern
        self._flags = flags
        self._compiler = compiler
        _PENDING.add(self)

    def __getattr__(self, name: str) -> Any:  # only for attributes not copied yet
        if name.startswith("_"):
            raise AttributeError(name)
        compiled = self._compiler(self.pattern, self._flags)
        for attr in dir(compiled):
            if not attr.startswith("_"):
                setattr(self, attr, getattr(compiled, attr))
        _PENDING.discard(self)
        return getattr(compiled, name)

    def __reduce__(self):
        return LazyPattern, (self.pattern, self._flags, self._compiler)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LazyPattern) and (self.pattern, self._flags, self._compiler) == (
            other.pattern, other._flags, other._compiler)

    def __hash__(self) -> int:
        return hash((self.pattern, self._flags))

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern[:60]!r}, {self._flags!r})"


def lazy_compile(pattern: str, flags: int = 0) -> LazyPattern:
    """``regex.compile(pattern, flags)``, put off until the pattern is first used (see ``LazyPattern``) and read
    from the disk cache of compiled patterns when an earlier process compiled it (``pattern_cache``)."""
    return LazyPattern(pattern, flags)


def compile_pending() -> int:
    """Compile every ``LazyPattern`` of this process not used yet (before workers fork, or to check a user's rules);
    returns how many. Raises the compiler's error for a pattern that does not compile."""
    pending = list(_PENDING)
    for p in pending:
        p.match  # noqa: B018 — the first attribute read compiles it
    return len(pending)


def first_char_guard(pattern: str, flags: int = 0) -> str:
    r"""A lookahead ``(?=[…])`` of the characters a match of ``pattern`` can start with, or "" when open-ended.

    Put in front of a scanned pattern, it lets the engine reject most positions at one character
    instead of trying every alternative. The set is found by partial matching each candidate
    character (digits, the pattern's own letters in both cases, and a sentinel: if a letter the
    pattern never names can start a match, the set is open and no guard is returned).
    """
    rx = pattern_cache.compile(pattern, flags)
    letters = {ch for ch in pattern if ch.isalpha()}
    alphabet = sorted(set("0123456789") | letters | {ch.upper() for ch in letters} | {ch.lower() for ch in letters})
    if any(rx.match(s, partial=True) for s in ("ж", "Ж", "ω", "_", " ", "(", "-")):
        return ""
    starts = [ch for ch in alphabet if rx.match(ch, partial=True)]
    return f"(?=[{''.join(regex.escape(ch) for ch in starts)}])" if starts else ""


class RulesError(NoticeParserError):
    """A rules file is missing or malformed, or a rules folder does not compile (kind ``rules``)."""

    kind = ErrorKind.RULES.value

    def __init__(self, message: str, path: str | None = None):
        super().__init__(message, ErrorKind.RULES, None)
        self.path = path


def package_rules_dir() -> Path:
    """Where the shipped rules are: inside the installed package, or the checkout's rules/."""
    here = Path(__file__).resolve().parent
    inside = here / "rules"
    if inside.is_dir():
        return inside
    checkout = here.parent.parent / "rules"
    if checkout.is_dir():
        return checkout
    raise RulesError(f"no rules folder found (looked in {inside} and {checkout})")


def _merge(base: Any, extra: Any) -> Any:
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        for k, v in extra.items():
            out[k] = _merge(out[k], v) if k in out else v
        return out
    if isinstance(base, list) and isinstance(extra, list):
        return base + extra
    return extra


class Rules:
    """One read-only rule set: the shipped rules plus any user folders, in order."""

    def __init__(self, dirs: Iterable[Path]):
        self.dirs = [Path(d) for d in dirs]
        for d in self.dirs:
            if not d.is_dir():
                raise RulesError(f"rules folder not found: {d}")
        self._cache: dict[str, Any] = {}
        self._lock = threading.RLock()  # a stage's compile step may compile another stage

    def _files(self, name: str) -> list[Path]:
        return [d / name for d in self.dirs if (d / name).is_file()]

    def yaml(self, name: str) -> Any:
        """The merged content of ``name`` (e.g. ``"normalize.yaml"``) across the folders."""
        key = "yaml:" + name
        if key not in self._cache:
            files = self._files(name)
            if not files:
                raise RulesError(f"rules file not found: {name} (in {', '.join(map(str, self.dirs))})")
            merged: Any = None
            for f in files:
                try:
                    data = yaml_load(f.read_text(encoding="utf-8"))
                except yaml.YAMLError as e:
                    mark = getattr(e, "problem_mark", None)
                    where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
                    what = getattr(e, "problem", None) or str(e).splitlines()[0]
                    raise RulesError(f"{f}{where}: not valid YAML: {what}") from e
                except UnicodeDecodeError as e:
                    raise RulesError(f"{f}: not UTF-8 text (byte offset {e.start})") from e
                merged = data if merged is None else _merge(merged, data)
            self._cache[key] = merged
        return self._cache[key]

    def tsv(self, name: str) -> list[dict[str, str]]:
        """Rows of ``name`` (a TSV with a header line; lines starting with # are comments)."""
        key = "tsv:" + name
        if key not in self._cache:
            files = self._files(name)
            if not files:
                raise RulesError(f"rules file not found: {name}")
            rows: list[dict[str, str]] = []
            header: list[str] | None = None
            for f in files:
                file_header, file_rows = _read_tsv(f)
                if file_header is None:
                    continue
                if header is None:
                    header = file_header
                elif file_header != header and not set(file_header) <= set(header):
                    raise RulesError(f"{f}: header {file_header} differs from {header}")
                # a user's file may leave out columns the shipped one has (they read as empty)
                rows.extend({h: got.get(h, "") for h in header} for _, got in file_rows)
            self._cache[key] = rows
        return self._cache[key]

    def validate(self, shipped: bool = False) -> None:
        """Read every rules file of every folder and check it against its schema (``rules_schema``: one model per
        file), so that a broken file is reported before any notice is read. Raises ``RulesError`` naming the file
        and the line, or the entry and field ("tasks.yaml: not_task.3.regex: not a valid pattern …", "verbs.tsv:8:
        in_names: …", "tasks.yaml: assign_verb: unknown key …"). Compiling the stages' patterns together is
        ``pipeline.validate_rules``' job (this layer knows no stage). ``shipped``: check the package's own files
        against their schemas too (the tests do; a run checks only the user's folders)."""
        if not shipped and not self.dirs[1:] and self._on_disk(pattern_cache.compiled_known, self.version):
            return  # the shipped files, byte for byte (``version``), were read and compiled by an earlier process
        names = sorted({f.name for d in self.dirs for f in d.iterdir() if f.suffix in (".yaml", ".yml", ".tsv")})
        for name in names:
            self.yaml(name) if name.endswith((".yaml", ".yml")) else self.tsv(name)
            for f in self._files(name):
                if f.parent == self.dirs[0] and not shipped:
                    continue  # the shipped rules pass their schemas (tests/test_rules.py); a user's are checked here
                from . import rules_schema  # pydantic is loaded only when a file is checked

                try:
                    if name.endswith((".yaml", ".yml")):
                        rules_schema.validate_yaml(name, yaml_load(f.read_text(encoding="utf-8")))
                    else:
                        rules_schema.validate_tsv(name, _read_tsv(f)[1])
                except ValueError as e:
                    sep = "" if name.endswith(".tsv") else " "
                    raise RulesError(f"{f}:{sep}{e}", str(f)) from None

    def compiled(self, key: str, build: Callable[["Rules"], Any]) -> Any:
        """Build-once cache for a stage's compiled form of these rules: built once per process, or read from the disk
        cache an earlier process with the same code and rules wrote (``pattern_cache``)."""
        value = self._cache.get("compiled:" + key)
        if value is None:
            with self._lock:
                value = self._cache.get("compiled:" + key)
                if value is None:
                    value = self._on_disk(pattern_cache.compiled_get, self.version, key)
                    if value is None:
                        value = build(self)
                        pattern_cache.compiled_put(self.version, key, value)
                    self._cache["compiled:" + key] = value
        return value

    def _on_disk(self, read: Callable[..., Any], *args: Any) -> Any:
        """``read(*args)`` on the disk cache of compiled rules, with this rule set standing for the one pickled in it
        (the cache file is read whole, at the first such call)."""
        _LOADING.rules = self
        try:
            return read(*args)
        finally:
            _LOADING.rules = None

    def __reduce__(self):
        # inside a stage's compiled rules, a reference to the rule set: on loading, the rule set being read (the same
        # rules files, as the cache file is keyed by their version)
        return _loading_rules, ()

    @property
    def version(self) -> str:
        """A short hash of every rules file in use: changes whenever a rule changes."""
        if "version" not in self._cache:
            h = hashlib.sha256()
            for d in self.dirs:
                for f in sorted(d.rglob("*")):
                    if f.is_file() and f.suffix in {".yaml", ".yml", ".tsv", ".jsonl"}:
                        h.update(f.name.encode())
                        h.update(f.read_bytes())
            self._cache["version"] = h.hexdigest()[:12]
        return self._cache["version"]


_LOADING = threading.local()


def _loading_rules() -> "Rules":
    rules = getattr(_LOADING, "rules", None)
    if rules is None:
        raise pickle.UnpicklingError("a rule set is unpickled only while Rules.compiled reads the disk cache")
    return rules


def _read_tsv(f: Path) -> tuple[list[str] | None, list[tuple[int, dict[str, str]]]]:
    """(header, [(line number, row)]) of one TSV rules file; ``RulesError`` on a row longer than its header."""
    numbered = [(i, ln) for i, ln in enumerate(f.read_text(encoding="utf-8").splitlines(), start=1)
                if ln.strip() and not ln.startswith("#")]
    reader = csv.reader([ln for _, ln in numbered], delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader, None)
    rows = []
    for (lineno, _), row in zip(numbered[1:], reader):
        if header is not None and len(row) > len(header):
            raise RulesError(f"{f}:{lineno}: {len(row)} columns, header has {len(header)}")
        rows.append((lineno, {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header or [])}))
    return header, rows


@lru_cache(maxsize=8)
def _load(extra: tuple[str, ...]) -> Rules:
    return Rules([package_rules_dir(), *map(Path, extra)])


def load_rules(rules_dirs: Iterable[str | Path] = ()) -> Rules:
    """The rule set for these user folders (shipped rules first), loaded once per process."""
    return _load(tuple(str(Path(d).resolve()) for d in rules_dirs))
