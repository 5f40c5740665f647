"""The seam between the window and what acts for it (files.py, actions.py): one typed context object."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from .session import Session
from .settings import Settings


@dataclass(eq=False)
class Workspace:
    """The open report and the services acting on it (as git-cola passes its `context`).

    The window owns one and hands it to files.py and actions.py, which read and change the
    report only through it; none of them sets attributes on the window.
    """

    parent: QWidget                           # owner of the dialogs
    settings: Settings
    stack: QUndoStack                         # the one history of edits
    interactive: bool                         # False for --screenshot: never ask anything
    show_message: Callable[[str], None]       # the status line
    fail: Callable[[str, str, str], None]     # (path, message, detail): a file could not be used
    session: Optional[Session] = None         # the open report, if any
    recover_without_asking: Optional[str] = None   # a source whose autosave was chosen at start-up
