"""The text layer's span sets and line iterator: their doctests run as tests."""

import doctest

from notice_parser import spans


def test_spans_doctests():
    result = doctest.testmod(spans)
    assert result.attempted >= 4 and result.failed == 0
