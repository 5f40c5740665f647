"""年报通 core: read a 政府信息公开工作年度报告 and return its statistical cells (no Qt here)."""
__version__ = "0.1.0"
