"""The first use of what the notebooks draw with, done ahead of them.

Beside their imports, a kernel's first chart (matplotlib setting up the CJK font, ≈0.1 s), first
page image and first styled table cost ≈0.3 s more than the next ones. The kernels' warm process
(budgetlib.kernels) and a batch's fork server call `warm` once; every kernel forked after it has them.
"""

from __future__ import annotations

from decimal import Decimal


def warm() -> None:
    import pandas as pd
    import pypdfium2

    from budgetlib.present import charts, styling

    charts.png(charts.draw(charts.ChartData(1, "bar", ["甲", "乙"], [Decimal(1), Decimal(2)], "预热")))
    charts.png(charts.draw(charts.ChartData(6, "pie", ["甲", "乙"], [Decimal(1), Decimal(2)], "预热")))
    styling.to_html(styling.style(pd.DataFrame({"项目": ["甲"], "金额": ["1.00"]}), "warm"))
    doc = pypdfium2.PdfDocument.new()
    try:
        doc.new_page(100, 100).render(scale=1, grayscale=True).to_pil()
    finally:
        doc.close()
