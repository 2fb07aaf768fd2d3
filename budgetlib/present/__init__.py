"""Presentation: findings files, highlighted tables, page images, charts, the Excel working paper."""
