"""argparse that speaks Chinese and fails in one line (exit 2), whatever the arguments are."""
from __future__ import annotations

import argparse
import os
import re
import sys
from typing import Sequence

from .names import shown

# argparse's own English messages → one plain Chinese line each
_MESSAGES = (
    (re.compile(r"the following arguments are required: (.*)"), "缺少参数：{0}"),
    (re.compile(r"unrecognized arguments: (.*)"), "无法识别的参数：{0}"),
    (re.compile(r"argument (\S+): expected one argument"), "参数 {0} 后面缺少值"),
    (re.compile(r"argument (\S+): invalid int value: (.*)"), "参数 {0} 需要一个整数，而不是 {1}"),
    (re.compile(r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)"),
     "{1} 不是可用的命令（可用：{2}）"),
    (re.compile(r"argument (\S+): ambiguous option: (.*)"), "选项 {1} 不明确"),
    (re.compile(r"argument (\S+): (.*)"), "参数 {0} 有误：{1}"),
)
HINT_DASH = "；文件名以“-”开头时，请写成 ./{name}，或在文件名前加 --"


def chinese(message: str) -> str:
    """argparse's message in Chinese (unknown ones kept, after a Chinese lead-in)."""
    for pattern, template in _MESSAGES:
        m = pattern.fullmatch(message)
        if m:
            return template.format(*m.groups())
    return f"命令行参数有误：{message}"


_DASHED_FILE = re.compile(r"-[^-].*\.[A-Za-z]{2,5}")


def dashed_files_as_paths(argv: Sequence[str]) -> list[str]:
    """`-报告.txt` naming a file that exists becomes `./-报告.txt` (else argparse takes it for
    an option); the other arguments are kept as they are."""
    return [f".{os.sep}{arg}" if _DASHED_FILE.fullmatch(arg) and os.path.isfile(arg) else arg
            for arg in argv]


class ChineseParser(argparse.ArgumentParser):
    """Errors print one Chinese line and exit 2; sub-commands are made of the same class."""

    argv: Sequence[str] = ()   # the command line, for the hint about names starting with "-"

    def error(self, message: str):
        line = chinese(shown(message))
        dashed = next((arg for arg in ChineseParser.argv if _DASHED_FILE.fullmatch(arg)), None)
        if dashed:   # "-报告.txt" taken for an option
            line += HINT_DASH.format(name=shown(dashed))
        sys.stderr.write(f"错误：{line}。用法见 {self.prog} --help\n")
        sys.exit(2)


def positive_int(text: str) -> int:
    """--workers N: a small positive whole number (not 10^5000, not -3)."""
    if not re.fullmatch(r"\s*\d{1,4}\s*", text) or int(text) < 1:
        raise argparse.ArgumentTypeError(f"需要 1–9999 之间的整数，而不是 {shown(text)[:20]}")
    return int(text)
