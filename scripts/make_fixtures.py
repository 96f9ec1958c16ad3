"""Regenerate tests/fixtures/notice.pdf (a constructed notice with a text layer).

Needs fpdf2 and the DejaVu Sans font, which the project itself does not depend on:
    python -m venv /tmp/fx && /tmp/fx/bin/pip install fpdf2 && /tmp/fx/bin/python scripts/make_fixtures.py
"""

from pathlib import Path

from fpdf import FPDF

TEXT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "notice.txt"


def main() -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", "", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.set_font("DejaVu", size=11)
    for line in TEXT.read_text(encoding="utf-8").splitlines():
        pdf.multi_cell(0, 6, line or " ", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(TEXT.with_suffix(".pdf")))


if __name__ == "__main__":
    main()
