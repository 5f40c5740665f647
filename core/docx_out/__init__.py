"""Corrections back into Word: the corrected copy of a DOCX report, and the official tables."""
