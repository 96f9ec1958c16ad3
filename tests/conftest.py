import os
import tempfile
from pathlib import Path

import pytest

# The tests' processes keep their cache of compiled patterns (notice_parser.pattern_cache) in a folder of their own,
# not in the user's cache; subprocesses inherit it.
os.environ.setdefault("NOTICE_PARSER_CACHE_DIR", tempfile.mkdtemp(prefix="np-test-cache-"))

from notice_parser import parse_file

ROOT = Path(__file__).resolve().parent.parent
NOTICES = ROOT / "corpus" / "notices"
SEEDS = sorted(NOTICES.glob("*.txt"))


def seed(prefix: str) -> Path:
    return next(p for p in SEEDS if p.name.startswith(prefix))


@pytest.fixture(scope="session")
def graphs():
    """Every seed notice parsed once for the session, by file-name prefix ('000', '001', …)."""
    return {p.name[:3]: parse_file(p) for p in SEEDS}


def names(graph, ids):
    return sorted(graph.agency_names(ids))
