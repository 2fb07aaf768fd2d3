"""The columns of a findings listing and their Chinese titles: the CSV and the workbook's findings sheet
share them (their own module, so that findings_io and workbook need not import each other)."""

COLUMNS = ["rule", "severity", "outcome", "section", "table", "project", "project_name", "row", "column",
           "indicator", "field", "page", "stated", "expected", "difference", "message"]
COLUMN_TITLES = {
    "rule": "规则", "severity": "严重程度", "outcome": "结论", "section": "章节", "table": "附表", "project": "项目序号",
    "project_name": "项目", "row": "行", "column": "列", "indicator": "指标序号", "field": "字段",
    "page": "页码", "stated": "报告数", "expected": "应为", "difference": "差额", "message": "说明",
}
