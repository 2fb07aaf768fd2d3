"""Bad input: one clear line, Chinese first, naming the file and the reason."""

from __future__ import annotations


class BadInput(Exception):
    """The file cannot be audited. `reason_zh` is the short category auditors see (空文件, 不是PDF, …)."""

    def __init__(self, path: str, reason_zh: str, reason_en: str, detail: str = ""):
        self.path = str(path)
        self.reason_zh = reason_zh
        self.reason_en = reason_en
        self.detail = detail
        super().__init__(self.line())

    def line(self) -> str:
        extra = f" ({self.detail})" if self.detail else ""
        return f"错误：{self.path}：{self.reason_zh} / error: {self.path}: {self.reason_en}{extra}"
