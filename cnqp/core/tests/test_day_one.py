"""Day one of a real directorate (issue 20's "Done when"): from an empty database, only the
commands an administrator runs and spreadsheets kept beside this file (`day_one/*.csv`, in
the order of their numbers), up to the annual report of 2023 with its figures.

1. `init_directorate` makes the root and the administrator, who chooses a password through
   the one-time link it prints (the browser's POST, as a person would);
2. `import_directory units|users`: departments with their domains, enterprises (one
   workshop listed before its parent), an institute, a user unit; department and enterprise
   staff, each with their own set-up link;
3. a year of history, each register imported by the department that keeps it: product types,
   the document register, the revisions issued (some re-issued in 2023), the usage rights
   (one expired since), the production plans with their start dates (a start judged at its
   date), the research register with each project's steps (opened, extended, suspended,
   cancelled, a failed acceptance then accepted, eligible for O-series, O-series, applied);
4. `make_report` of 2023 by the directorate's administrator, and by Cục QLCN as issuer of
   its domain for the whole directorate; the figures below were counted by hand from the
   files, not read back from the code.

It lives in core's tests, not the demo's: the demo's package shares one seeded demo among
its tests (cnqp/demo/tests/conftest.py), kept in the database until the package's last test,
so a test there would not start from an empty database."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import docx
import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from cnqp.core.models import OrgUnit, User
from cnqp.documents.models import Revision, UsageRight
from cnqp.production.models import PlanItem, ProductionPlan
from cnqp.reports.models import GeneratedReport
from cnqp.research.choices import ProjectStatus, Step
from cnqp.research.models import ProjectEvent, ResearchProject

# Counted by hand from day_one/*.csv. Research: executing at some moment of 2023, QG-2023-01
# (quốc gia), BQP-2021-07 until its completion and BQP-2020-11 back in progress after its
# failed acceptance of 2022 (Bộ Quốc phòng), TC-2023-02 (Tổng cục), CS-2023-05 until it was
# cancelled (cơ sở); not TC-2022-03, completed in 2022. Opened in 2023: QG-2023-01, TC-2023-02,
# CS-2023-05; completed: BQP-2021-07, BQP-2020-11; accepted: those two and TC-2022-03.
RESEARCH = ("Thực hiện 5 đề tài, nhiệm vụ KHCN các cấp (1 cấp quốc gia, 2 cấp Bộ Quốc phòng, "
            "1 cấp Tổng cục, 1 cấp cơ sở), trong đó mở mới 3 đề tài, nhiệm vụ; hoàn thành 2 "
            "đề tài; đã đánh giá, nghiệm thu 3 đề tài, nhiệm vụ, trong đó 1 đề tài đủ điều "
            "kiện sản xuất loạt “O” và 1 sản phẩm sản xuất loạt “O”; có 1 đề tài, nhiệm vụ "
            "được áp dụng vào sản xuất.")
RESEARCH_STEPS = "Trong kỳ từ 01/01/2023 đến 31/12/2023: gia hạn 1; tạm dừng 1; hủy bỏ 1."
# Documents: TLTK-01 (revision 2) and TLTK-03 (revision 3) amended and re-issued, TLTK-02 and
# TLCN-01 first issued, 4 revisions in 2023; rights from 2023: TLTK-01 twice and TLTK-03; the
# repair right of TLTK-01 ends on 31/12/2023, within 30 days of the period's end.
DOCUMENTS = [
    "Hoàn thành sửa đổi, ban hành lại 2 bộ TLTK phục vụ kế hoạch sản xuất năm 2023; cấp mới 3 "
    "quyền sử dụng tài liệu thiết kế; 1 quyền sử dụng sắp hết hạn trong 30 ngày.",
    "Trong kỳ từ 01/01/2023 đến 31/12/2023: ban hành lần đầu 2 bộ tài liệu kỹ thuật, sửa đổi "
    "2 bộ, ban hành lại 2 bộ (4 lần ban hành).",  # none revoked: no "thu hồi 0 quyền"
]
# Production: SPQP-01 and SPQP-02 are defence types on the budget; SPQP-03 (other sources)
# and SPKT-01 (economic) count only among every type; none completed.
PRODUCTION = ("Hoàn thành sản xuất, sửa chữa 0/2 chủng loại sản phẩm quốc phòng từ các nguồn "
              "ngân sách đảm bảo đúng tiến độ, chất lượng (kế hoạch năm 2023). Tính trên mọi "
              "chủng loại trong kế hoạch (sản phẩm kinh tế, lưỡng dụng, nguồn vốn khác): 0/4.")
# Cleared for unclassified records: TC-2023-02 and CS-2023-05 executing and opened,
# TC-2022-03 accepted and applied; of the documents, TLCN-01's first issue only.
CLERK_RESEARCH = [
    "Thực hiện 2 đề tài, nhiệm vụ KHCN các cấp (1 cấp Tổng cục, 1 cấp cơ sở), trong đó mở "
    "mới 2 đề tài, nhiệm vụ; đã đánh giá, nghiệm thu 1 đề tài, nhiệm vụ; có 1 đề tài, nhiệm "
    "vụ được áp dụng vào sản xuất.",
    RESEARCH_STEPS,
]
CLERK_DOCUMENTS = [
    "Không có bộ TLTK nào được sửa đổi, ban hành lại phục vụ kế hoạch sản xuất năm 2023 và "
    "không cấp mới quyền sử dụng tài liệu thiết kế nào.",
    "Trong kỳ từ 01/01/2023 đến 31/12/2023: ban hành lần đầu 1 bộ tài liệu kỹ thuật (1 lần "
    "ban hành).",
]

FILES = Path(__file__).parent / "day_one"
SITE = "https://cnqp.example"
PASSWORD = "Ngày-đầu-tiên-2023!"


def run(command: str, *args: Any, **options: Any) -> str:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(command, *args, stdout=out, stderr=err, **options)
    except CommandError as exc:
        raise AssertionError(f"{command} {' '.join(map(str, args))}: {exc}\n{err.getvalue()}"
                             ) from exc
    return out.getvalue()


def set_password(output: str, username: str) -> None:
    """The person opens their one-time link and chooses a password."""
    match = re.search(rf"^{re.escape(username)}[: ][^/]*?\s*{re.escape(SITE)}(/account/setup/\S+/)",
                      output, re.MULTILINE)
    assert match, output
    client = Client()
    assert client.get(match.group(1)).status_code == 200
    done = client.post(match.group(1), {"password": PASSWORD, "again": PASSWORD})
    assert done.status_code == 302, done.content.decode()[:2000]
    assert Client().login(username=username, password=PASSWORD)


def load(kind: str, command: str, name: str, user: str) -> str:
    return run(command, kind, str(FILES / name), user=user, add_only=True)


def proposed_on(code: str) -> dt.date:
    return ProjectEvent.objects.get(project__code=code, step=Step.PROPOSE).on_date


def texts(report: GeneratedReport) -> dict[str, list[str]]:
    """The paragraphs of each section of a generated report, by the section's title."""
    return {s["title"]: s["paragraphs"] for s in report.content["sections"]}


@pytest.mark.django_db
def test_day_one_from_an_empty_database_to_the_annual_report(settings: Any,
                                                             tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CNQP_SITE_URL = SITE
    assert not OrgUnit.objects.exists() and not User.objects.exists()

    # 1. The root and the administrator, who sets their own password.
    output = run("init_directorate", code="TCCNQP", name="Tổng cục Công nghiệp quốc phòng",
                 short_name="Tổng cục CNQP", admin="quantri", admin_name="Nguyễn Văn An",
                 head_title="Chủ nhiệm", head_name="Trung tướng Phạm Văn Hùng", site_url=SITE)
    set_password(output, "quantri")

    # 2. The organisation and its people, from the directorate's files.
    assert "7 created" in load("units", "import_directory", "01_don_vi.csv", "quantri")
    assert OrgUnit.objects.get(code="Z111-PX1").path == "TCCNQP/Z111/Z111-PX1/"
    assert OrgUnit.objects.get(code="QLCN").domain_list == ["documents", "research", "quality"]
    output = load("users", "import_directory", "02_nguoi_dung.csv", "quantri")
    assert "5 created" in output
    assert User.objects.get(username="z111.nam").role_codes == {"enterprise_staff"}
    assert not User.objects.get(username="qlcn.tuan").has_usable_password()
    for username in ("qlcn.tuan", "khdt.long"):
        set_password(output, username)

    # 3. The history of 2023, each register by the department that keeps it (add new only).
    for kind, name, created in (("product-types", "03_chung_loai.csv", 4),
                                ("sets", "04_bo_tai_lieu.csv", 5),
                                ("revisions", "05_lan_ban_hanh.csv", 8),
                                ("rights", "06_quyen_su_dung.csv", 5)):
        assert f"{created} created" in load(kind, "import_documents", name, "qlcn.tuan")
    dry = run("import_production", "plan-items", str(FILES / "07_ke_hoach.csv"),
              user="khdt.long", dry_run=True)
    assert "5 would be created" in dry and not PlanItem.objects.exists()
    assert "5 created" in load("plan-items", "import_production", "07_ke_hoach.csv",
                               "khdt.long")
    assert "6 created" in load("projects", "import_research", "08_de_tai.csv", "qlcn.tuan")
    # each step on its own date: the re-issue, the start under a right expired since, the
    # project's history from its proposal
    reissue = Revision.objects.get(document_set__code="TLTK-01", number=2)
    assert reissue.issue_date == dt.date(2023, 3, 15)
    assert Revision.objects.get(document_set__code="TLTK-01", number=1).superseded_by == reissue
    mortars = PlanItem.objects.get(product_type__code="SPQP-02")
    assert mortars.started_on == dt.date(2023, 3, 1)
    assert UsageRight.objects.get(document_set__code="TLTK-02").valid_to < dt.date.today()
    assert ProductionPlan.objects.count() == 3  # Z111, Z113 and VCN's plans of 2023
    project = ResearchProject.objects.get(code="BQP-2021-07")
    assert project.status == ProjectStatus.O_SERIES
    assert proposed_on("BQP-2021-07") == dt.date(2021, 1, 15)
    assert proposed_on("TC-2022-03") == dt.date(2022, 2, 10)  # none in the file: its opening

    # 4. The annual report of 2023: the directorate's, then Cục QLCN's for its domain over the
    # whole directorate, then the same by a QLCN clerk cleared for unclassified records only.
    out = tmp_path / "reports"
    run("make_report", kind="annual", year=2023, format=["docx"], out=out, user="quantri")
    run("make_report", kind="annual", year=2023, format=["docx"], out=out, user="qlcn.tuan",
        issuer="QLCN", sections=["research", "documents"])
    run("make_report", kind="annual", year=2023, format=["xlsx"], out=out, user="qlcn.ha",
        issuer="QLCN", sections=["research", "documents"])
    directorate, department, clerk = GeneratedReport.objects.order_by("pk")

    assert directorate.number == "01/BC-TCCNQP"
    # signed by the heads recorded at set-up and in the units' file
    assert directorate.content["signature"] == {"position": "CHỦ NHIỆM",
                                                "name": "Trung tướng Phạm Văn Hùng"}
    assert department.content["signature"] == {"position": "CỤC TRƯỞNG",
                                               "name": "Đại tá Vũ Đức Thịnh"}
    figures = texts(directorate)
    assert figures["Khoa học công nghệ"][:2] == [RESEARCH, RESEARCH_STEPS]
    assert figures["Công tác quản lý tài liệu kỹ thuật"] == DOCUMENTS
    assert figures["Sản xuất, sửa chữa"][0] == PRODUCTION
    words = [p.text for p in docx.Document(str(out / "01-BC-TCCNQP.docx")).paragraphs]
    assert RESEARCH in words and PRODUCTION in words

    assert department.number == "01/BC-QLCN" and department.unit is None
    assert department.content["header"]["issuing_unit"] == "CỤC QUẢN LÝ CÔNG NGHỆ"
    assert "của toàn Tổng cục" in department.content["introduction"][0]
    assert list(texts(department)) == ["Khoa học công nghệ", "Công tác quản lý tài liệu kỹ thuật"]
    assert texts(department)["Khoa học công nghệ"][:2] == [RESEARCH, RESEARCH_STEPS]
    assert texts(department)["Công tác quản lý tài liệu kỹ thuật"] == DOCUMENTS

    assert clerk.number == "02/BC-QLCN"
    seen = texts(clerk)
    assert seen["Khoa học công nghệ"][:2] == CLERK_RESEARCH
    assert seen["Công tác quản lý tài liệu kỹ thuật"] == CLERK_DOCUMENTS
