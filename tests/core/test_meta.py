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
