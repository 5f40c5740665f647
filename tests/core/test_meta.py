"""Agency and year from the title, wherever a page puts it."""
import pytest

from core.extract.meta import find_agency, find_year, normalize_agency

PORTAL = ("河西县人民政府门户网站\n首页 | 政务公开 | 政务服务\n"
          "当前位置：首页 > 政务公开 > 政府信息公开年度报告\n政府信息公开指南\n政府信息公开年报\n"
          "三合乡人民政府2020年政府信息公开工作年度报告\n发布时间：2021-01-15 来源：三合乡人民政府\n"
          "根据《条例》要求，编制本报告。2021年1月。\n")


@pytest.mark.parametrize("text,agency,year", [
    (PORTAL, "三合乡人民政府", 2020),
    ("董家镇2020年政府信息公开工作年度报告\n2020年，董家镇人民政府……", "董家镇人民政府", 2020),
    ("# 盐池县大水坑镇 2020 年 政府信息公开工作年度报告\n", "盐池县大水坑镇人民政府", 2020),
    ("正文\n2024 年上海市科委政府信息公开工作\n年度报告\n根据……", "上海市科委", 2024),
    ("2025 年上海市人民政府办公厅政府信息公开\n工作年度报告\n本年度报告根据", "上海市人民政府办公厅", 2025),
    ("政府信息公开工作年度报告\n总体情况\n2020年以来，肖寨门镇政府认真贯彻", "肖寨门镇人民政府", 2020),
    ("青山镇人民政府\n2022年度政府信息公开工作年度报告\n", "青山镇人民政府", 2022),
])
def test_title_anywhere_in_the_head(text, agency, year):
    assert normalize_agency(find_agency(text)) == agency
    assert find_year(text) == year


@pytest.mark.parametrize("text,agency", [
    # a crawler's "key: value" header and a CMS metadata row before the body (real pages)
    ("标题: 平潭综合实验区2023年度政府信息公开工作年度报告\n发布时间: 2024-01-20\n",
     "平潭综合实验区"),
    ("名称\t沭阳县发展和改革局2023年政府信息公开年度报告\n索引号\t014314799/2024-00002\n",
     "沭阳县发展和改革局"),
    # the body names the agency only through phrases that are not it
    ("政府信息公开工作年度报告\n来源：平潭县人民政府\n本报告由青山镇人民政府编制。", "青山镇人民政府"),
    ("政府信息公开工作年度报告\n本报告通过实验区政府门户网站公开。本年度，白云乡政府认真贯彻……",
     "白云乡人民政府"),
])
def test_agency_past_page_furniture(text, agency):
    assert normalize_agency(find_agency(text)) == agency


@pytest.mark.parametrize("name,formal", [
    ("临江区", "临江区人民政府"), ("平潭综合实验区", "平潭综合实验区"),
    ("经济技术开发区", "经济技术开发区"), ("肖寨门镇政府", "肖寨门镇人民政府"),
    ("城关街道", "城关街道办事处"),
])
def test_formal_names(name, formal):
    assert normalize_agency(name) == formal


@pytest.mark.parametrize("title", ["莲花镇人民政府关于2021年度政府信息公开工作年度报告的公告",
                                   "关于印发《莲花镇人民政府2021年政府信息公开工作年度报告》的通知"])
def test_words_around_the_name_in_a_notice_title(title):
    assert normalize_agency(find_agency(title + "\n")) == "莲花镇人民政府"


@pytest.mark.parametrize("text,agency,year", [
    # a city government's PDF: 年度工作报告 word order, the title over two or three lines
    ("南宁市人民政府2023年政府信息公开年度工作报告\n根据《条例》……", "南宁市人民政府", 2023),
    ("南宁市人民政府\n2023年政府信息公开\n年度工作报告\n根据《条例》……", "南宁市人民政府", 2023),
    ("2022年柳州市人民政府政府信息公开工作年度报告\n", "柳州市人民政府", 2022),
    ("桂林市人民政府办公室2021年政府信息公开年报\n", "桂林市人民政府办公室", 2021),
])
def test_city_government_titles(text, agency, year):
    assert normalize_agency(find_agency(text)) == agency
    assert find_year(text) == year


def test_no_agency_is_none_never_empty(tmp_path):
    text = "政府信息公开工作年度报告\n根据《条例》，本年度共收到申请 3 件。\n"
    assert find_agency(text) is None
    assert normalize_agency(find_agency(text)) is None
    assert normalize_agency("") is None
    path = tmp_path / "无名.txt"
    path.write_text(text + "二、主动公开政府信息情况\n规章 0 0 0\n", encoding="utf-8")
    from core.pipeline import open_report
    _doc, report = open_report(str(path), with_checks=False)
    assert report.to_json()["meta"]["agency"] is None
