"""Last year's report beside a file: found by year in the name and by 机关, compared column by column."""
from core.last_year import candidates, carry_over_findings, last_year_beside, read_last_year
from core.model import Report
from core_fixtures import SHARED_FIXTURES

DALAN = SHARED_FIXTURES / "reports" / "大岚镇-2021.txt"


def report(agency, year, **cells):
    return Report(layout="2021", agency=agency, year=year, source=f"{agency}-{year}.txt", format="txt",
                  cells={k.replace("__", "."): v for k, v in cells.items()})


def test_candidates_and_the_same_body_only(tmp_path):
    text = DALAN.read_text(encoding="utf-8")
    (tmp_path / "大岚镇-2021.txt").write_text(text, encoding="utf-8")
    (tmp_path / "大岚镇-2020.txt").write_text(text.replace("2021", "2020"), encoding="utf-8")
    (tmp_path / "别的镇-2020.txt").write_text(text.replace("2021", "2020").replace("大岚镇", "别的镇"),
                                            encoding="utf-8")
    (tmp_path / "2020说明.pptx").write_bytes(b"x")
    this = tmp_path / "大岚镇-2021.txt"
    assert sorted(p.rsplit("/", 1)[1] for p in candidates(str(this), 2021)) == ["别的镇-2020.txt", "大岚镇-2020.txt"]
    found = last_year_beside(str(this), report("大岚镇人民政府", 2021))
    assert found is not None and found[0].endswith("大岚镇-2020.txt") and found[1].year == 2020
    assert last_year_beside(str(this), report("石门乡人民政府", 2021)) is None
    assert last_year_beside(str(this), report("", 2021)) is None


def test_carry_over_findings_name_the_columns_that_disagree():
    prev = report("大岚镇人民政府", 2020, requests__carry_forward__natural=2, requests__carry_forward__total=2)
    now = report("大岚镇政府", 2021, requests__carried_over__natural=3, requests__carried_over__total=2)
    found = carry_over_findings("上年.pdf", prev, now)
    assert [f.cells for f in found] == [("requests.carried_over.natural",)]
    assert found[0].severity == "warning" and "上年.pdf" in found[0].message and "为 2" in found[0].message


def test_last_years_corrections_saved_beside_it_are_applied(tmp_path):
    from core.corrections import Project, corrections_for, project_path_for
    from core.pipeline import open_report
    text = DALAN.read_text(encoding="utf-8")
    (tmp_path / "大岚镇-2021.txt").write_text(text, encoding="utf-8")
    last = tmp_path / "大岚镇-2020.txt"
    last.write_text(text.replace("2021", "2020"), encoding="utf-8")
    this = tmp_path / "大岚镇-2021.txt"
    _doc, now = open_report(str(this), with_checks=False)
    assert last_year_beside(str(this), now).corrected == 0          # no project: as read
    _doc, prev = open_report(str(last), with_checks=False)
    key = "requests.carry_forward.total"
    Project.of(str(last), prev.layout, corrections_for(prev.layout, prev.cells, {key: 999})).save(
        project_path_for(str(last)))
    found = last_year_beside(str(this), now)
    assert found.corrected == 1 and found.report.cells[key] == 999
    assert read_last_year(str(last)).report.cells[key] == 999
    text_of = [f.message for f in carry_over_findings(*found[:2], now, found.corrected)]
    assert text_of and all("已套用其修改记录中的 1 格修改" in t for t in text_of)
    last.write_text(last.read_text(encoding="utf-8") + "\n", encoding="utf-8")   # changed since saved
    assert last_year_beside(str(this), now).corrected == 0           # a stale project is not applied
