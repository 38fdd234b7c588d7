import re

import segno

from surveys.qr import QUIET_ZONE, qr_code


def test_the_svg_path_draws_exactly_segnos_dark_modules():
    url = "https://hjemmepaed.example.dk/s/abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG/"
    code = qr_code(url)
    matrix = segno.make(url, error="m").matrix
    drawn = set()
    for x, y, width in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\d+z", code.path):
        drawn.update((int(x) - QUIET_ZONE + dx, int(y) - QUIET_ZONE) for dx in range(int(width)))
    dark = {(x, y) for y, row in enumerate(matrix) for x, cell in enumerate(row) if cell}
    assert drawn == dark
    assert code.size == len(matrix) + 2 * QUIET_ZONE
    assert re.fullmatch(r"[Mhvz0-9 -]+", code.path)  # nothing that would need escaping
