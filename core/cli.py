"""Command line: `python -m core extract|check|export|batch …` (also `nianbao …` when bundled)."""
from __future__ import annotations

import json
import os
import sys
from typing import Optional, Sequence

from . import __version__
from .cli_args import ChineseParser, dashed_files_as_paths, positive_int
from .errors import NianbaoError
from .names import shown

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE, EXIT_INTERNAL = 0, 1, 2, 3


def _parser() -> ChineseParser:
    p = ChineseParser(prog="nianbao", description="年报通：政府信息公开工作年度报告统计表提取、校验与导出")
    p.add_argument("--version", action="version", version=f"年报通 {__version__}")
    sub = p.add_subparsers(dest="command", required=True, parser_class=ChineseParser,
                           metavar="{extract,check,export,batch}")
    ex = sub.add_parser("extract", help="提取统计表，输出 JSON")
    ex.add_argument("file")
    ex.add_argument("--no-checks", action="store_true", help="不运行勾稽校验")
    ex.add_argument("--project", help="应用修改记录文件（.nianbao.json）")
    ck = sub.add_parser("check", help="校验报告，逐条输出问题；有错误时退出码为 1")
    ck.add_argument("file")
    ck.add_argument("--project", help="应用修改记录文件（.nianbao.json）")
    xp = sub.add_parser("export", help="导出为 Excel（-o 结果.xlsx）或 Word（-o 结果.docx）")
    xp.add_argument("file")
    xp.add_argument("-o", "--output", required=True,
                    help=".xlsx：表格与校验；.docx：Word 源文件得到更正后的副本，其他格式得到官方表格")
    xp.add_argument("--project", help="应用修改记录文件（.nianbao.json）")
    xp.add_argument("--review", action="store_true",
                    help="（.docx）送审副本：更正处加高亮，并用批注写明原值 → 新值")
    xp.add_argument("--fix-text", action="store_true",
                    help="（.docx）正文中与表确定对应、却不一致的数字一并改正（默认只列出）")
    xp.add_argument("--tables", action="store_true",
                    help="（.docx）Word 源文件也只导出三张官方表格")
    bt = sub.add_parser("batch", help="批量处理文件和文件夹，汇总到一个 Excel")
    bt.add_argument("inputs", nargs="+")
    bt.add_argument("-o", "--output", required=True)
    bt.add_argument("--workers", type=positive_int, default=None)
    return p


def utf8_streams() -> None:
    """Write UTF-8 whatever the console's code page (936 on Chinese Windows, 1252 on others): the
    output is Chinese, and a redirected `> a.json` must be the same bytes on every PC. A file
    name that is not UTF-8 (escaped bytes) is written escaped, never an encoding error."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")
        except (AttributeError, ValueError):
            pass


MSG_NOTICE = "注意：{message}"


def _open(path: str, project_file: Optional[str], with_checks: bool = True):
    """Read and recognise FILE; replay a project's corrections; then check.

    → (doc, report, corrections in effect: the replayed history, oldest first)"""
    # Each command imports what it uses, here and below: `--version` or a usage error loads
    # no reader, and only `export`/`batch` load openpyxl, python-docx or the process pool.
    from .checks.run import run_checks
    from .pipeline import open_report
    doc, report = open_report(path, with_checks=False)
    corrections: list = []
    if project_file:
        corrections = _replay(project_file, path, report)
    if with_checks:
        report.findings = run_checks(report, doc)
    return doc, report, corrections


def _replay(project_file: str, path: str, report) -> list:
    """Replay a project's corrections onto the report (core.reopen); → the corrections in
    effect. A bad project file is set aside (core.project_schema); the report goes on without."""
    from .corrections import BadProjectFile, load_or_set_aside   # only with --project
    from .reopen import reopen
    try:
        project = load_or_set_aside(project_file)
    except BadProjectFile as exc:
        print(MSG_NOTICE.format(message=exc.message), file=sys.stderr)
        return []
    reopened = reopen(project, report, path)   # checked against FILE, not the recorded path
    for line in reopened.lines(report.layout):
        print(MSG_NOTICE.format(message=line), file=sys.stderr)
    return reopened.corrections


def cmd_extract(args) -> int:
    _, report, _ = _open(args.file, args.project, not args.no_checks)
    # One write: json.dump would write every token on its own (6000 calls for one report).
    sys.stdout.write(json.dumps(report.to_json(), ensure_ascii=False, indent=1) + "\n")
    return EXIT_OK


def cmd_check(args) -> int:
    from .checks.text_report import exit_code, format_findings, heading   # per command (_open)
    _, report, _ = _open(args.file, args.project)
    findings = report.notices + report.findings
    for line in [heading(report)] + format_findings(findings):
        print(line)
    return exit_code(findings)


def cmd_export(args) -> int:
    doc, report, corrections = _open(args.file, args.project)
    if args.output.lower().endswith(".docx"):
        from .docx_out.export import export_word   # python-docx only for Word output
        done = export_word(doc, report, corrections, args.output, review=args.review,
                           tables=args.tables, fix_text=args.fix_text)
        print(f"已导出{'更正后的报告' if done.kind == 'copy' else '官方表格'}：{args.output}",
              file=sys.stderr)
        for line in done.lines(report.layout):
            print(MSG_NOTICE.format(message=line), file=sys.stderr)
        return EXIT_OK
    from .xlsx.report import write_report   # openpyxl only for Excel output
    write_report(report, args.output, corrections=corrections, doc=doc)
    print(f"已导出：{shown(args.output)}", file=sys.stderr)
    return EXIT_OK


def cmd_batch(args) -> int:
    from .batch import run_batch   # the pool and the summary only for `batch` (see _open)
    from .progress import ProgressBar
    from .xlsx.summary import write_summary
    bar = ProgressBar()
    result = run_batch(args.inputs, workers=args.workers, progress=bar)
    bar.close()
    write_summary(result, args.output)
    skipped = f"，{len(result.skipped)} 个文件不是报告格式已跳过" if result.skipped else ""
    print(f"已汇总 {len(result.reports)} 份报告，{len(result.failures)} 个文件无法读取{skipped}："
          f"{shown(args.output)}",
          file=sys.stderr)
    return EXIT_OK if result.reports else EXIT_UNREADABLE


COMMANDS = {"extract": cmd_extract, "check": cmd_check, "export": cmd_export, "batch": cmd_batch}


def main(argv: Optional[Sequence[str]] = None) -> int:
    utf8_streams()
    argv = dashed_files_as_paths(sys.argv[1:] if argv is None else argv)
    ChineseParser.argv = argv
    args = _parser().parse_args(argv)
    try:
        code = COMMANDS[args.command](args)
        sys.stdout.flush()   # disk full shows here, not as a traceback at exit
        return code
    except NianbaoError as exc:
        _say(f"错误：{exc.message}")
        return exc.exit_code
    except BrokenPipeError:  # output piped into `head`: not an error
        _silence_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        _say("已取消。")
        return 130
    except OSError as exc:   # stdout on a full disk, an output folder gone away
        _silence_stdout()
        _say(f"错误：无法写出结果：{_os_reason(exc)}。")
        return EXIT_UNREADABLE
    except Exception as exc:  # never a traceback for the user: one line, and the detail logged
        from .crashlog import log_exception   # only on the way out of a failure
        where = log_exception(exc)
        detail = " ".join(shown(str(exc)).split())[:200]
        _say(f"程序内部错误：{type(exc).__name__}: {detail}（详情见 {shown(where)}）")
        return EXIT_INTERNAL


def _say(line: str) -> None:
    """One line on stderr, whatever the line holds and wherever stderr goes."""
    try:
        print(line.replace("\n", " "), file=sys.stderr)
    except (OSError, ValueError):
        pass


def _os_reason(exc: OSError) -> str:
    import errno
    return "磁盘已满" if exc.errno == errno.ENOSPC else shown(exc.strerror or type(exc).__name__)


def _silence_stdout() -> None:
    # What is still buffered cannot be written; a second failure at exit would print a
    # traceback, so stdout points at the null device from here on.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


if __name__ == "__main__":
    sys.exit(main())
