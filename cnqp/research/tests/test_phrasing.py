"""Zero figures are phrased as a person writes them: a clause whose figure is zero is left
out, and a paragraph with nothing to say says so, never "0 đề tài đủ điều kiện ... 0 sản
phẩm"."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any

from cnqp.research.report import render_section, research_figures

START, END = dt.date(2024, 1, 1), dt.date(2024, 12, 31)


def texts(figures: Any) -> list[str]:
    return render_section(figures).paragraphs


def test_nothing_to_report_is_said_in_words(org: Any, make_user: Any) -> None:
    admin = make_user(["admin"], org.root)
    headline, detail, initiatives = texts(research_figures(admin, START, END))
    assert headline == "Trong kỳ không có đề tài, nhiệm vụ KHCN nào đang thực hiện."
    assert detail == ("Trong kỳ từ 01/01/2024 đến 31/12/2024: không có đề tài, nhiệm vụ nào "
                      "quá hạn, gia hạn, tạm dừng, hủy bỏ hoặc nghiệm thu không đạt.")
    assert initiatives == "Trong kỳ chưa có sáng kiến cải tiến kỹ thuật nào được công nhận."


def test_zero_clauses_are_left_out_and_the_full_sentence_is_unchanged(org: Any,
                                                                       make_user: Any) -> None:
    admin = make_user(["admin"], org.root)
    empty = research_figures(admin, START, END)
    some = dataclasses.replace(empty, in_execution=127, opened=43, completed=30, accepted=20,
                               eligible_o=0, o_series=0, applied=0, extended=2)
    headline, detail, _initiatives = texts(some)
    assert headline == ("Thực hiện 127 đề tài, nhiệm vụ KHCN các cấp, trong đó mở mới 43 đề "
                        "tài, nhiệm vụ; hoàn thành 30 đề tài; đã đánh giá, nghiệm thu 20 đề "
                        "tài, nhiệm vụ.")
    assert detail == "Trong kỳ từ 01/01/2024 đến 31/12/2024: gia hạn 2."
    every = dataclasses.replace(some, eligible_o=15, o_series=11, applied=28)
    assert texts(every)[0] == (
        "Thực hiện 127 đề tài, nhiệm vụ KHCN các cấp, trong đó mở mới 43 đề tài, nhiệm vụ; "
        "hoàn thành 30 đề tài; đã đánh giá, nghiệm thu 20 đề tài, nhiệm vụ, trong đó 15 đề "
        "tài đủ điều kiện sản xuất loạt “O” và 11 sản phẩm sản xuất loạt “O”; có 28 đề tài, "
        "nhiệm vụ được áp dụng vào sản xuất.")
    only_o = dataclasses.replace(some, o_series=11)
    assert "trong đó 11 sản phẩm sản xuất loạt “O”." in texts(only_o)[0]
    for text in texts(some):
        assert not re.search(r"(?<![\d.,])0 ", text), text
