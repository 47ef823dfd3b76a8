"""Demo legal work, 2019-2025, through the services (audited), telling the articles' story:

- 2021 (Cục QLCN's review): the Technology Management Department starts drafting two
  circulars, “Quyền sử dụng tài liệu thiết kế các sản phẩm quốc phòng” and “Quản lý tài liệu
  công nghệ” (proposal and drafting in 2021; consultation and issue in 2022, one on time, one
  late);
- the Law on the Defence Industry, Security and Industrial Mobilisation (led by the
  directorate's office): its proposal dossier in 2021-2022, put to the ministries, sectors
  and localities in the first half of 2022, drafted, consulted and appraised in 2023, passed by
  the National Assembly on 27/06/2024 as Luật số 54/2024/QH15, in force from 01/07/2025 (it
  replaces the 2008 Ordinance on the Defence Industry in the register);
- 2023: six documents issued (three circulars, two decisions, a guideline), three of the five
  with a deadline on time, one circular overdue at the year's end; a register of about forty
  documents issued since 2008, some amended, replaced or repealed, some due for review, a few
  classified.

Deterministic (no randomness at all); no date after 2025. Written by the legal desks' own
users: `vptc` (Văn phòng Tổng cục) and `qlcn` (Cục Quản lý công nghệ)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cnqp.core.choices import Classification
from cnqp.core.models import User
from cnqp.core.site.demo import DemoContext
from cnqp.legal import services
from cnqp.legal.choices import DocumentKind, InstrumentStatus, Stage
from cnqp.legal.models import LegalDraft

ORDER = 66
BQP = "Bộ Quốc phòng"
TCCNQP = "Tổng cục Công nghiệp quốc phòng"
MINISTRIES = "các bộ, ngành, địa phương"
D = dt.date
K = DocumentKind
S = Stage

# The drafts: kind, title, lead unit, authority, plan year, deadline, classification, the
# steps (stage, date, decision; the issue step's decision is the number as printed), the
# consultation rounds (sent, due, closed, responses, bodies, unit codes), effective from.
DRAFTS: list[dict[str, Any]] = [
    dict(kind=K.CIRCULAR, title="Quy định về quản lý, sử dụng kinh phí nghiên cứu khoa học "
         "trong công nghiệp quốc phòng", unit="QLCN", authority=BQP, year=2019,
         deadline=D(2019, 12, 31),
         steps=[(S.DRAFTING, D(2019, 3, 12), "Kế hoạch xây dựng văn bản năm 2019"),
                (S.APPRAISAL, D(2019, 8, 20), ""), (S.ISSUED, D(2019, 11, 25),
                                                     "88/2019/TT-BQP")],
         rounds=[(D(2019, 6, 3), D(2019, 7, 3), D(2019, 7, 10), 14, "",
                  ["KHDT", "CKT", "VPTC"])]),
    dict(kind=K.DECISION, title="Quy chế làm việc của Tổng cục Công nghiệp quốc phòng",
         unit="VPTC", authority=TCCNQP, year=2019, deadline=D(2019, 9, 30),
         steps=[(S.DRAFTING, D(2019, 5, 6), ""), (S.SUBMISSION, D(2019, 8, 26), ""),
                (S.ISSUED, D(2019, 9, 12), "2150/QĐ-TCCNQP")]),
    dict(kind=K.CIRCULAR, title="Quy định về quản lý hoạt động sản xuất, sửa chữa vũ khí, "
         "trang bị kỹ thuật", unit="QLCN", authority=BQP, year=2020, deadline=D(2020, 12, 31),
         steps=[(S.PROPOSAL, D(2020, 2, 10), ""), (S.DRAFTING, D(2020, 4, 1), ""),
                (S.APPRAISAL, D(2020, 12, 8), ""), (S.ISSUED, D(2021, 3, 15),
                                                     "18/2021/TT-BQP")],
         rounds=[(D(2020, 8, 17), D(2020, 9, 17), D(2020, 9, 30), 21, "",
                  ["KHDT", "BTM", "Z111", "Z113"])]),
    dict(kind=K.GUIDELINE, title="Công tác phổ biến, giáo dục pháp luật trong các doanh "
         "nghiệp quốc phòng", unit="VPTC", authority=TCCNQP, year=2020,
         steps=[(S.DRAFTING, D(2020, 4, 20), ""), (S.ISSUED, D(2020, 8, 14),
                                                    "35/HD-TCCNQP")]),
    # 2021: Cục QLCN's two circulars (article 001)
    dict(kind=K.CIRCULAR, title="Quyền sử dụng tài liệu thiết kế các sản phẩm quốc phòng",
         unit="QLCN", authority=BQP, year=2022, deadline=D(2022, 9, 30),
         steps=[(S.PROPOSAL, D(2021, 3, 15), "Kế hoạch xây dựng văn bản năm 2021"),
                (S.DRAFTING, D(2021, 6, 10), "Thành lập Tổ soạn thảo"),
                (S.APPRAISAL, D(2022, 8, 15), "Vụ Pháp chế Bộ Quốc phòng thẩm định"),
                (S.SUBMISSION, D(2022, 9, 5), ""), (S.ISSUED, D(2022, 9, 26),
                                                    "25/2022/TT-BQP")],
         rounds=[(D(2022, 7, 5), D(2022, 8, 5), D(2022, 8, 10), 19, "",
                  ["KHDT", "VPTC", "Z111", "Z113", "VVK"])]),
    dict(kind=K.CIRCULAR, title="Quản lý tài liệu công nghệ", unit="QLCN", authority=BQP,
         year=2022, deadline=D(2022, 10, 31),
         steps=[(S.PROPOSAL, D(2021, 5, 5), "Kế hoạch xây dựng văn bản năm 2021"),
                (S.DRAFTING, D(2021, 8, 20), "Thành lập Tổ soạn thảo"),
                (S.APPRAISAL, D(2022, 10, 10), "Vụ Pháp chế Bộ Quốc phòng thẩm định"),
                (S.SUBMISSION, D(2022, 11, 15), ""), (S.ISSUED, D(2022, 12, 12),
                                                      "61/2022/TT-BQP")],
         rounds=[(D(2022, 8, 1), D(2022, 9, 1), D(2022, 9, 15), 23, "",
                  ["KHDT", "VPTC", "Z111", "Z113", "Z115"])]),
    # The law (articles 003 and the National Assembly's vote of 27/06/2024)
    dict(kind=K.LAW, title="Công nghiệp quốc phòng, an ninh và động viên công nghiệp",
         unit="VPTC", authority="Quốc hội", year=2024, deadline=D(2024, 6, 30),
         effective=D(2025, 7, 1),
         steps=[(S.PROPOSAL, D(2021, 11, 15), "Lập hồ sơ đề nghị xây dựng Luật"),
                (S.DRAFTING, D(2022, 12, 20), "Thành lập Ban soạn thảo, Tổ biên tập"),
                (S.APPRAISAL, D(2023, 6, 15), "Bộ Tư pháp thẩm định"),
                (S.SUBMISSION, D(2023, 9, 20), "Chính phủ trình Quốc hội"),
                (S.ISSUED, D(2024, 6, 27), "54/2024/QH15")],
         rounds=[(D(2022, 3, 18), D(2022, 4, 30), D(2022, 5, 20), 38, MINISTRIES, []),
                 (D(2023, 3, 10), D(2023, 5, 10), D(2023, 5, 25), 46,
                  f"{MINISTRIES} và Nhân dân", ["QLCN", "KHDT", "CKT", "BTM"])]),
    # 2023 (article 002)
    dict(kind=K.DECISION, title="Quy chế quản lý hoạt động xuất khẩu sản phẩm quốc phòng của "
         "Tổng cục", unit="VPTC", authority=TCCNQP, year=2023, deadline=D(2023, 3, 31),
         steps=[(S.DRAFTING, D(2022, 11, 7), ""), (S.SUBMISSION, D(2023, 3, 20), ""),
                (S.ISSUED, D(2023, 4, 3), "1245/QĐ-TCCNQP")]),
    dict(kind=K.CIRCULAR, title="Quy định về quản lý chất lượng sản phẩm quốc phòng",
         unit="QLCN", authority=BQP, year=2023, deadline=D(2023, 6, 30),
         steps=[(S.PROPOSAL, D(2022, 6, 1), ""), (S.DRAFTING, D(2022, 9, 12), ""),
                (S.APPRAISAL, D(2023, 3, 28), ""), (S.SUBMISSION, D(2023, 4, 20), ""),
                (S.ISSUED, D(2023, 5, 12), "32/2023/TT-BQP")],
         rounds=[(D(2023, 1, 9), D(2023, 2, 9), D(2023, 2, 20), 17, "",
                  ["KHDT", "VPTC", "Z111", "Z113"])]),
    dict(kind=K.GUIDELINE, title="Rà soát, hệ thống hóa văn bản quy phạm pháp luật về công "
         "nghiệp quốc phòng", unit="VPTC", authority=TCCNQP, year=2023,
         steps=[(S.DRAFTING, D(2023, 3, 1), ""), (S.ISSUED, D(2023, 6, 20),
                                                   "112/HD-TCCNQP")]),
    dict(kind=K.CIRCULAR, title="Quản lý an toàn trong sản xuất, sửa chữa vũ khí, trang bị "
         "kỹ thuật", unit="VPTC", authority=BQP, year=2023, deadline=D(2023, 9, 30),
         steps=[(S.DRAFTING, D(2023, 1, 16), ""), (S.APPRAISAL, D(2023, 6, 26), ""),
                (S.ISSUED, D(2023, 8, 15), "55/2023/TT-BQP")],
         rounds=[(D(2023, 4, 3), D(2023, 5, 3), D(2023, 5, 12), 25, "",
                  ["BTM", "QLCN", "Z111", "Z113", "Z115", "Z117"])]),
    dict(kind=K.CIRCULAR, title="Quy định về đo lường, thử nghiệm sản phẩm quốc phòng",
         unit="QLCN", authority=BQP, year=2023, deadline=D(2023, 9, 30),
         steps=[(S.DRAFTING, D(2023, 2, 6), ""), (S.APPRAISAL, D(2023, 8, 22), ""),
                (S.SUBMISSION, D(2023, 9, 28), ""), (S.ISSUED, D(2023, 10, 20),
                                                     "78/2023/TT-BQP")],
         rounds=[(D(2023, 5, 15), D(2023, 6, 15), D(2023, 6, 30), 15, "",
                  ["KHDT", "VPTC", "VVK"])]),
    dict(kind=K.DECISION, title="Quy chế phối hợp xây dựng văn bản quy phạm pháp luật của "
         "Tổng cục", unit="VPTC", authority=TCCNQP, year=2023, deadline=D(2023, 12, 15),
         classification=Classification.CONFIDENTIAL,
         steps=[(S.DRAFTING, D(2023, 7, 3), ""), (S.SUBMISSION, D(2023, 11, 10), ""),
                (S.ISSUED, D(2023, 11, 28), "3120/QĐ-TCCNQP")]),
    dict(kind=K.CIRCULAR, title="Quy định về bảo đảm kỹ thuật cho sản xuất quốc phòng",
         unit="QLCN", authority=BQP, year=2023, deadline=D(2023, 10, 31),
         steps=[(S.PROPOSAL, D(2023, 2, 20), ""), (S.DRAFTING, D(2023, 4, 17), ""),
                (S.APPRAISAL, D(2023, 12, 18), ""), (S.ISSUED, D(2024, 3, 18),
                                                      "12/2024/TT-BQP")],
         rounds=[(D(2023, 9, 11), D(2023, 10, 11), D(2023, 10, 20), 12, "",
                  ["KHDT", "Z111", "Z113"])]),
    # 2024-2025: the law's implementing documents
    dict(kind=K.DECREE, title="Quy định chi tiết một số điều của Luật Công nghiệp quốc phòng, "
         "an ninh và động viên công nghiệp", unit="VPTC", authority="Chính phủ", year=2025,
         deadline=D(2025, 6, 30),
         steps=[(S.PROPOSAL, D(2024, 7, 10), ""), (S.DRAFTING, D(2024, 8, 5), ""),
                (S.APPRAISAL, D(2025, 2, 18), "Bộ Tư pháp thẩm định"),
                (S.SUBMISSION, D(2025, 4, 2), "Trình Chính phủ")],
         rounds=[(D(2024, 11, 4), D(2024, 12, 20), D(2024, 12, 31), 52, MINISTRIES,
                  ["QLCN", "KHDT", "CKT"])]),
    dict(kind=K.CIRCULAR, title="Quy định về động viên công nghiệp", unit="QLCN",
         authority=BQP, year=2025, deadline=D(2025, 6, 30),
         steps=[(S.DRAFTING, D(2024, 9, 16), ""), (S.APPRAISAL, D(2025, 4, 21), ""),
                (S.ISSUED, D(2025, 6, 24), "45/2025/TT-BQP")],
         rounds=[(D(2025, 1, 13), D(2025, 2, 28), D(2025, 3, 10), 27, "",
                  ["KHDT", "CKT", "VPTC", "Z111", "Z113", "Z115"])]),
    dict(kind=K.DECISION, title="Quy chế quản lý tài liệu kỹ thuật của Tổng cục",
         unit="VPTC", authority=TCCNQP, year=2025, deadline=D(2025, 6, 30),
         steps=[(S.DRAFTING, D(2025, 2, 10), ""), (S.ISSUED, D(2025, 5, 19),
                                                    "876/QĐ-TCCNQP")]),
    dict(kind=K.CIRCULAR, title="Hướng dẫn quản lý cơ sở công nghiệp quốc phòng nòng cốt",
         unit="QLCN", authority=BQP, year=2025, deadline=D(2025, 11, 30),
         steps=[(S.PROPOSAL, D(2025, 3, 3), ""), (S.DRAFTING, D(2025, 5, 12), "")]),
]

# The register before the drafts above: number, kind, title, authority, issued, effective,
# status, ended on, review due (None: five years after it took effect), unit, level.
PRE = Classification.UNCLASSIFIED
MAT, TOI_MAT = Classification.CONFIDENTIAL, Classification.SECRET
REGISTER: list[tuple[Any, ...]] = [
    ("02/2008/PL-UBTVQH12", K.ORDINANCE, "Pháp lệnh Công nghiệp quốc phòng",
     "Ủy ban Thường vụ Quốc hội", D(2008, 3, 26), D(2008, 7, 1), InstrumentStatus.REPLACED,
     D(2025, 7, 1), D(2020, 12, 31), "VPTC", PRE),
    ("02/2016/NĐ-CP", K.DECREE, "Quy định chi tiết thi hành một số điều của Pháp lệnh Công "
     "nghiệp quốc phòng", "Chính phủ", D(2016, 1, 5), D(2016, 2, 25),
     InstrumentStatus.REPLACED, D(2025, 7, 1), None, "VPTC", PRE),
    ("46/2015/TT-BQP", K.CIRCULAR, "Quy định về quản lý cơ sở công nghiệp quốc phòng",
     BQP, D(2015, 5, 18), D(2015, 7, 3), InstrumentStatus.AMENDED, None, None, "QLCN", PRE),
    ("77/2015/TT-BQP", K.CIRCULAR, "Quy định về quản lý đề tài khoa học và công nghệ trong "
     "công nghiệp quốc phòng", BQP, D(2015, 8, 11), D(2015, 9, 25), InstrumentStatus.REPLACED,
     D(2019, 11, 25), None, "QLCN", PRE),
    ("1532/QĐ-TCCNQP", K.DECISION, "Quy chế bảo vệ bí mật nhà nước trong Tổng cục", TCCNQP,
     D(2015, 10, 2), D(2015, 10, 2), InstrumentStatus.IN_FORCE, None, D(2024, 10, 2), "VPTC",
     MAT),
    ("12/2016/TT-BQP", K.CIRCULAR, "Quy định về tiêu chuẩn quốc phòng trong sản xuất vũ khí, "
     "trang bị kỹ thuật", BQP, D(2016, 2, 22), D(2016, 4, 8), InstrumentStatus.IN_FORCE, None,
     None, "QLCN", PRE),
    ("95/2016/TT-BQP", K.CIRCULAR, "Quy định về quản lý kế hoạch sản xuất quốc phòng", BQP,
     D(2016, 6, 30), D(2016, 8, 15), InstrumentStatus.IN_FORCE, None, D(2024, 8, 15), "KHDT",
     PRE),
    ("2210/QĐ-TCCNQP", K.DECISION, "Quy chế quản lý hồ sơ thiết kế sản phẩm quốc phòng",
     TCCNQP, D(2016, 9, 14), D(2016, 9, 14), InstrumentStatus.IN_FORCE, None, None, "QLCN",
     TOI_MAT),
    ("33/2017/TT-BQP", K.CIRCULAR, "Quy định về an toàn lao động trong các cơ sở công "
     "nghiệp quốc phòng", BQP, D(2017, 3, 20), D(2017, 5, 5), InstrumentStatus.IN_FORCE, None,
     None, "BTM", PRE),
    ("41/HD-TCCNQP", K.GUIDELINE, "Hướng dẫn lập kế hoạch sản xuất quốc phòng hằng năm",
     TCCNQP, D(2017, 4, 10), D(2017, 4, 10), InstrumentStatus.REPEALED, D(2021, 1, 1), None,
     "KHDT", PRE),
    ("128/2017/TT-BQP", K.CIRCULAR, "Quy định về đo lường trong công nghiệp quốc phòng", BQP,
     D(2017, 9, 4), D(2017, 10, 20), InstrumentStatus.IN_FORCE, None, D(2025, 10, 20),
     "QLCN", PRE),
    ("1875/QĐ-TCCNQP", K.DECISION, "Quy chế hoạt động kinh tế, xuất nhập khẩu của Tổng cục",
     TCCNQP, D(2017, 11, 6), D(2017, 11, 6), InstrumentStatus.REPLACED, D(2023, 4, 3), None,
     "CKT", PRE),
    ("58/2018/TT-BQP", K.CIRCULAR, "Quy định về quản lý chất lượng vũ khí, trang bị kỹ thuật "
     "trong sản xuất, sửa chữa", BQP, D(2018, 4, 16), D(2018, 6, 1), InstrumentStatus.REPLACED,
     D(2023, 5, 12), None, "QLCN", PRE),
    ("86/2018/TT-BQP", K.CIRCULAR, "Quy định về định mức kinh tế - kỹ thuật trong sửa chữa "
     "vũ khí", BQP, D(2018, 7, 9), D(2018, 8, 24), InstrumentStatus.IN_FORCE, None, None, "KHDT",
     PRE),
    ("2904/QĐ-TCCNQP", K.DECISION, "Quy chế kiểm tra, thanh tra chuyên ngành công nghiệp quốc "
     "phòng", TCCNQP, D(2018, 10, 15), D(2018, 10, 15), InstrumentStatus.IN_FORCE, None, None,
     "VPTC", MAT),
    ("62/HD-TCCNQP", K.GUIDELINE, "Hướng dẫn công tác thi đua trong các doanh nghiệp quốc "
     "phòng", TCCNQP, D(2018, 12, 3), D(2018, 12, 3), InstrumentStatus.IN_FORCE, None, None,
     "VPTC", PRE),
    ("19/2019/TT-BQP", K.CIRCULAR, "Quy định về bảo quản, niêm cất vũ khí, trang bị kỹ thuật",
     BQP, D(2019, 2, 25), D(2019, 4, 11), InstrumentStatus.IN_FORCE, None, None, "BTM", PRE),
    ("51/2019/TT-BQP", K.CIRCULAR, "Quy định về chuyển giao công nghệ trong công nghiệp quốc "
     "phòng", BQP, D(2019, 5, 27), D(2019, 7, 12), InstrumentStatus.AMENDED, None, None,
     "QLCN", PRE),
    ("1420/QĐ-TCCNQP", K.DECISION, "Quy chế quản lý vật liệu nổ công nghiệp của Tổng cục",
     TCCNQP, D(2019, 7, 1), D(2019, 7, 1), InstrumentStatus.IN_FORCE, None, None, "BTM", MAT),
    ("27/2020/TT-BQP", K.CIRCULAR, "Quy định về sản xuất thử nghiệm sản phẩm quốc phòng", BQP,
     D(2020, 3, 16), D(2020, 5, 1), InstrumentStatus.IN_FORCE, None, None, "QLCN", PRE),
    ("112/2020/TT-BQP", K.CIRCULAR, "Quy định về đánh giá năng lực cơ sở công nghiệp quốc "
     "phòng", BQP, D(2020, 9, 21), D(2020, 11, 5), InstrumentStatus.IN_FORCE, None, None,
     "KHDT", PRE),
    ("08/2021/TT-BQP", K.CIRCULAR, "Quy định về hợp tác quốc tế trong công nghiệp quốc phòng",
     BQP, D(2021, 1, 25), D(2021, 3, 12), InstrumentStatus.IN_FORCE, None, None, "CKT", PRE),
    ("2605/QĐ-TCCNQP", K.DECISION, "Quy chế quản lý an toàn thông tin của Tổng cục", TCCNQP,
     D(2021, 9, 8), D(2021, 9, 8), InstrumentStatus.IN_FORCE, None, None, "VPTC", PRE),
    ("74/2022/TT-BQP", K.CIRCULAR, "Quy định về quản lý giá sản phẩm quốc phòng", BQP,
     D(2022, 10, 24), D(2022, 12, 8), InstrumentStatus.IN_FORCE, None, None, "KHDT", PRE),
    ("890/QĐ-TCCNQP", K.DECISION, "Quy chế hoạt động của Hội đồng khoa học Tổng cục", TCCNQP,
     D(2024, 3, 4), D(2024, 3, 4), InstrumentStatus.IN_FORCE, None, None, "QLCN", PRE),
]


def _draft(users: dict[str, User], units: dict[str, Any], spec: dict[str, Any]) -> LegalDraft:
    actor = users["qlcn"] if spec["unit"] == "QLCN" else users["vptc"]
    draft = services.create_draft(
        actor, kind=spec["kind"], title=spec["title"], lead_unit=units[spec["unit"]],
        authority=spec["authority"], plan_year=spec["year"], deadline=spec.get("deadline"),
        classification=spec.get("classification", Classification.UNCLASSIFIED))
    rounds = list(spec.get("rounds", []))
    for stage, day, decision in spec["steps"]:
        while rounds and rounds[0][0] <= day:  # the rounds sent before this step
            _round(actor, units, draft, rounds.pop(0))
        draft.refresh_from_db()
        if stage == Stage.ISSUED:
            services.record_step(actor, draft, stage=stage, date=day, issued_number=decision,
                                 effective_from=spec.get("effective"))
        else:
            services.record_step(actor, draft, stage=stage, date=day, decision=decision)
    for spec_round in rounds:
        _round(actor, units, draft, spec_round)
    return draft


def _round(actor: User, units: dict[str, Any], draft: LegalDraft,
           spec: tuple[Any, ...]) -> None:
    sent, due, closed, responses, bodies, codes = spec
    draft.refresh_from_db()
    services.create_round(actor, draft=draft, sent_on=sent, responses_due=due,
                          units=[units[c] for c in codes if c in units],
                          external_bodies=bodies, responses_received=responses,
                          closed_on=closed)


def seed(ctx: DemoContext) -> None:
    users, units = ctx.users, ctx.units
    if not {"vptc", "qlcn"} <= set(users) or "VPTC" not in units:
        return
    for number, kind, title, authority, issued, effective, status, ended, review, unit, \
            level in REGISTER:
        services.create_instrument(
            users["vptc"], number=number, kind=kind, title=title, authority=authority,
            issued_on=issued, effective_from=effective, status=status, ended_on=ended,
            review_due_on=review, unit=units[unit], classification=level)
    for spec in DRAFTS:
        _draft(users, units, spec)
