"""Vietnamese knowledge lives in rules/, code holds mechanisms (issue 17).

Fails on any Vietnamese word in a string literal under src/: a run of two or more letters that holds a letter only
Vietnamese writes (ă â đ ê ô ơ ư or a tone mark). Docstrings and comments are prose and are not checked, nor are
pydantic ``description=`` texts (the JSON schema's documentation); letters inside a regex character class ("[a-zđ]",
"[A-ZĐ]") are an alphabet, not a word, and a single letter is no word either.
"""

import ast
import unicodedata
from pathlib import Path

import regex

SRC = Path(__file__).resolve().parents[1] / "src" / "notice_parser"
_CLASS = regex.compile(r"\[(?:\\.|[^\]\\])*\]")
_WORD = regex.compile(r"\p{L}{2,}")


def _vietnamese(ch: str) -> bool:
    if ch in "ăâđêôơưĂÂĐÊÔƠƯ":
        return True
    d = unicodedata.normalize("NFD", ch)
    return len(d) > 1 and d[0].isascii() and any(m in d for m in "\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b")


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                out.add(id(first.value))
    return out


def _descriptions(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "description":
            out |= {id(n) for n in ast.walk(node.value) if isinstance(n, ast.Constant)}
    return out


def vietnamese_literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree) | _descriptions(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            words = _WORD.findall(_CLASS.sub(" ", node.value))
            if any(any(_vietnamese(ch) for ch in w) for w in words):
                found.append((node.lineno, node.value[:60]))
    return found


def test_the_checker_finds_a_vietnamese_word_and_leaves_alphabets_alone(tmp_path):
    f = tmp_path / "m.py"
    f.write_text('"""Doc: giao Sở Y tế."""\nA = regex.compile(r"(?:phải|cần)")\nB = "[a-zđ]"\nC = "Đ"\n'
                 'D = Field(None, description="Điều")\n', encoding="utf-8")
    assert vietnamese_literals(f) == [(2, "(?:phải|cần)")]


def test_no_vietnamese_word_in_source_code():
    found = {p.name: hits for p in sorted(SRC.rglob("*.py")) if (hits := vietnamese_literals(p))}
    assert found == {}, "Vietnamese words in code (move them to rules/ with examples): " + repr(found)
