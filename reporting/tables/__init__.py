"""The evaluation report's tables and figures, computed from a cohort.

`report_compute` returns one plain, JSON-ready structure: a list of sections numbered as in
the national evaluation (Figur 3.1 … Tabel 5.3) and the Ishøj evaluation (Ishøj tabel 1–10),
each with its columns, rows of cells, its N and notes that state every exclusion with its
count. The PDF, the xlsx and the JSON download are drawn from this one structure.

A cell is {"value": number or None, "format": "int|dec1|dec2|pct|kr", "suppressed": bool}
and optionally "share" (a percentage shown next to a count) and "tone" (better/worse/same).
Values are rounded as shown, so every output carries exactly the same numbers.

`ReportBuilder` (builder.py) puts the sections in order; each part of the evaluations is a mixin
of it on base.py's rows and helpers and cells.py's cells: chapter3.py, chapter4.py and
chapter5.py (the national evaluation), ishoej.py and sdq.py (the Ishøj evaluation).
"""

from reporting.tables.builder import ReportBuilder, report_compute
from reporting.tables.cells import AGREEING, AGREEMENTS, SMALL_CELL_LIMIT, Cells
from reporting.tables.sdq import scoring_label

__all__ = ["AGREEING", "AGREEMENTS", "SMALL_CELL_LIMIT", "Cells", "ReportBuilder", "report_compute", "scoring_label"]
