"""The desktop app (PySide6): the source beside the official tables, corrections, checks, Excel."""
