"""The reference data CNQP ships for production safety, in the words of the texts it rests on,
and `load_reference`, which writes what is missing through the reference services (audited).

Loading is idempotent: a row is found by its natural key (a code; a regime by category, kind
and start of validity; a training group by number and start) and created only when missing. A
row already there is left as the safety department has edited it, except that a shipped end of
validity is applied to a row still open (a decree replaced: `end_reference`, with history).

Choices made where the texts are silent or not public (edit them as data, with a date):

- Validity starts on 01/01/2011, the first year the directorate's figures compare, unless the
  row follows a text that replaced another (the fire-safety regime under NĐ 79/2014, then NĐ
  136/2020 from 10/01/2021, then NĐ 105/2025 from 01/07/2025). Rows whose text took effect
  later (NĐ 39/2016, NĐ 44/2016) still start in 2011: the texts before them (TTLT
  12/2012/TTLT-BLĐTBXH-BYT and the decrees under the 1994 Labour Code) counted accidents in the
  same three classes per person, and the 2011-2015 records need those classes.
- Severity classes of an incident ("vụ việc mất an toàn"): the directorate's scale is not
  public (anchors, section 1(b)). The classes follow the gradations of Article 295 of the
  Criminal Code 2015 (violating labour-safety rules), the public criteria nearest to it:
  serious from the threshold of clause 1 (one death, or property damage from 100 million
  đồng), especially serious at clause 3 (three deaths or more, or damage from 1.5 billion
  đồng). Seriously injured people: two for serious (NĐ 39/2016 sends an accident with two
  seriously injured to the provincial investigation team) and five for especially serious
  (our choice). Below them, "ít nghiêm trọng", the floor.
- Training (NĐ 44/2016, amended by NĐ 140/2018): certificates of groups 1, 2, 3 and 6 are
  valid two years (the refresher is due at least every two years), group 4 trains every year,
  group 5 (medical staff) every five years.
- Inspection intervals: the periodic cycles of the Ministry of Labour's inspection procedures
  (QTKĐ) for each kind of equipment, shortened for equipment over 20 years old by the
  procedures themselves; the anchors mark them unverified, so they are data, never code.
- Injury factors: the statutory list abridged to what the defence industry's work meets; the
  other factors of the annex are added as rows.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction

from cnqp.core.models import User
from cnqp.core.records import writes
from cnqp.safety.choices import CauseParty, InspectionKind
from cnqp.safety.models import (
    AssetCategory,
    CauseCode,
    ChecklistCriterion,
    Course,
    IncidentKind,
    InjuryFactor,
    InspectionRegime,
    LegalBasis,
    SeverityClass,
    TrainingGroup,
)
from cnqp.safety.services import create_reference, end_reference

SINCE = dt.date(2011, 1, 1)
D = dt.date


@dataclass(frozen=True)
class Basis:
    code: str
    title: str
    issued_on: dt.date
    effective_from: dt.date
    replaced_by: str = ""


LEGAL_BASES = (
    Basis("84/2015/QH13", "Luật An toàn, vệ sinh lao động", D(2015, 6, 25), D(2016, 7, 1)),
    Basis("39/2016/NĐ-CP", "Nghị định quy định chi tiết thi hành một số điều của Luật An toàn, "
          "vệ sinh lao động (khai báo, điều tra, thống kê, báo cáo tai nạn lao động, sự cố kỹ "
          "thuật gây mất an toàn, vệ sinh lao động nghiêm trọng)", D(2016, 5, 15), D(2016, 7, 1)),
    Basis("44/2016/NĐ-CP", "Nghị định quy định chi tiết một số điều của Luật An toàn, vệ sinh "
          "lao động về hoạt động kiểm định kỹ thuật an toàn lao động, huấn luyện an toàn, vệ "
          "sinh lao động và quan trắc môi trường lao động", D(2016, 5, 15), D(2016, 7, 1)),
    Basis("140/2018/NĐ-CP", "Nghị định sửa đổi, bổ sung các Nghị định liên quan đến điều kiện "
          "đầu tư kinh doanh và thủ tục hành chính thuộc phạm vi quản lý nhà nước của Bộ Lao "
          "động - Thương binh và Xã hội", D(2018, 10, 8), D(2018, 10, 8)),
    Basis("53/2016/TT-BLĐTBXH", "Thông tư ban hành Danh mục các loại máy, thiết bị, vật tư, "
          "chất có yêu cầu nghiêm ngặt về an toàn, vệ sinh lao động", D(2016, 12, 28),
          D(2017, 2, 15), replaced_by="36/2019/TT-BLĐTBXH"),
    Basis("36/2019/TT-BLĐTBXH", "Thông tư ban hành Danh mục các loại máy, thiết bị, vật tư, "
          "chất có yêu cầu nghiêm ngặt về an toàn, vệ sinh lao động", D(2019, 12, 30),
          D(2020, 2, 15)),
    Basis("07/2016/TT-BLĐTBXH", "Thông tư quy định một số nội dung tổ chức thực hiện công tác "
          "an toàn, vệ sinh lao động đối với cơ sở sản xuất, kinh doanh", D(2016, 5, 15),
          D(2016, 7, 1)),
    Basis("27/2001/QH10", "Luật Phòng cháy và chữa cháy (sửa đổi, bổ sung bởi Luật số "
          "40/2013/QH13)", D(2001, 6, 29), D(2001, 10, 4), replaced_by="55/2024/QH15"),
    Basis("55/2024/QH15", "Luật Phòng cháy, chữa cháy và cứu nạn, cứu hộ", D(2024, 11, 29),
          D(2025, 7, 1)),
    Basis("79/2014/NĐ-CP", "Nghị định quy định chi tiết thi hành một số điều của Luật Phòng "
          "cháy và chữa cháy", D(2014, 7, 31), D(2014, 9, 15), replaced_by="136/2020/NĐ-CP"),
    Basis("136/2020/NĐ-CP", "Nghị định quy định chi tiết một số điều và biện pháp thi hành "
          "Luật Phòng cháy và chữa cháy", D(2020, 11, 24), D(2021, 1, 10),
          replaced_by="105/2025/NĐ-CP"),
    Basis("105/2025/NĐ-CP", "Nghị định quy định chi tiết một số điều và biện pháp thi hành "
          "Luật Phòng cháy, chữa cháy và cứu nạn, cứu hộ", D(2025, 5, 15), D(2025, 7, 1)),
    Basis("71/2018/NĐ-CP", "Nghị định quy định chi tiết Luật Quản lý, sử dụng vũ khí, vật liệu "
          "nổ và công cụ hỗ trợ về vật liệu nổ công nghiệp và tiền chất thuốc nổ",
          D(2018, 5, 15), D(2018, 5, 15)),
    Basis("06/2007/QH12", "Luật Hóa chất", D(2007, 11, 21), D(2008, 7, 1)),
    Basis("113/2017/NĐ-CP", "Nghị định quy định chi tiết và hướng dẫn thi hành một số điều của "
          "Luật Hóa chất", D(2017, 10, 9), D(2017, 11, 25)),
    Basis("72/2020/QH14", "Luật Bảo vệ môi trường", D(2020, 11, 17), D(2022, 1, 1)),
    Basis("100/2015/QH13", "Bộ luật Hình sự (Điều 295: tội vi phạm quy định về an toàn lao "
          "động)", D(2015, 11, 27), D(2018, 1, 1)),
    Basis("195-NQ/ĐU", "Nghị quyết của Đảng ủy Tổng cục Công nghiệp quốc phòng về lãnh đạo công "
          "tác bảo đảm an toàn trong sản xuất", D(2016, 7, 8), D(2016, 7, 8)),
)

# Asset categories: (code, name, parent, strict, legal basis). Strict: TT 36/2019 (before it
# TT 53/2016); the works and means of fire, lightning and explosives protection are not on
# that list but are reviewed with them.
CATEGORIES: tuple[tuple[str, str, str, bool, str], ...] = (
    ("TB-AP", "Thiết bị áp lực", "", True, "36/2019/TT-BLĐTBXH"),
    ("NOI-HOI", "Nồi hơi, nồi đun nước nóng (áp suất làm việc trên 0,7 bar)", "TB-AP", True,
     "36/2019/TT-BLĐTBXH"),
    ("BINH-AP", "Bình chịu áp lực (áp suất làm việc trên 0,7 bar)", "TB-AP", True,
     "36/2019/TT-BLĐTBXH"),
    ("CHAI-KHI", "Chai chứa khí nén, khí hóa lỏng, khí hòa tan", "TB-AP", True,
     "36/2019/TT-BLĐTBXH"),
    ("ONG-HOI", "Đường ống dẫn hơi nước, nước nóng", "TB-AP", True, "36/2019/TT-BLĐTBXH"),
    ("HT-LANH", "Hệ thống lạnh", "TB-AP", True, "36/2019/TT-BLĐTBXH"),
    ("TB-NANG", "Thiết bị nâng", "", True, "36/2019/TT-BLĐTBXH"),
    ("CAU-TRUC", "Cầu trục, cổng trục, pa lăng điện", "TB-NANG", True, "36/2019/TT-BLĐTBXH"),
    ("CAN-TRUC", "Cần trục (ô tô, bánh xích, tháp)", "TB-NANG", True, "36/2019/TT-BLĐTBXH"),
    ("XE-NANG", "Xe nâng hàng", "TB-NANG", True, "36/2019/TT-BLĐTBXH"),
    ("THANG-MAY", "Thang máy", "TB-NANG", True, "36/2019/TT-BLĐTBXH"),
    ("KHO-VLN", "Kho vật liệu nổ, thuốc phóng, thuốc nổ", "", False, "71/2018/NĐ-CP"),
    ("TRUONG-BAN", "Trường bắn, bãi thử", "", False, "195-NQ/ĐU"),
    ("CHONG-SET", "Hệ thống chống sét", "", False, "79/2014/NĐ-CP"),
    ("PCCC", "Phương tiện phòng cháy, chữa cháy", "", False, "79/2014/NĐ-CP"),
    ("PCCC-BINH", "Bình chữa cháy", "PCCC", False, "79/2014/NĐ-CP"),
    ("PCCC-HT", "Hệ thống báo cháy, chữa cháy tự động", "PCCC", False, "79/2014/NĐ-CP"),
    ("KHO-HC", "Kho hóa chất nguy hiểm", "", False, "113/2017/NĐ-CP"),
)

KD = "Tổ chức kiểm định được cấp phép (kiểm định viên)"
SELF = "Đơn vị (cán bộ an toàn, kỹ thuật)"
FIRE_TEAM = "Đơn vị (đội PCCC cơ sở) hoặc tổ chức được cấp phép"
T, INT, EARTH, FIRE = (InspectionKind.TECHNICAL, InspectionKind.INTERNAL,
                       InspectionKind.EARTHING, InspectionKind.FIRE)


@dataclass(frozen=True)
class Regime:
    category: str
    kind: str
    months: int
    performer: str
    basis: str
    valid_from: dt.date = SINCE
    valid_to: dt.date | None = None


def _fire(category: str, months: int) -> tuple[Regime, ...]:
    """The fire-safety check under three successive decrees: the same interval, a new row each
    time a decree replaced the last."""
    return (Regime(category, FIRE, months, FIRE_TEAM, "79/2014/NĐ-CP",
                   valid_to=D(2021, 1, 9)),
            Regime(category, FIRE, months, FIRE_TEAM, "136/2020/NĐ-CP", D(2021, 1, 10),
                   D(2025, 6, 30)),
            Regime(category, FIRE, months, FIRE_TEAM, "105/2025/NĐ-CP", D(2025, 7, 1)))


REGIMES: tuple[Regime, ...] = (
    Regime("NOI-HOI", T, 24, KD, "44/2016/NĐ-CP"),
    Regime("NOI-HOI", INT, 6, SELF, "07/2016/TT-BLĐTBXH"),
    Regime("BINH-AP", T, 36, KD, "44/2016/NĐ-CP"),
    Regime("CHAI-KHI", T, 60, KD, "44/2016/NĐ-CP"),
    Regime("ONG-HOI", T, 36, KD, "44/2016/NĐ-CP"),
    Regime("HT-LANH", T, 24, KD, "44/2016/NĐ-CP"),
    Regime("CAU-TRUC", T, 24, KD, "44/2016/NĐ-CP"),
    Regime("CAU-TRUC", INT, 6, SELF, "07/2016/TT-BLĐTBXH"),
    Regime("CAN-TRUC", T, 24, KD, "44/2016/NĐ-CP"),
    Regime("XE-NANG", T, 24, KD, "44/2016/NĐ-CP"),
    Regime("THANG-MAY", T, 36, KD, "44/2016/NĐ-CP"),
    Regime("KHO-VLN", INT, 6, SELF, "71/2018/NĐ-CP"),
    Regime("KHO-VLN", EARTH, 12, SELF, "71/2018/NĐ-CP"),
    *_fire("KHO-VLN", 12),
    Regime("TRUONG-BAN", INT, 12, SELF, "195-NQ/ĐU"),
    Regime("CHONG-SET", EARTH, 12, SELF, "79/2014/NĐ-CP"),
    *_fire("PCCC-BINH", 6),
    *_fire("PCCC-HT", 12),
    Regime("KHO-HC", INT, 6, SELF, "113/2017/NĐ-CP"),
    *_fire("KHO-HC", 12),
)

# Training groups of NĐ 44/2016 Điều 17: (number, name)
GROUPS = (
    (1, "Người quản lý phụ trách công tác an toàn, vệ sinh lao động"),
    (2, "Người làm công tác an toàn, vệ sinh lao động"),
    (3, "Người lao động làm công việc có yêu cầu nghiêm ngặt về an toàn, vệ sinh lao động"),
    (4, "Người lao động không thuộc các nhóm 1, 2, 3, 5, 6"),
    (5, "Người làm công tác y tế"),
    (6, "An toàn, vệ sinh viên"),
)

# Courses: (code, name, group, validity in months, certificate)
COURSES = (
    ("HL-N1", "Huấn luyện an toàn, vệ sinh lao động nhóm 1", 1, 24,
     "Giấy chứng nhận huấn luyện an toàn, vệ sinh lao động"),
    ("HL-N2", "Huấn luyện an toàn, vệ sinh lao động nhóm 2", 2, 24,
     "Giấy chứng nhận huấn luyện an toàn, vệ sinh lao động"),
    ("HL-N3", "Huấn luyện an toàn, vệ sinh lao động nhóm 3", 3, 24, "Thẻ an toàn"),
    ("HL-N3-NANG", "Huấn luyện nhóm 3: vận hành thiết bị nâng", 3, 24, "Thẻ an toàn"),
    ("HL-N3-AP", "Huấn luyện nhóm 3: vận hành thiết bị áp lực", 3, 24, "Thẻ an toàn"),
    ("HL-N3-VLN", "Huấn luyện nhóm 3: bảo quản, sử dụng vật liệu nổ", 3, 24, "Thẻ an toàn"),
    ("HL-N4", "Huấn luyện an toàn, vệ sinh lao động nhóm 4 (hằng năm)", 4, 12,
     "Sổ theo dõi công tác huấn luyện"),
    ("HL-N5", "Huấn luyện an toàn, vệ sinh lao động nhóm 5", 5, 60,
     "Chứng chỉ chứng nhận chuyên môn về y tế lao động"),
    ("HL-N6", "Huấn luyện an toàn, vệ sinh viên (nhóm 6)", 6, 24,
     "Giấy chứng nhận huấn luyện an toàn, vệ sinh lao động"),
)

# Incident kinds: (code, name, labour accident, counted, legal basis)
INCIDENT_KINDS = (
    ("TNLD", "Tai nạn lao động", True, True, "39/2016/NĐ-CP"),
    ("CHAY", "Cháy", False, True, "27/2001/QH10"),
    ("NO", "Nổ", False, True, "71/2018/NĐ-CP"),
    ("HOA-CHAT", "Sự cố hóa chất", False, True, "06/2007/QH12"),
    ("KY-THUAT", "Sự cố kỹ thuật gây mất an toàn, vệ sinh lao động nghiêm trọng", False, True,
     "39/2016/NĐ-CP"),
    ("MOI-TRUONG", "Sự cố môi trường", False, True, "72/2020/QH14"),
    ("SUYT", "Sự cố suýt xảy ra (chưa gây thiệt hại)", False, False, "84/2015/QH13"),
)

# Severity classes: (code, name, rank, from deaths, from seriously injured, from damage VND)
SEVERITIES: tuple[tuple[str, str, int, int | None, int | None, int | None], ...] = (
    ("DBNT", "Đặc biệt nghiêm trọng", 1, 3, 5, 1_500_000_000),
    ("NT", "Nghiêm trọng", 2, 1, 2, 100_000_000),
    ("INT", "Ít nghiêm trọng", 3, None, None, None),
)

# Causes as Phụ lục XII NĐ 39/2016 groups them: (code, name, party)
CAUSES = (
    ("NSD-TB", "Không có thiết bị an toàn hoặc thiết bị không bảo đảm an toàn",
     CauseParty.EMPLOYER),
    ("NSD-PTBV", "Không có phương tiện bảo vệ cá nhân hoặc phương tiện bảo vệ cá nhân không tốt",
     CauseParty.EMPLOYER),
    ("NSD-TCLD", "Tổ chức lao động chưa hợp lý", CauseParty.EMPLOYER),
    ("NSD-HL", "Chưa huấn luyện hoặc huấn luyện an toàn, vệ sinh lao động chưa đầy đủ",
     CauseParty.EMPLOYER),
    ("NSD-QT", "Không có quy trình an toàn hoặc biện pháp làm việc an toàn",
     CauseParty.EMPLOYER),
    ("NSD-DK", "Điều kiện làm việc không tốt", CauseParty.EMPLOYER),
    ("NLD-VP", "Vi phạm nội quy, quy trình, quy chuẩn, biện pháp làm việc an toàn",
     CauseParty.WORKER),
    ("NLD-PTBV", "Không sử dụng phương tiện bảo vệ cá nhân", CauseParty.WORKER),
    ("KHAC-NK", "Do người khác (bên thứ ba) gây ra", CauseParty.OBJECTIVE),
    ("KHAC-KQ", "Khách quan khó tránh, nguyên nhân khác", CauseParty.OBJECTIVE),
)

# Injury factors (Phụ lục XII NĐ 39/2016, 1.2), abridged: (code, name)
FACTORS = (
    ("YT-DIEN", "Điện giật"),
    ("YT-NANG", "Thiết bị nâng, vật nâng rơi"),
    ("YT-AP", "Thiết bị áp lực, nổ áp lực"),
    ("YT-MAY", "Máy, thiết bị gia công cắt gọt kim loại, gỗ: cuốn, kẹp, cắt"),
    ("YT-CAO", "Ngã từ trên cao"),
    ("YT-ROI", "Vật rơi, đổ, sập"),
    ("YT-VANG", "Vật văng, bắn"),
    ("YT-NO", "Nổ vật liệu nổ, thuốc phóng, thuốc nổ"),
    ("YT-BONG", "Bỏng nhiệt, cháy"),
    ("YT-HOACHAT", "Bỏng hóa chất, nhiễm độc hóa chất"),
    ("YT-GT", "Phương tiện vận chuyển trong cơ sở"),
    ("YT-KHAC", "Yếu tố khác"),
)

# The checklist of the general review (tổng rà soát): (code, area, criterion)
CRITERIA = (
    ("RS-01", "Hệ thống văn bản", "Có đủ quy định, quy tắc, quy trình, nội quy bảo đảm an toàn "
     "cho từng dây chuyền, thiết bị, kho tàng; được rà soát, cập nhật theo quy định mới."),
    ("RS-02", "Hệ thống văn bản", "Các quy định, quy trình an toàn được quán triệt, phổ biến "
     "đến người lao động (có biên bản, sổ theo dõi)."),
    ("RS-03", "Tổ chức, lực lượng", "Có hội đồng hoặc bộ phận an toàn, vệ sinh lao động; cán bộ "
     "chuyên trách, bán chuyên trách theo quy định."),
    ("RS-04", "Tổ chức, lực lượng", "Mạng lưới an toàn, vệ sinh viên được kiện toàn, hoạt động "
     "thường xuyên."),
    ("RS-05", "Tổ chức, lực lượng", "Lực lượng phòng cháy, chữa cháy cơ sở và lực lượng ứng phó "
     "sự cố hóa chất được thành lập, huấn luyện."),
    ("RS-06", "Huấn luyện", "Người lao động được huấn luyện an toàn, vệ sinh lao động theo "
     "nhóm; giấy chứng nhận, thẻ an toàn còn hiệu lực."),
    ("RS-07", "Máy, thiết bị", "Máy, thiết bị có yêu cầu nghiêm ngặt về an toàn được khai báo, "
     "kiểm định đúng hạn, có giấy chứng nhận kiểm định còn hiệu lực."),
    ("RS-08", "Máy, thiết bị", "Thiết bị không đạt kiểm định hoặc quá hạn kiểm định đã dừng sử "
     "dụng."),
    ("RS-09", "Công trình, kho tàng", "Kho vật liệu nổ, thuốc phóng, thuốc nổ bảo đảm khoảng "
     "cách an toàn, thông gió, nhiệt độ, độ ẩm theo quy định."),
    ("RS-10", "Công trình, kho tàng", "Hệ thống chống sét được đo kiểm tra điện trở nối đất định "
     "kỳ, đạt yêu cầu."),
    ("RS-11", "Phòng cháy, chữa cháy", "Phương án chữa cháy được phê duyệt, thực tập định kỳ; "
     "phương tiện chữa cháy đủ số lượng, còn hạn sử dụng."),
    ("RS-12", "Hóa chất", "Kế hoạch, biện pháp phòng ngừa, ứng phó sự cố hóa chất được xây "
     "dựng, phê duyệt và diễn tập."),
    ("RS-13", "Nghiên cứu, chế thử", "Có phương án bảo đảm an toàn cho nghiên cứu, chế thử, bắn "
     "thử vũ khí, trang bị kỹ thuật, được phê duyệt trước khi thực hiện."),
    ("RS-14", "Tai nạn, sự cố", "Tai nạn lao động, sự cố được khai báo, điều tra, thống kê, báo "
     "cáo đúng quy định."),
    ("RS-15", "Bảo hộ lao động", "Người lao động được cấp phát và sử dụng đúng phương tiện bảo "
     "vệ cá nhân."),
)
CRITERIA_BASIS = "195-NQ/ĐU"


# --- loading -----------------------------------------------------------------------------------


def _by(model: type[models.Model], *fields: str) -> dict[Any, Any]:
    key = fields[0] if len(fields) == 1 else None
    rows = model._default_manager.all()
    if key is not None:
        return {getattr(r, key): r for r in rows}
    return {tuple(getattr(r, f) for f in fields): r for r in rows}


class _Loader:
    def __init__(self, actor: User | None) -> None:
        self.actor = actor
        self.counts: Counter[str] = Counter()
        self.bases: dict[str, LegalBasis] = {}

    def ensure(self, model: type[Any], existing: dict[Any, Any], key: Any,
               data: dict[str, Any]) -> Any:
        """The row of `key`: created when missing; ended when the shipped row ends and the
        stored one is still open."""
        row = existing.get(key)
        if row is None:
            row = create_reference(self.actor, model, **data)
            existing[key] = row
            self.counts["created"] += 1
        elif data.get("valid_to") is not None and row.valid_to is None:
            row = end_reference(self.actor, row, valid_to=data["valid_to"])
            self.counts["ended"] += 1
        else:
            self.counts["unchanged"] += 1
        return row

    def legal_bases(self) -> None:
        existing = _by(LegalBasis, "code")
        for basis in LEGAL_BASES:
            if basis.code in existing:
                self.counts["unchanged"] += 1
                continue
            existing[basis.code] = writes.create(self.actor, LegalBasis(
                code=basis.code, title=basis.title, issued_on=basis.issued_on,
                effective_from=basis.effective_from))
            self.counts["created"] += 1
        for basis in LEGAL_BASES:  # once both ends exist
            row = existing[basis.code]
            if basis.replaced_by and row.replaced_by_id is None:
                writes.update(self.actor, row, {"replaced_by": existing[basis.replaced_by]})
        self.bases = existing

    def dated(self, basis: str, valid_from: dt.date = SINCE,
              valid_to: dt.date | None = None) -> dict[str, Any]:
        return {"legal_basis": self.bases[basis] if basis else None, "valid_from": valid_from,
                "valid_to": valid_to}

    def categories(self) -> dict[str, AssetCategory]:
        existing = _by(AssetCategory, "code")
        for code, name, parent, strict, basis in CATEGORIES:
            self.ensure(AssetCategory, existing, code, {
                "code": code, "name": name, "parent": existing.get(parent) if parent else None,
                "strict": strict, **self.dated(basis)})
        return existing

    def regimes(self, categories: dict[str, AssetCategory]) -> None:
        existing = _by(InspectionRegime, "category_id", "kind", "valid_from")
        for r in REGIMES:
            category = categories[r.category]
            self.ensure(InspectionRegime, existing, (category.pk, r.kind, r.valid_from), {
                "category": category, "kind": r.kind, "interval_months": r.months,
                "performer": r.performer, **self.dated(r.basis, r.valid_from, r.valid_to)})

    def training(self) -> None:
        groups = _by(TrainingGroup, "number", "valid_from")
        for number, name in GROUPS:
            self.ensure(TrainingGroup, groups, (number, SINCE),
                        {"number": number, "name": name, **self.dated("44/2016/NĐ-CP")})
        courses = _by(Course, "code")
        for code, name, group, months, certificate in COURSES:
            self.ensure(Course, courses, code, {
                "code": code, "name": name, "group": groups[(group, SINCE)],
                "validity_months": months, "certificate_kind": certificate,
                **self.dated("44/2016/NĐ-CP")})

    def incidents(self) -> None:
        kinds = _by(IncidentKind, "code")
        for code, name, labour, counted, basis in INCIDENT_KINDS:
            self.ensure(IncidentKind, kinds, code, {
                "code": code, "name": name, "labour_accident": labour, "counted": counted,
                **self.dated(basis)})
        severities = _by(SeverityClass, "code")
        for code, name, rank, deaths, serious, damage in SEVERITIES:
            self.ensure(SeverityClass, severities, code, {
                "code": code, "name": name, "rank": rank, "min_deaths": deaths,
                "min_serious_injuries": serious, "min_damage": damage,
                **self.dated("100/2015/QH13")})
        self.simple(CauseCode, ((c, {"name": n, "party": p}) for c, n, p in CAUSES),
                    "39/2016/NĐ-CP")
        self.simple(InjuryFactor, ((c, {"name": n}) for c, n in FACTORS), "39/2016/NĐ-CP")
        self.simple(ChecklistCriterion, ((c, {"area": a, "text": t}) for c, a, t in CRITERIA),
                    CRITERIA_BASIS)

    def simple(self, model: type[Any], rows: Iterable[tuple[str, dict[str, Any]]],
               basis: str) -> None:
        existing = _by(model, "code")
        for code, data in rows:
            self.ensure(model, existing, code, {"code": code, **data, **self.dated(basis)})


def load_reference(actor: User | None = None) -> Counter[str]:
    """Write the shipped reference data that is missing, in one transaction; the counts of
    rows created, ended and left unchanged."""
    loader = _Loader(actor)
    with transaction.atomic():
        loader.legal_bases()
        loader.regimes(loader.categories())
        loader.training()
        loader.incidents()
    return loader.counts
