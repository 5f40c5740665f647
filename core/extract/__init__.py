"""Table recognition: a read document in, canonical cells with provenance out."""
from .recognize import recognize_report

__all__ = ["recognize_report"]
