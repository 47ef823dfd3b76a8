"""Vietnamese text helpers: folding, normalisation, number and date formats, collation, and the
template filters built on them. No database."""

from __future__ import annotations

import datetime as dt
import functools
import random
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.template import Context, Template
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from cnqp.core.choices import Classification
from cnqp.core.templatetags.vn import marking, vn_date, vn_long_date, vn_number
from cnqp.core.text import (
    clean_text,
    fold,
    format_date,
    format_datetime,
    format_decimal,
    format_number,
    long_date,
    nfc,
    search_terms,
    sqlite_vi_collation,
    vi_sort_key,
)

FAST = settings(max_examples=200, deadline=None, database=None)


def nfd(value: str) -> str:
    return unicodedata.normalize("NFD", value)


def vi_sorted(words: list[str]) -> list[str]:
    return sorted(words, key=vi_sort_key)


# --- fold and search terms -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Nghiệm thu QĐ", "nghiem thu qd"),
        ("Đường dây 500", "duong day 500"),
        ("ĐƯỜNG", "duong"),
        ("đường", "duong"),
        ("Quyết định QĐ-123", "quyet dinh qd-123"),
        ("  Phòng \t Kỹ   thuật\n", "phong ky thuat"),
        ("ăâêôơư ÁÀẢÃẠ", "aaeoou aaaaa"),
        ("Nhà máy Z111", "nha may z111"),
        ("", ""),
    ],
)
def test_fold_lowers_strips_diacritics_and_folds_d(value: str, expected: str) -> None:
    assert fold(value) == expected


def test_fold_gives_the_same_result_for_decomposed_input() -> None:
    composed = "Quyết định nghiệm thu Đường dây"
    decomposed = nfd(composed)
    assert decomposed != composed
    assert fold(decomposed) == fold(composed) == "quyet dinh nghiem thu duong day"


@given(st.text())
@FAST
def test_fold_is_idempotent_and_has_no_combining_marks(value: str) -> None:
    folded = fold(value)
    assert fold(folded) == folded
    assert not any(unicodedata.combining(ch) for ch in folded)
    assert "đ" not in folded
    assert folded == folded.strip()
    assert "  " not in folded


def test_search_terms_split_the_folded_query() -> None:
    assert search_terms("  Nghiệm   THU ") == ["nghiem", "thu"]
    assert search_terms(nfd("Đường dây")) == ["duong", "day"]
    assert search_terms("") == []
    assert search_terms("   \t") == []


# --- nfc and clean_text --------------------------------------------------------------------------


def test_nfc_composes_decomposed_input() -> None:
    composed = "Phòng Nghiệm thu Ứng dụng"
    decomposed = nfd(composed)
    assert len(decomposed) > len(composed)
    result = nfc(decomposed)
    assert result == composed
    assert unicodedata.is_normalized("NFC", result)
    assert nfc(composed) == composed  # already composed: unchanged


def test_nfc_keeps_white_space() -> None:
    assert nfc("  a  b ") == "  a  b "


def test_clean_text_composes_trims_and_collapses_white_space() -> None:
    raw = nfd("  Phòng \t Nghiệm\n\nthu  ")
    cleaned = clean_text(raw)
    assert cleaned == "Phòng Nghiệm thu"
    assert unicodedata.is_normalized("NFC", cleaned)


def test_clean_text_of_blank_is_empty() -> None:
    assert clean_text("  \t\n ") == ""


# --- numbers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1234567, 0, "1.234.567"),
        (14.2, 1, "14,2"),
        (0, 0, "0"),
        (0, 2, "0,00"),
        (7, 0, "7"),
        (999, 0, "999"),
        (1000, 0, "1.000"),
        (100000, 0, "100.000"),
        (1234567, 2, "1.234.567,00"),
        (1234567.891, 2, "1.234.567,89"),
        (Decimal("1234.5"), 2, "1.234,50"),
        (-1234567, 0, "-1.234.567"),
        (-14.2, 1, "-14,2"),
        (-999, 0, "-999"),
        (-1000, 0, "-1.000"),
        # Rounding half up (away from zero), on the decimal text, not the binary float.
        (0.5, 0, "1"),
        (1.5, 0, "2"),
        (2.5, 0, "3"),
        (14.25, 1, "14,3"),
        (2.675, 2, "2,68"),
        (1.005, 2, "1,01"),
        (-2.5, 0, "-3"),
        (-14.25, 1, "-14,3"),
        (999.5, 0, "1.000"),
        (0.04, 1, "0,0"),
        # Something that rounds to zero prints no minus sign.
        (-0.4, 0, "0"),
        (-0.04, 1, "0,0"),
    ],
)
def test_format_number(value: int | float | Decimal, decimals: int, expected: str) -> None:
    assert format_number(value, decimals) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (Decimal("12.500000"), "12,5"), (Decimal("7.625"), "7,625"), (Decimal("100.00"), "100"),
    (Decimal("0E-6"), "0"), (Decimal("-1234.5000"), "-1.234,5"), (Decimal("0.000100"), "0,0001"),
    (3, "3"), (None, ""),
])
def test_format_decimal_writes_the_places_a_value_has(value: Decimal | int | None,
                                                      expected: str) -> None:
    """A limit stored in a six-place column is 12,5 on a page, never 12,500000."""
    assert format_decimal(value) == expected


def test_format_number_of_none_is_empty() -> None:
    assert format_number(None) == ""
    assert format_number(None, 2) == ""


@given(st.integers(min_value=-(10**15), max_value=10**15))
@FAST
def test_format_number_round_trips_integers(value: int) -> None:
    text = format_number(value)
    assert "," not in text
    groups = text.lstrip("-").split(".")
    assert all(len(g) == 3 for g in groups[1:])
    assert 1 <= len(groups[0]) <= 3
    assert int(text.replace(".", "")) == value


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=4, allow_nan=False),
       st.integers(min_value=0, max_value=3))
@FAST
def test_format_number_matches_half_up_rounding(value: Decimal, decimals: int) -> None:
    from decimal import ROUND_HALF_UP

    text = format_number(value, decimals)
    whole, _, fraction = text.partition(",")
    assert len(fraction) == decimals
    parsed = Decimal(f"{whole.replace('.', '')}.{fraction}" if fraction else whole.replace(".", ""))
    expected = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    assert parsed == expected


# --- dates ---------------------------------------------------------------------------------------


def test_format_date_is_day_month_year() -> None:
    assert format_date(dt.date(2024, 1, 5)) == "05/01/2024"
    assert format_date(dt.date(2024, 11, 25)) == "25/11/2024"
    assert format_date(None) == ""


def test_format_datetime_is_day_month_year_hours_minutes() -> None:
    assert format_datetime(dt.datetime(2024, 1, 5, 9, 7, 59)) == "05/01/2024 09:07"
    assert format_datetime(None) == ""


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (dt.date(2024, 1, 5), "Hà Nội, ngày 05 tháng 01 năm 2024"),
        (dt.date(2024, 11, 25), "Hà Nội, ngày 25 tháng 11 năm 2024"),
        (dt.date(2024, 2, 9), "Hà Nội, ngày 09 tháng 02 năm 2024"),
        (dt.date(2024, 3, 1), "Hà Nội, ngày 01 tháng 3 năm 2024"),
        (dt.date(2024, 9, 30), "Hà Nội, ngày 30 tháng 9 năm 2024"),
        (dt.date(2024, 10, 10), "Hà Nội, ngày 10 tháng 10 năm 2024"),
        (dt.date(2025, 12, 31), "Hà Nội, ngày 31 tháng 12 năm 2025"),
    ],
)
def test_long_date(date: dt.date, expected: str) -> None:
    assert long_date(date) == expected


def test_long_date_pads_only_january_and_february() -> None:
    months = [long_date(dt.date(2024, m, 15)).split(" tháng ")[1].split(" ")[0]
              for m in range(1, 13)]
    assert months == ["01", "02", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"]


def test_long_date_always_pads_the_day() -> None:
    days = [long_date(dt.date(2024, 3, d)).split("ngày ")[1][:2] for d in range(1, 32)]
    assert days == [f"{d:02d}" for d in range(1, 32)]


def test_long_date_takes_the_place() -> None:
    assert long_date(dt.date(2024, 4, 30), "TP. Hồ Chí Minh") == \
        "TP. Hồ Chí Minh, ngày 30 tháng 4 năm 2024"


# --- Vietnamese collation ------------------------------------------------------------------------

ALPHABET = ["a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "g", "h", "i", "k", "l", "m", "n", "o",
            "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "x", "y"]
TONE_MARKS = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]  # ngang huyền hỏi ngã sắc nặng


def test_vi_sort_key_orders_the_alphabet() -> None:
    shuffled = ALPHABET[:]
    random.Random(7).shuffle(shuffled)
    assert vi_sorted(shuffled) == ALPHABET
    upper = [ch.upper() for ch in ALPHABET]
    assert vi_sorted(list(reversed(upper))) == upper


@pytest.mark.parametrize(
    "tones",
    [
        ["a", "à", "ả", "ã", "á", "ạ"],
        ["ơ", "ờ", "ở", "ỡ", "ớ", "ợ"],
        ["ư", "ừ", "ử", "ữ", "ứ", "ự"],
        ["ma", "mà", "mả", "mã", "má", "mạ"],
        ["Ê", "Ề", "Ể", "Ễ", "Ế", "Ệ"],
    ],
)
def test_vi_sort_key_orders_tones(tones: list[str]) -> None:
    assert vi_sorted(list(reversed(tones))) == tones
    assert vi_sorted(tones[3:] + tones[:3]) == tones


def test_vi_sort_key_letters_before_tones() -> None:
    # The letters decide first, whatever the tones: "ạb" before "ac", "ác" before "ăc".
    assert vi_sorted(["ac", "ạb"]) == ["ạb", "ac"]
    assert vi_sorted(["ăc", "ác"]) == ["ác", "ăc"]
    assert vi_sorted(["Đa", "dạ"]) == ["dạ", "Đa"]
    # Equal letters: the first differing tone decides.
    assert vi_sorted(["mà mạ", "mà má", "ma mạ"]) == ["ma mạ", "mà má", "mà mạ"]


def test_vi_sort_key_sorts_names() -> None:
    names = ["Đông", "Ân", "Dũng", "An", "Bình", "Ăn"]
    assert vi_sorted(names) == ["An", "Ăn", "Ân", "Bình", "Dũng", "Đông"]


def test_vi_sort_key_ignores_case_before_tones() -> None:
    assert vi_sorted(["bình", "An", "ĐÔNG", "dũng"]) == ["An", "bình", "dũng", "ĐÔNG"]
    assert vi_sorted(["AN", "An", "an"]) == ["an", "An", "AN"]  # lower first, as ICU
    assert vi_sorted(["Á", "a"]) == ["a", "Á"]  # the tone outranks the case


def test_vi_sort_key_puts_spaces_punctuation_and_digits_before_letters() -> None:
    # Word by word, as a dictionary (and PostgreSQL's ICU collation) has it.
    assert vi_sorted(["Anh", "An Bình", "An"]) == ["An", "An Bình", "Anh"]
    assert vi_sorted(["Hải", "Hà Nam"]) == ["Hà Nam", "Hải"]
    assert vi_sorted(["Za", "Z111", "Z-1", "Z 2"]) == ["Z 2", "Z-1", "Z111", "Za"]
    assert vi_sorted(["Ab", "A1"]) == ["A1", "Ab"]


def test_vi_sort_key_treats_decomposed_input_as_composed() -> None:
    for word in ["Nghiệm", "Đường", "Ứng", "Quyết định"]:
        assert vi_sort_key(nfd(word))[:3] == vi_sort_key(word)[:3]


def test_sqlite_collation_compares_like_the_key() -> None:
    assert sqlite_vi_collation("An", "Ăn") == -1
    assert sqlite_vi_collation("Đông", "Dũng") == 1
    assert sqlite_vi_collation("Bình", "Bình") == 0
    assert sqlite_vi_collation("a", "à") == -1


def _cmp(left: str, right: str) -> int:
    return sqlite_vi_collation(left, right)


vietnamese_text = st.text(
    alphabet=st.sampled_from(
        [*ALPHABET, *[ch.upper() for ch in ALPHABET], "à", "ả", "ã", "á", "ạ", "ệ", "ữ", "Ợ",
         " ", "-", "0", "1", "9", "z", "w", "ß", "é", "\u0301"]
    ),
    max_size=8,
)
any_text = st.one_of(vietnamese_text, st.text(max_size=8))


@given(any_text, any_text)
@FAST
def test_vi_order_is_antisymmetric_and_only_equal_text_ties(left: str, right: str) -> None:
    assert vi_sort_key(left) == vi_sort_key(left)  # deterministic
    assert _cmp(left, right) == -_cmp(right, left)
    assert (_cmp(left, right) == 0) == (left == right)


@given(any_text, any_text, any_text)
@FAST
def test_vi_order_is_transitive(a: str, b: str, c: str) -> None:
    x, y, z = sorted([a, b, c], key=vi_sort_key)
    assert _cmp(x, y) <= 0
    assert _cmp(y, z) <= 0
    assert _cmp(x, z) <= 0


@given(st.lists(any_text, max_size=12), st.randoms(use_true_random=False))
@FAST
def test_sorting_does_not_depend_on_the_input_order(words: list[str], rnd: random.Random) -> None:
    shuffled = words[:]
    rnd.shuffle(shuffled)
    assert vi_sorted(words) == vi_sorted(shuffled)
    assert sorted(words, key=functools.cmp_to_key(_cmp)) == vi_sorted(words)


# Folding-equal words: the same plain letters, each written with one of its Vietnamese letters
# and one of the six tones (vowels only, which all have precomposed forms).
_VARIANTS = {"a": ["a", "ă", "â"], "e": ["e", "ê"], "o": ["o", "ô", "ơ"], "u": ["u", "ư"],
             "i": ["i"], "y": ["y"], "d": ["d", "đ"], "n": ["n"], "g": ["g"], "h": ["h"],
             "t": ["t"], "m": ["m"]}
_VOWELS = set("aăâeêioôơuưy")


@st.composite
def folding_equal_pair(draw: st.DrawFn) -> tuple[str, str, list[tuple[int, int]],
                                                   list[tuple[int, int]]]:
    plain = draw(st.lists(st.sampled_from(sorted(_VARIANTS)), min_size=1, max_size=6))

    def spell() -> tuple[str, list[tuple[int, int]]]:
        chars, model = [], []
        for base in plain:
            letter = draw(st.sampled_from(_VARIANTS[base]))
            tone = draw(st.integers(0, 5)) if letter in _VOWELS else 0
            chars.append(unicodedata.normalize("NFC", letter + TONE_MARKS[tone]))
            model.append((ALPHABET.index(letter), tone))
        return "".join(chars), model

    first, first_model = spell()
    second, second_model = spell()
    return first, second, first_model, second_model


@given(folding_equal_pair())
@FAST
def test_folding_equal_words_sort_deterministically(
    pair: tuple[str, str, list[tuple[int, int]], list[tuple[int, int]]],
) -> None:
    first, second, first_model, second_model = pair
    assert fold(first) == fold(second)
    # The expected order: letters of the whole word first, then tones, left to right.
    expected = ([p[0] for p in first_model], [p[1] for p in first_model]) > \
        ([p[0] for p in second_model], [p[1] for p in second_model])
    expected_cmp = 0 if first == second else (1 if expected else -1)
    assert _cmp(first, second) == expected_cmp
    assert _cmp(second, first) == -expected_cmp
    assert vi_sorted([first, second]) == vi_sorted([second, first])


# --- template filters ----------------------------------------------------------------------------


def render(source: str, **context: object) -> str:
    return Template(source).render(Context(context))


def test_vn_number_filter() -> None:
    assert vn_number(1234567) == "1.234.567"
    assert vn_number(14.2, 1) == "14,2"
    assert vn_number(14.25, "1") == "14,3"  # template arguments may arrive as strings
    assert vn_number(None) == ""
    assert vn_number("không phải số") == "không phải số"
    assert render("{{ v|vn_number }}", v=1234567) == "1.234.567"
    assert render("{{ v|vn_number:2 }}", v=Decimal("-1234.5")) == "-1.234,50"


def test_vn_date_filter() -> None:
    assert vn_date(dt.date(2024, 1, 5)) == "05/01/2024"
    assert vn_date(dt.datetime(2024, 1, 5, 9, 7)) == "05/01/2024 09:07"  # naive: as is
    # Aware: shown in local time (Asia/Ho_Chi_Minh, UTC+7), which may be the next day.
    aware = dt.datetime(2024, 1, 4, 20, 30, tzinfo=dt.UTC)
    assert vn_date(aware) == "05/01/2024 03:30"
    assert vn_date(None) == ""
    assert vn_date("2024-01-05") == ""
    assert render("{{ d|vn_date }}", d=dt.date(2024, 12, 31)) == "31/12/2024"


def test_vn_long_date_filter() -> None:
    assert vn_long_date(dt.date(2024, 1, 5)) == "Hà Nội, ngày 05 tháng 01 năm 2024"
    assert vn_long_date(dt.date(2024, 3, 5), "Thái Nguyên") == \
        "Thái Nguyên, ngày 05 tháng 3 năm 2024"
    assert vn_long_date(None) == ""
    assert render('{{ d|vn_long_date:"Hà Nội" }}', d=dt.date(2024, 11, 25)) == \
        "Hà Nội, ngày 25 tháng 11 năm 2024"


@pytest.mark.parametrize("level", [Classification.CONFIDENTIAL, Classification.SECRET,
                                   Classification.TOP_SECRET])
def test_marking_renders_a_badge_for_classified_levels(level: Classification) -> None:
    with translation.override("en"):
        html = marking(level)
        rendered = render("{{ level|marking }}", level=int(level))
        label = str(level.label)
    expected = f'<span class="badge marking marking-{int(level)}">{label}</span>'
    assert html == expected
    assert rendered == expected  # marked safe: not escaped by the template
    assert f'class="badge marking marking-{int(level)}"' in marking(str(int(level)))


def test_marking_renders_nothing_for_unclassified_or_nonsense() -> None:
    assert marking(0) == ""
    assert marking(Classification.UNCLASSIFIED) == ""
    assert marking(None) == ""
    assert marking("mật") == ""
    assert marking(9) == ""
    assert render("[{{ level|marking }}]", level=0) == "[]"


def test_marking_badge_is_red() -> None:
    stylesheet = finders.find("cnqp/cnqp.css")
    assert stylesheet, "the shell stylesheet defines the marking colour"
    css = Path(stylesheet).read_text(encoding="utf-8")
    rule = css[css.index(".marking {"):]
    rule = rule[:rule.index("}")]
    assert "#c00" in rule
