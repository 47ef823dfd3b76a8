"""Demo resolutions and their follow-up, through the services (audited), telling the
articles' story:

- Nghị quyết 147-NQ/ĐU (2011) on the stability and quality of defence products, reviewed after
  ten years (hội nghị 24/12/2021) and superseded by the new thematic resolution 365-NQ/ĐU
  (30/12/2021), which continues it;
- Nghị quyết 195-NQ/ĐU (08/7/2016) on safety in production, in force: its zero targets and its
  "fewer incidents than 2011-2015" bound to safety's figures, its qualitative objectives
  assessed; the "sơ kết 5 năm" (2016-2021 against 2011-2015) held, the ten-year review drafted;
- Nghị quyết 08-NQ/TW (26/01/2022) of the Politburo and its cascade down to the directorate's
  own plan; Nghị quyết 382/NQ-ĐUQSTW (29/11/2007) with research targets for 2021-2025;
- the "02 khâu đột phá" of the 2020-2025 congress resolution ("cao hơn năm 2023") and the
  "7 trọng tâm công tác" of Cục Quản lý công nghệ for 2022 (written by its own user, qlcn);
- tasks assigned to units with progress reports, in all four buckets of QĐ 42/2014 today.

The directorate's directives are kept by the planning department (user khdt, clearance Mật):
the frozen reviews count what khdt may see. The numbers of the documents between 08-NQ/TW and
the directorate's plan, the date of 147 and the congress resolution's are illustrative.

Deterministic: no draw from the rng; every date is fixed, and a date of a step is never past
the clock's today (as in the other demos)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from cnqp.core.models import OrgUnit, User
from cnqp.core.site.demo import DemoContext
from cnqp.directives import services
from cnqp.directives.choices import (
    Assessment,
    DirectiveKind,
    ItemKind,
    ReviewKind,
    TargetKind,
)
from cnqp.directives.models import Directive, DirectiveItem

ORDER = 60  # after safety (50) and research (20): the indicators read their figures

D = dt.date
PARTY = "Đảng ủy Tổng cục Công nghiệp quốc phòng"
CHAIR = "Trung tướng Nguyễn Mạnh Hùng, Bí thư Đảng ủy, Chính ủy Tổng cục"


@dataclass
class Seeder:
    ctx: DemoContext
    today: dt.date
    khdt: User
    root: OrgUnit

    def unit(self, code: str) -> OrgUnit:
        return self.ctx.units[code]

    def day(self, value: dt.date) -> dt.date:
        return min(value, self.today)

    def reporter(self, unit: OrgUnit) -> User:
        """The lead unit's own demo user when there is one, else the planning department."""
        own = {"Z111": "z111", "Z113": "z113", "VVK": "vienvk", "QLCN": "qlcn",
               "BTM": "btm"}.get(unit.code, "khdt")
        return self.ctx.users.get(own, self.khdt)

    def item(self, actor: User, directive: Directive, kind: str, ordinal: str, text: str,
             year: int | None = None) -> DirectiveItem:
        return services.create_item(actor, directive=directive, kind=kind, ordinal=ordinal,
                                    text=text, year=year)

    def assess(self, actor: User, item: DirectiveItem, name: str, verdict: str, evidence: str,
               on: dt.date) -> None:
        indicator = services.create_indicator(actor, item=item, name=name,
                                              target_kind=TargetKind.QUALITATIVE)
        services.assess_indicator(actor, indicator, verdict=verdict, evidence=evidence,
                                  on_date=self.day(on))

    def task(self, directive: Directive, title: str, lead: str, assigned: dt.date,
             deadline: dt.date, reports: tuple[tuple[dt.date, int, str], ...],
             supporting: tuple[str, ...] = (), item: DirectiveItem | None = None,
             output: str = "", actor: User | None = None) -> None:
        """A task and its progress reports by the lead unit (a report at 100 % completes
        it); reports dated after today are not written yet."""
        task = services.create_task(
            actor or self.khdt, directive=directive, title=title, lead_unit=self.unit(lead),
            assigned_on=assigned, deadline=deadline, item=item, expected_output=output,
            supporting_units=[self.unit(code) for code in supporting])
        for on, progress, text in reports:
            if on <= self.today:
                services.report_progress(self.reporter(task.lead_unit), task,
                                         progress=progress, text=text, on_date=on)


def seed(ctx: DemoContext) -> None:
    if "khdt" not in ctx.users or "qlcn" not in ctx.users:
        return
    s = Seeder(ctx, timezone.localdate(), ctx.users["khdt"], ctx.units["TCCNQP"])
    nq147 = resolution_147(s)
    nq195 = resolution_195(s)
    review_147(s, nq147)
    resolution_365(s, nq147)
    review_195(s, nq195)
    resolution_382(s)
    cascade_08(s)
    breakthroughs(s)
    priorities_2022(s)


# --- 147 and 365: the quality of defence products ----------------------------------------------


def resolution_147(s: Seeder) -> Directive:
    nq = services.create_directive(
        s.khdt, kind=DirectiveKind.RESOLUTION, number="147-NQ/ĐU", issuer=PARTY,
        owner_unit=s.root, issued_on=D(2011, 3, 15), period_start=D(2011, 1, 1),
        period_end=D(2021, 12, 31),
        title="Về lãnh đạo ổn định, nâng cao chất lượng sản phẩm quốc phòng",
        summary="Ổn định, nâng cao chất lượng sản phẩm quốc phòng từ khâu thiết kế, công nghệ, "
                "vật tư, sản xuất, nghiệm thu đến khâu sử dụng tại đơn vị.")
    awareness = s.item(s.khdt, nq, ItemKind.OBJECTIVE, "(1)",
                       "Nâng cao nhận thức về vị trí, vai trò, nhiệm vụ ổn định, nâng cao chất "
                       "lượng sản phẩm quốc phòng; củng cố đội ngũ cán bộ, nhân viên kỹ thuật")
    s.assess(s.khdt, awareness, "Nhận thức của cán bộ, công nhân viên, người lao động được "
             "nâng lên; đội ngũ cán bộ kỹ thuật được củng cố", Assessment.ACHIEVED,
             "Báo cáo tổng kết 10 năm: nhận thức được nâng lên, đội ngũ cán bộ, nhân viên kỹ "
             "thuật đáp ứng ngày càng tốt hơn yêu cầu nhiệm vụ.", D(2021, 12, 10))
    system = s.item(s.khdt, nq, ItemKind.OBJECTIVE, "(2)",
                    "Hoàn chỉnh hệ thống quản lý, giám sát, theo dõi chất lượng sản phẩm từ "
                    "khâu thiết kế, sản xuất đến khâu sử dụng tại đơn vị")
    s.assess(s.khdt, system, "Hệ thống quản lý, giám sát chất lượng sản phẩm",
             Assessment.BASICALLY, "Tổng cục đã cơ bản hoàn chỉnh hệ thống quản lý, giám sát, "
             "theo dõi chất lượng sản phẩm; cơ bản khắc phục xong các nhược điểm về chất "
             "lượng trong quá trình sử dụng.", D(2021, 12, 10))
    research = s.item(s.khdt, nq, ItemKind.SOLUTION, "(3)",
                      "Tăng cường nghiên cứu khoa học, đầu tư nâng cấp dây chuyền sản xuất, giải "
                      "quyết các khâu thắt về chất lượng sản phẩm")
    services.create_indicator(s.khdt, item=research, metric_key="research.accepted",
                              name="Số đề tài, nhiệm vụ khoa học công nghệ được nghiệm thu "
                                   "giai đoạn 2011-2021",
                              target_kind=TargetKind.AT_LEAST, target_value=Decimal(250))
    services.create_indicator(s.khdt, item=research, metric_key="research.initiatives",
                              name="Số sáng kiến cải tiến kỹ thuật được công nhận giai đoạn "
                                   "2011-2021",
                              target_kind=TargetKind.AT_LEAST, target_value=Decimal(500))
    s.task(nq, "Rà soát, chấn chỉnh các khâu thiết kế, công nghệ, vật tư, nghiệm thu sản phẩm",
           "QLCN", D(2011, 4, 1), D(2013, 12, 31), supporting=("Z111", "Z113"), item=system,
           reports=((D(2012, 6, 30), 40, "Hoàn thành rà soát khâu thiết kế, công nghệ."),
                    (D(2013, 12, 20), 100, "Hoàn thành rà soát, ban hành kết quả chấn chỉnh.")))
    return nq


def review_147(s: Seeder, nq147: Directive) -> None:
    review = services.create_review(
        s.khdt, title="Tổng kết 10 năm thực hiện Nghị quyết 147-NQ/ĐU về lãnh đạo ổn định, "
                      "nâng cao chất lượng sản phẩm quốc phòng",
        kind=ReviewKind.FINAL, directives=[nq147], owner_unit=s.root,
        period_start=D(2011, 1, 1), period_end=D(2021, 12, 31), held_on=D(2021, 12, 24),
        chair=CHAIR,
        conclusions="Chất lượng sản phẩm được nâng lên rõ rệt, bảo đảm an toàn, tạo được niềm "
                    "tin của bộ đội; nhiều sản phẩm có chất lượng tương đương sản phẩm cùng "
                    "loại của nước ngoài. Đảng ủy Tổng cục xây dựng nghị quyết chuyên đề mới về "
                    "lãnh đạo nâng cao chất lượng sản phẩm quốc phòng.")
    services.hold_review(s.khdt, review)


def resolution_365(s: Seeder, nq147: Directive) -> Directive:
    nq = services.create_directive(
        s.khdt, kind=DirectiveKind.RESOLUTION, number="365-NQ/ĐU", issuer=PARTY,
        owner_unit=s.root, issued_on=D(2021, 12, 30), period_start=D(2022, 1, 1),
        period_end=D(2030, 12, 31), continues=nq147,
        title="Về lãnh đạo nâng cao chất lượng sản phẩm quốc phòng",
        summary="Nghị quyết chuyên đề tiếp nối Nghị quyết 147-NQ/ĐU: nâng cao chất lượng sản "
                "phẩm quốc phòng đáp ứng yêu cầu huấn luyện, sẵn sàng chiến đấu; bảo đảm độ bền, "
                "tuổi thọ, mỹ thuật công nghiệp tương đương sản phẩm cùng loại của các nước "
                "tiên tiến.")
    services.conclude_directive(s.khdt, nq147, superseded_by=nq)
    durability = s.item(s.khdt, nq, ItemKind.OBJECTIVE, "(1)",
                        "Nâng cao chất lượng, độ bền, tuổi thọ sản phẩm quốc phòng")
    s.assess(s.khdt, durability, "Quán triệt, phổ biến Nghị quyết đến cấp chi bộ",
             Assessment.ACHIEVED, "Các cấp ủy đã quán triệt Nghị quyết, xây dựng nghị quyết "
             "và kết luận của cấp ủy cấp mình (báo cáo năm 2022).", D(2022, 12, 15))
    s.task(nq, "Nâng cao độ bền, tuổi thọ đạn pháo phòng không sản xuất loạt", "Z113",
           D(2022, 2, 15), D(2025, 12, 31), supporting=("QLCN", "VTPTN"), item=durability,
           output="Quy trình công nghệ sửa đổi; biên bản bắn kiểm tra",
           reports=((D(2023, 6, 30), 40, "Hoàn thành phân tích nguyên nhân, đề xuất giải pháp."),
                    (D(2024, 12, 20), 70, "Sửa đổi quy trình nhiệt luyện, đang bắn kiểm tra."),
                    (D(2025, 12, 10), 85, "Còn chờ kết quả thử nghiệm tuổi thọ bảo quản.")))
    return nq


# --- 195: safety in production -----------------------------------------------------------------


def resolution_195(s: Seeder) -> Directive:
    nq = services.create_directive(
        s.khdt, kind=DirectiveKind.RESOLUTION, number="195-NQ/ĐU", issuer=PARTY,
        owner_unit=s.root, issued_on=D(2016, 7, 8), period_start=D(2016, 7, 8),
        period_end=D(2030, 12, 31),
        title="Về lãnh đạo công tác bảo đảm an toàn trong sản xuất",
        summary="Tiếp tục thực hiện theo kết luận của Đảng ủy Tổng cục (12/2021): tập trung đột "
                "phá vào nâng cao ý thức chấp hành các quy định, quy tắc an toàn; rà soát, củng "
                "cố hệ thống quy định, quy trình, trang thiết bị bảo đảm an toàn.")
    zero = s.item(s.khdt, nq, ItemKind.OBJECTIVE, "(1)",
                  "Không để xảy ra cháy nổ và tai nạn lao động nghiêm trọng trong sản xuất và "
                  "nghiên cứu chế thử vũ khí, trang bị kỹ thuật")
    for key, name in (
            ("safety.especially_serious", "Không để xảy ra vụ việc mất an toàn đặc biệt "
                                          "nghiêm trọng"),
            ("safety.serious_production", "Không để xảy ra cháy nổ, tai nạn lao động nghiêm "
                                          "trọng trong sản xuất"),
            ("safety.serious_research", "Không để xảy ra cháy nổ, tai nạn lao động nghiêm trọng "
                                        "trong nghiên cứu, chế thử")):
        services.create_indicator(s.khdt, item=zero, metric_key=key, name=name,
                                  target_kind=TargetKind.ZERO)
    fewer = s.item(s.khdt, nq, ItemKind.OBJECTIVE, "(2)",
                   "Giảm số vụ việc và thiệt hại do mất an toàn trong sản xuất so với giai đoạn "
                   "2011-2015")
    # lower is better: a ceiling, with 2011-2015 (22 vụ) shown beside it as the baseline
    services.create_indicator(s.khdt, item=fewer, metric_key="safety.incidents",
                              name="Số vụ mất an toàn trong sản xuất 2016-2021 không quá 15 vụ "
                                   "(giai đoạn 2011-2015: 22 vụ)",
                              target_kind=TargetKind.AT_MOST, target_value=Decimal(15),
                              period_start=D(2016, 7, 8), period_end=D(2021, 12, 31),
                              baseline_start=D(2011, 1, 1), baseline_end=D(2015, 12, 31))
    spread = s.item(s.khdt, nq, ItemKind.TASK, "(3)",
                    "Quán triệt, phổ biến Nghị quyết đến các cấp ủy, chi bộ; tuyên truyền, giáo "
                    "dục cán bộ, công nhân viên, người lao động về công tác bảo đảm an toàn")
    s.assess(s.khdt, spread, "Nghị quyết được quán triệt, phổ biến đến cấp chi bộ",
             Assessment.ACHIEVED, "Các cấp ủy đã quán triệt, phổ biến Nghị quyết đến cấp chi bộ; "
             "nhận thức về vai trò, nhiệm vụ bảo đảm an toàn trong sản xuất được nâng lên "
             "(báo cáo sơ kết 5 năm).", D(2021, 12, 10))
    rules = s.item(s.khdt, nq, ItemKind.TASK, "(4)",
                   "Xây dựng hệ thống quy định, quy tắc bảo đảm an toàn; rà soát toàn bộ công "
                   "trình, thiết bị, phương tiện bảo đảm an toàn, phòng chống cháy nổ")
    s.assess(s.khdt, rules, "Hệ thống quy định, quy tắc bảo đảm an toàn trong sản xuất quốc "
             "phòng", Assessment.BASICALLY, "Đã xây dựng được cơ bản hệ thống quy định, quy tắc; "
             "đã tổng rà soát công trình, thiết bị năm 2017 và 2019, còn tồn tại chưa khắc "
             "phục xong.", D(2021, 12, 10))
    s.task(nq, "Tổng rà soát công tác bảo đảm an toàn trong sản xuất và bảo vệ môi trường năm "
           "2017", "BTM", D(2016, 9, 1), D(2017, 12, 31), supporting=("Z111", "Z113", "VVK"),
           item=rules, output="Báo cáo tổng rà soát; danh mục tồn tại cần khắc phục",
           reports=((D(2017, 6, 30), 50, "Hoàn thành rà soát tại các nhà máy."),
                    (D(2017, 12, 15), 100, "Báo cáo kết quả tổng rà soát lên Thủ trưởng.")))
    s.task(nq, "Xây dựng, ban hành quy định bảo đảm an toàn trong sản xuất, thử nghiệm vũ khí, "
           "trang bị kỹ thuật", "BTM", D(2016, 8, 15), D(2018, 6, 30), supporting=("QLCN",),
           item=rules, output="Quy định của Tổng cục",
           reports=((D(2017, 12, 20), 60, "Hoàn thành dự thảo, lấy ý kiến các đơn vị."),
                    (D(2018, 11, 20), 100, "Quy định được ban hành (chậm do bổ sung nội dung "
                                           "thử nghiệm).")))
    s.task(nq, "Khắc phục dứt điểm các tồn tại phát hiện qua tổng rà soát năm 2017, 2019",
           "Z113", D(2022, 1, 20), D(2024, 12, 31), supporting=("BTM",), item=rules,
           reports=((D(2022, 12, 15), 40, "Khắc phục xong tồn tại về hệ thống chống sét."),
                    (D(2024, 11, 30), 70, "Còn tồn tại về khoảng cách an toàn kho thuốc phóng, "
                                          "chờ vốn đầu tư.")))
    return nq


def review_195(s: Seeder, nq195: Directive) -> None:
    review = services.create_review(
        s.khdt, title="Sơ kết 5 năm thực hiện Nghị quyết 195-NQ/ĐU về lãnh đạo công tác bảo đảm "
                      "an toàn trong sản xuất",
        kind=ReviewKind.INTERIM, directives=[nq195], owner_unit=s.root,
        period_start=D(2016, 7, 8), period_end=D(2021, 12, 31),
        compare_start=D(2011, 1, 1), compare_end=D(2015, 12, 31), held_on=D(2021, 12, 24),
        chair=CHAIR,
        conclusions="Nhiều mục tiêu đã cơ bản hoàn thành. So với giai đoạn 2011-2015, số vụ việc "
                    "và thiệt hại do mất an toàn trong sản xuất giảm đáng kể, không có vụ việc "
                    "đặc biệt nghiêm trọng. Kết luận tiếp tục thực hiện Nghị quyết 195.")
    services.hold_review(s.khdt, review)
    # the ten-year review, drafted: the user holds it
    services.create_review(
        s.khdt, title="Tổng kết 10 năm thực hiện Nghị quyết 195-NQ/ĐU về lãnh đạo công tác bảo "
                      "đảm an toàn trong sản xuất",
        kind=ReviewKind.FINAL, directives=[nq195], owner_unit=s.root,
        period_start=D(2016, 7, 8), period_end=D(2026, 6, 30),
        compare_start=D(2011, 1, 1), compare_end=D(2015, 12, 31),
        held_on=s.day(D(2026, 11, 25)), chair=CHAIR)


# --- 382 and the cascade of 08-NQ/TW -----------------------------------------------------------


def resolution_382(s: Seeder) -> Directive:
    nq = services.create_directive(
        s.khdt, kind=DirectiveKind.RESOLUTION, number="382/NQ-ĐUQSTW",
        issuer="Đảng ủy Quân sự Trung ương (nay là Quân ủy Trung ương)", owner_unit=s.root,
        issued_on=D(2007, 11, 29), period_start=D(2007, 11, 29), period_end=D(2025, 12, 31),
        title="Về lãnh đạo công tác kỹ thuật trong tình hình mới")
    research = s.item(s.khdt, nq, ItemKind.OBJECTIVE, "(1)",
                      "Đẩy mạnh nghiên cứu khoa học, phát triển sản phẩm mới, đưa kết quả nghiên "
                      "cứu vào sản xuất")
    for key, name, target in (
            ("research.accepted", "Số đề tài, nhiệm vụ được nghiệm thu giai đoạn 2021-2025", 180),
            ("research.applied", "Số đề tài, nhiệm vụ được áp dụng vào sản xuất giai đoạn "
                                 "2021-2025", 110)):
        services.create_indicator(s.khdt, item=research, metric_key=key, name=name,
                                  target_kind=TargetKind.AT_LEAST, target_value=Decimal(target),
                                  period_start=D(2021, 1, 1), period_end=D(2025, 12, 31))
    return nq


def cascade_08(s: Seeder) -> None:
    """08-NQ/TW → the Government's programme → the Central Military Commission's directive →
    the Ministry's plan → the directorate's plan, each implementing the one above; only the
    directorate is in the system, so it holds them all."""
    chain = (
        (DirectiveKind.RESOLUTION, "08-NQ/TW", "Bộ Chính trị", D(2022, 1, 26),
         "Về đẩy mạnh phát triển công nghiệp quốc phòng đến năm 2030 và những năm tiếp theo"),
        (DirectiveKind.PROGRAMME, "85/NQ-CP", "Chính phủ", D(2022, 5, 20),
         "Chương trình hành động của Chính phủ thực hiện Nghị quyết số 08-NQ/TW"),
        (DirectiveKind.DIRECTIVE, "28-CT/QUTW", "Quân ủy Trung ương", D(2022, 6, 15),
         "Chỉ thị của Quân ủy Trung ương về thực hiện Nghị quyết số 08-NQ/TW"),
        (DirectiveKind.PLAN, "2650/KH-BQP", "Bộ Quốc phòng", D(2022, 7, 25),
         "Kế hoạch của Bộ Quốc phòng triển khai thực hiện Nghị quyết số 08-NQ/TW"),
        (DirectiveKind.PLAN, "1520/KH-TC", "Tổng cục Công nghiệp quốc phòng", D(2022, 9, 5),
         "Kế hoạch của Tổng cục Công nghiệp quốc phòng thực hiện Nghị quyết số 08-NQ/TW"),
    )
    above: Directive | None = None
    for kind, number, issuer, issued, title in chain:
        above = services.create_directive(
            s.khdt, kind=kind, number=number, issuer=issuer, owner_unit=s.root,
            issued_on=issued, period_start=issued, period_end=D(2030, 12, 31), title=title,
            implements=above)
    assert above is not None
    plan = above
    law = s.item(s.khdt, plan, ItemKind.TASK, "1",
                 "Hoàn thiện thể chế, cơ chế, chính sách phát triển công nghiệp quốc phòng")
    capacity = s.item(s.khdt, plan, ItemKind.TASK, "2",
                      "Nâng cao năng lực nghiên cứu, thiết kế, chế tạo vũ khí, trang bị kỹ thuật")
    s.task(plan, "Hoàn thiện hồ sơ đề nghị xây dựng Luật Công nghiệp quốc phòng, an ninh và "
           "động viên công nghiệp", "KHDT", D(2022, 9, 10), D(2022, 12, 31),
           supporting=("QLCN", "CKT"), item=law, output="Hồ sơ đề nghị xây dựng Luật",
           reports=((D(2022, 11, 15), 60, "Đã lấy ý kiến các bộ, ngành, địa phương."),
                    (D(2022, 12, 26), 100, "Trình Bộ Quốc phòng hồ sơ đề nghị.")))
    s.task(plan, "Đề án nâng cao năng lực sản xuất, sửa chữa vũ khí trang bị", "KHDT",
           D(2022, 9, 10), D(2023, 6, 30), supporting=("Z111", "Z113"), item=capacity,
           reports=((D(2023, 3, 31), 50, "Hoàn thành khảo sát năng lực các nhà máy."),
                    (D(2023, 9, 15), 100, "Báo cáo Bộ Quốc phòng đề án (chậm do bổ sung số liệu "
                                          "đầu tư).")))
    s.task(plan, "Nghiên cứu thiết kế, chế tạo mẫu súng bộ binh thế hệ mới", "VVK",
           D(2022, 10, 1), D(2030, 12, 31), supporting=("Z111",), item=capacity,
           output="Mẫu súng đạt chỉ tiêu kỹ thuật, hồ sơ thiết kế",
           reports=((D(2023, 12, 15), 20, "Hoàn thành thiết kế sơ bộ."),
                    (D(2024, 12, 15), 35, "Chế tạo mẫu thử lần 1."),
                    (D(2025, 12, 15), 55, "Thử nghiệm mẫu lần 1, hoàn thiện thiết kế.")))
    s.task(plan, "Đầu tư nâng cấp dây chuyền sản xuất súng bộ binh", "Z111", D(2023, 1, 15),
           D(2027, 12, 31), supporting=("KHDT",), item=capacity,
           reports=((D(2024, 6, 30), 30, "Hoàn thành lựa chọn nhà thầu thiết bị."),
                    (D(2025, 12, 20), 60, "Lắp đặt xong 2/3 số thiết bị.")))


# --- the congress resolution's breakthroughs and QLCN's priorities of 2022 ---------------------


def breakthroughs(s: Seeder) -> None:
    nq = services.create_directive(
        s.khdt, kind=DirectiveKind.RESOLUTION, number="NQ-ĐH/ĐBTC 2020-2025",
        issuer="Đại hội đại biểu Đảng bộ Tổng cục Công nghiệp quốc phòng", owner_unit=s.root,
        issued_on=D(2020, 8, 20), period_start=D(2020, 8, 20), period_end=D(2025, 12, 31),
        title="Nghị quyết Đại hội đại biểu Đảng bộ Tổng cục Công nghiệp quốc phòng nhiệm kỳ "
              "2020-2025")
    design = s.item(s.khdt, nq, ItemKind.BREAKTHROUGH, "(1)",
                    "Nâng cao năng lực nghiên cứu, thiết kế, chế tạo vũ khí trang bị")
    # "phấn đấu đạt kết quả cao hơn năm 2023": the 2024 figure against 2023's
    for key, name in (("research.accepted", "Số đề tài, nhiệm vụ được nghiệm thu năm 2024 cao "
                                            "hơn năm 2023"),
                      ("research.applied", "Số đề tài, nhiệm vụ được áp dụng vào sản xuất năm "
                                           "2024 cao hơn năm 2023")):
        services.create_indicator(s.khdt, item=design, metric_key=key, name=name,
                                  target_kind=TargetKind.ABOVE_BASELINE,
                                  period_start=D(2024, 1, 1), period_end=D(2024, 12, 31),
                                  baseline_start=D(2023, 1, 1), baseline_end=D(2023, 12, 31))
    governance = s.item(s.khdt, nq, ItemKind.BREAKTHROUGH, "(2)",
                        "Nâng cao hiệu quả quản trị doanh nghiệp")
    # "các chỉ tiêu sản xuất kinh doanh đạt được cao hơn so với năm 2022": read from the
    # enterprises' accepted returns (performance)
    for key, name in (("performance.revenue", "Doanh thu toàn Tổng cục năm 2023 cao hơn năm "
                                              "2022"),
                      ("performance.profit_before_tax", "Lợi nhuận trước thuế năm 2023 cao "
                                                        "hơn năm 2022"),
                      ("performance.avg_income", "Thu nhập bình quân của người lao động năm "
                                                 "2023 cao hơn năm 2022")):
        services.create_indicator(s.khdt, item=governance, metric_key=key, name=name,
                                  target_kind=TargetKind.ABOVE_BASELINE,
                                  period_start=D(2023, 1, 1), period_end=D(2023, 12, 31),
                                  baseline_start=D(2022, 1, 1), baseline_end=D(2022, 12, 31))
    services.create_indicator(s.khdt, item=governance, metric_key="performance.of_plan.revenue",
                              name="Doanh thu năm 2024 đạt kế hoạch năm",
                              target_kind=TargetKind.AT_LEAST, target_value=Decimal(100),
                              period_start=D(2024, 1, 1), period_end=D(2024, 12, 31))
    s.assess(s.khdt, governance, "Các chỉ tiêu sản xuất kinh doanh năm 2023 cao hơn năm 2022",
             Assessment.ACHIEVED, "Báo cáo công tác năm 2023: các chỉ tiêu sản xuất kinh doanh "
             "đạt cao hơn năm 2022; thu nhập bình quân 14,2 triệu đồng/người/tháng.",
             D(2024, 1, 20))


PRIORITIES = (
    "Tiếp tục thực hiện tốt khâu đột phá theo Nghị quyết Đại hội Đảng bộ Cục lần thứ V nhiệm kỳ "
    "2020-2025 “Đổi mới công tác quản lý, nâng cao chất lượng, hiệu quả nghiên cứu khoa học, "
    "chế thử sản phẩm mới”",
    "Bảo đảm đầy đủ, kịp thời tài liệu kỹ thuật cho sản xuất quốc phòng, hoàn thành sửa đổi, "
    "ban hành lại các bộ tài liệu thiết kế phục vụ kế hoạch sản xuất năm 2022",
    "Thực hiện Nghị quyết số 365-NQ/ĐU ngày 30/12/2021 về lãnh đạo nâng cao chất lượng sản phẩm "
    "quốc phòng; duy trì nghiêm các quy định về quản lý thiết kế, công nghệ sản xuất, chất "
    "lượng vật tư đầu vào",
    "Tiếp tục thực hiện Nghị quyết số 195-NQ/ĐU ngày 08/7/2016 về công tác bảo đảm an toàn "
    "trong sản xuất; khắc phục các tồn tại phát hiện trong các đợt tổng rà soát năm 2017, 2019; "
    "phấn đấu không để xảy ra tai nạn, cháy nổ nghiêm trọng",
    "Tổ chức tổng kết Nghị quyết 382/NQ-ĐUQSTW ngày 29/11/2007 của Đảng ủy Quân sự Trung ương "
    "(nay là Quân ủy Trung ương) về lãnh đạo công tác kỹ thuật trong tình hình mới",
    "Hướng dẫn duy trì thực hiện các văn bản quy phạm pháp luật của ngành; rà soát, bổ sung văn "
    "bản và tổ chức các lớp huấn luyện chuyên ngành",
    "Duy trì nền nếp hoạt động công tác đảng, công tác chính trị; xây dựng đơn vị vững mạnh toàn "
    "diện",
)


def priorities_2022(s: Seeder) -> None:
    """The 7 priorities Cục QLCN set itself for 2022, written by its own user."""
    qlcn, unit = s.ctx.users["qlcn"], s.unit("QLCN")
    nq = services.create_directive(
        qlcn, kind=DirectiveKind.RESOLUTION, number="02-NQ/ĐU",
        issuer="Đảng ủy Cục Quản lý công nghệ", owner_unit=unit, issued_on=D(2022, 1, 10),
        period_start=D(2022, 1, 1), period_end=D(2022, 12, 31),
        title="Nghị quyết lãnh đạo thực hiện nhiệm vụ năm 2022 của Cục Quản lý công nghệ")
    items = [s.item(qlcn, nq, ItemKind.PRIORITY, f"({n})", text, year=2022)
             for n, text in enumerate(PRIORITIES, 1)]
    services.create_indicator(qlcn, item=items[0], metric_key="research.accepted",
                              name="Số đề tài, nhiệm vụ được nghiệm thu năm 2022 cao hơn năm "
                                   "2021", target_kind=TargetKind.ABOVE_BASELINE,
                              baseline_start=D(2021, 1, 1), baseline_end=D(2021, 12, 31))
    services.create_indicator(qlcn, item=items[3], metric_key="safety.serious_production",
                              name="Không để xảy ra tai nạn, cháy nổ nghiêm trọng trong sản "
                                   "xuất năm 2022", target_kind=TargetKind.ZERO)
    s.assess(qlcn, items[5], "Tổ chức các lớp huấn luyện chuyên ngành theo kế hoạch",
             Assessment.ACHIEVED, "Đã tổ chức 04 lớp tập huấn nghiệp vụ quản lý công nghệ cho "
             "cán bộ kỹ thuật các đơn vị.", D(2022, 12, 20))
    s.assess(qlcn, items[6], "Đơn vị vững mạnh toàn diện", Assessment.ACHIEVED,
             "Đảng bộ Cục được đánh giá hoàn thành tốt nhiệm vụ năm 2022.", D(2022, 12, 28))
    s.task(nq, "Hoàn thành sửa đổi, ban hành lại các bộ tài liệu thiết kế phục vụ kế hoạch sản "
           "xuất năm 2022", "QLCN", D(2022, 1, 14), D(2022, 12, 31), supporting=("Z111", "Z113"),
           item=items[1], actor=qlcn,
           reports=((D(2022, 6, 30), 55, "Ban hành lại 12/20 bộ tài liệu thiết kế."),
                    (D(2022, 12, 26), 100, "Ban hành đủ 20 bộ tài liệu thiết kế.")))
    s.task(nq, "Tổng kết Nghị quyết 382/NQ-ĐUQSTW trong Tổng cục Công nghiệp quốc phòng",
           "QLCN", D(2022, 1, 14), D(2022, 10, 31), supporting=("KHDT", "BTM"), item=items[4],
           actor=qlcn, output="Báo cáo tổng kết",
           reports=((D(2022, 9, 30), 70, "Các đơn vị gửi báo cáo tổng kết."),
                    (D(2022, 12, 20), 100, "Tổ chức hội nghị tổng kết (lùi lịch do nhiệm vụ đột "
                                           "xuất).")))

