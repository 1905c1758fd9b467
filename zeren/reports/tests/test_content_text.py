import datetime

from zeren.reports.content import chinese_date, ordinal, period_phrase, quoted, title_phrase
from zeren.reports.counting import Period


def test_points_past_ten_keep_counting_in_chinese():
    assert [ordinal(n) for n in (1, 10, 11, 13)] == ["一是", "十是", "十一是", "十三是"]


def test_highlight_titles_are_quoted_once():
    assert quoted("清明祭扫") == "“清明祭扫”"
    assert quoted("“好家风 好家训”家庭美德教育") == "“好家风 好家训”家庭美德教育"


def test_period_names_and_dates_read_like_an_official_document():
    assert chinese_date(datetime.date(2023, 7, 1)) == "2023年7月1日"
    ytd = Period(datetime.date(2023, 1, 1), datetime.date(2023, 7, 31))
    assert period_phrase(ytd) == "年初以来"
    assert title_phrase(ytd) == "2023年年初以来"
    assert title_phrase(Period(datetime.date(2023, 1, 1), datetime.date(2023, 6, 30))) == \
        "2023年上半年"
    assert title_phrase(Period.year(2023)) == "2023年"
