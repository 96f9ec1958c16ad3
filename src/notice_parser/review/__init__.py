"""Reviewer corrections: export tasks as flat JSON Lines, validate the edited file, merge the decisions
back into task graphs, keep them across re-parses, and turn reviewed notices into gold data.

One line of a review file is one task (``ReviewLine``). A reviewer edits fields and sets ``status``:

* ``accepted`` — the task is right as it stands;
* ``corrected`` — some fields were fixed (a changed field with status ``pending`` or ``accepted`` counts
  as a correction, with a warning);
* ``rejected`` — not a task (nothing is ever deleted: a rejected task stays, marked, without edges);
* ``added`` — a task the parser missed: its ``quote`` is found in the notice and gives its offsets.

``apply_review`` is strict (every line must name a notice and a task of GRAPHS.jsonl); ``reapply`` is
what ``parse --reviewed`` uses after a new parse: a decision follows its task by id, or by its quoted
text when the task's boundaries moved (then it is flagged ``needs_review``), and a reviewed task the
parser no longer finds is put back from its quote, flagged. A decision is never silently dropped.

The package's modules: ``format`` (the review line, reading and export), ``apply`` (``review apply``), ``carry``
(decisions kept across re-parses) and ``gold`` (gold data from reviewed notices).
"""

from .apply import Counts, apply_file, apply_review, locate, notice_text
from .carry import Decisions, Placement, keep_unplaced, reapply, unplaced_path
from .format import LIST_FIELDS, LIST_SEP, ReviewError, ReviewLine, export_lines, export_review, iter_graphs, read_review
from .gold import GOLD_FIELDS, against_list, gold_documents, write_gold

__all__ = ["GOLD_FIELDS", "LIST_FIELDS", "LIST_SEP", "Counts", "Decisions", "Placement", "ReviewError", "ReviewLine",
           "against_list", "apply_file", "apply_review", "export_lines", "export_review", "gold_documents",
           "iter_graphs", "keep_unplaced", "locate", "notice_text", "read_review", "reapply", "unplaced_path",
           "write_gold"]
