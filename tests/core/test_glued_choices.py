"""Glued table 二 runs that no sum pins down: the possible cuts offered, most plausible first."""
import json
import pathlib

from core.checks.messages import render
from core.extract.glued import ranked_cuts
from core.pipeline import open_report
from tests.core.test_glued import CORPUS, _glued_copy


def test_cuts_that_keep_the_usual_orderings_come_first():
    run = "693665"
    cuts = [[run[s:e] for s, e in spans] for spans in ranked_cuts(run, ("issued", "repealed", "in_force"))]
    assert len(cuts) == 6 and len({tuple(c) for c in cuts}) == 6
    # what is in force includes what was issued this year: the first offers keep that
    first = cuts[0]
    assert int(first[2]) >= int(first[0])
    assert all(int(c[2]) >= int(c[0]) for c in cuts[:3])
    assert ranked_cuts("000", ("issued", "repealed", "in_force")) == [[(0, 1), (1, 2), (2, 3)]]


def test_a_glued_report_offers_the_right_cut_for_each_row_left_blank(tmp_path):
    src = CORPUS / "梨树镇-2021.txt"
    want = json.loads(src.with_name("梨树镇-2021.expected.json").read_text(encoding="utf-8"))["cells"]
    _doc, report = open_report(str(_glued_copy(src, tmp_path)))
    offered = [f for f in report.notices if f.code == "extract.glued" and f.params.get("choices")]
    assert offered, [f.code for f in report.notices]
    for f in offered:
        choices = f.params["choices"]
        assert 2 <= len(choices) <= 6
        row = f.params["row"]
        truth = {k: v for k, v in want.items() if k.startswith(row + ".")}
        assert truth in [c["cells"] for c in choices], (row, choices)
        assert all(report.cells[k] is None for k in truth)          # still blank: a person picks
        assert choices[0]["text"] in render(f)                       # the message names them
    json.dumps(report.to_json(), ensure_ascii=False)                 # the choices travel in the JSON
