"""Numbers as a Danish reader expects them: 8,82 and 1.234 and 84 %, and "<5" for small cells.

One function for the PDF and the report page; the xlsx keeps the numbers as numbers with the
same number of decimals (`XLSX_FORMATS`), the JSON as plain numbers.
"""

from decimal import ROUND_HALF_UP, Decimal

SUPPRESSED = "<5"
MISSING = "–"

# Decimals shown per format.
DECIMALS = {"int": 0, "dec1": 1, "dec2": 2, "pct": 0, "kr": 0}
XLSX_FORMATS = {"int": "#,##0", "dec1": "#,##0.0", "dec2": "#,##0.00", "pct": "0", "kr": "#,##0"}


def rounded(value, fmt: str):
    """The value as it is shown, half up: the stored result holds exactly the shown numbers."""
    if value is None:
        return None
    decimals = DECIMALS[fmt]
    quantum = Decimal(1).scaleb(-decimals)
    number = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    return int(number) if decimals == 0 else float(number)


def danish_number(value, decimals: int) -> str:
    text = f"{value:,.{decimals}f}"  # 1,234.56
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_value(value, fmt: str) -> str:
    if value is None:
        return MISSING
    text = danish_number(value, DECIMALS[fmt])
    if fmt == "pct":
        return f"{text} %"
    if fmt == "kr":
        return f"{text} kr."
    return text


def format_cell(cell: dict) -> str:
    if cell.get("suppressed"):
        return SUPPRESSED
    text = format_value(cell.get("value"), cell["format"])
    if cell.get("share") is not None:
        text = f"{text} ({format_value(cell['share'], 'pct')})"
    return text
