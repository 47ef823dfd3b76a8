"""The rules of drafting: stages only forward and refused with a clear message (nothing
written), dates not before the previous step nor in the future, what the issue step needs and
does (the register entry, in the same transaction), the consultation rounds, the register."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import override

from cnqp.core.choices import AuditAction, Classification
from cnqp.core.models import AuditEntry
from cnqp.legal import services
from cnqp.legal.choices import DocumentKind, InstrumentStatus, Stage
from cnqp.legal.models import ConsultationRound, DraftingStep, LegalDraft, LegalInstrument
from cnqp.legal.tests.conftest import World

D = dt.date
S = Stage


def _refused(call, field: str) -> str:
    with pytest.raises(ValidationError) as caught:
        call()
    assert field in caught.value.message_dict, caught.value.message_dict
    return caught.value.message_dict[field][0]


def _unchanged(draft: LegalDraft) -> tuple:
    draft.refresh_from_db()
    return (draft.current_stage, draft.stage_on, draft.steps.count(),
            AuditEntry.objects.count())


def test_steps_move_the_draft_forward(world: World) -> None:
    draft = world.draft()
    world.through(draft, (S.PROPOSAL, D(2023, 1, 10)), (S.DRAFTING, D(2023, 3, 1)))
    draft.refresh_from_db()
    assert (draft.current_stage, draft.started_on, draft.stage_on) == (
        S.DRAFTING, D(2023, 1, 10), D(2023, 3, 1))
    assert list(draft.steps.values_list("stage", flat=True)) == [S.PROPOSAL, S.DRAFTING]


@pytest.mark.parametrize("stage", [S.PROPOSAL, S.DRAFTING])
def test_a_stage_not_after_the_current_one_is_refused_and_nothing_written(
        world: World, stage: int) -> None:
    draft = world.through(world.draft(), (S.PROPOSAL, D(2023, 1, 10)),
                          (S.DRAFTING, D(2023, 3, 1)))
    before = _unchanged(draft)
    with override("vi"):
        message = _refused(lambda: services.record_step(world.staff, draft, stage=stage,
                                                        date=D(2023, 4, 1)), "stage")
    assert message.startswith("Giai đoạn ") and "phải sau giai đoạn hiện tại" in message
    assert _unchanged(draft) == before


def test_a_draft_starts_with_its_proposal_or_drafting(world: World) -> None:
    draft = world.draft()
    _refused(lambda: services.record_step(world.staff, draft, stage=S.APPRAISAL,
                                          date=D(2023, 1, 5)), "stage")
    assert not DraftingStep.objects.exists()


def test_dates_before_the_previous_step_or_in_the_future_are_refused(world: World) -> None:
    draft = world.through(world.draft(), (S.DRAFTING, D(2023, 3, 1)))
    before = _unchanged(draft)
    _refused(lambda: services.record_step(world.staff, draft, stage=S.APPRAISAL,
                                          date=D(2023, 2, 28)), "date")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    _refused(lambda: services.record_step(world.staff, draft, stage=S.APPRAISAL,
                                          date=tomorrow), "date")
    assert _unchanged(draft) == before
    services.record_step(world.staff, draft, stage=S.APPRAISAL, date=D(2023, 3, 1))  # same day


def test_skipping_forward_is_allowed_for_a_decision(world: World) -> None:
    draft = world.draft("Quy chế làm việc", kind=DocumentKind.DECISION)
    world.through(draft, (S.DRAFTING, D(2023, 3, 1)), (S.ISSUED, D(2023, 5, 2)),
                  number="120/QĐ-TCCNQP")
    assert draft.issued_on == D(2023, 5, 2)


def test_a_circular_is_issued_only_after_consultation(world: World) -> None:
    draft = world.through(world.draft(), (S.DRAFTING, D(2023, 3, 1)))
    message = _refused(lambda: services.record_step(
        world.staff, draft, stage=S.ISSUED, date=D(2023, 6, 1), issued_number="5/2023/TT-BQP"),
        "stage")
    assert message == "Thông tư chỉ được ban hành sau khi đã lấy ý kiến."
    assert not LegalInstrument.objects.exists()


def test_the_issue_step_needs_a_number_and_files_the_register_entry(world: World) -> None:
    draft = world.through(world.draft(deadline=D(2023, 9, 30)), (S.DRAFTING, D(2023, 3, 1)),
                          round_on=D(2023, 4, 3))
    _refused(lambda: services.record_step(world.staff, draft, stage=S.ISSUED,
                                          date=D(2023, 6, 1)), "issued_number")
    _refused(lambda: services.record_step(world.staff, draft, stage=S.APPRAISAL,
                                          date=D(2023, 5, 1), issued_number="1/2023/TT-BQP"),
             "issued_number")
    services.record_step(world.staff, draft, stage=S.ISSUED, date=D(2023, 6, 1),
                         issued_number=" 25/2023/TT-BQP ", effective_from=D(2023, 7, 16))
    draft.refresh_from_db()
    assert (draft.current_stage, draft.issued_number, draft.issued_on) == (
        S.ISSUED, "25/2023/TT-BQP", D(2023, 6, 1))
    entry = LegalInstrument.objects.get()
    assert (entry.number, entry.kind, entry.title, entry.unit, entry.draft) == (
        "25/2023/TT-BQP", DocumentKind.CIRCULAR, draft.title, world.office, draft)
    assert (entry.issued_on, entry.effective_from, entry.review_due_on, entry.status) == (
        D(2023, 6, 1), D(2023, 7, 16), D(2028, 7, 16), InstrumentStatus.IN_FORCE)
    # nothing after the issue, and the issued draft's title stays
    _refused(lambda: services.record_step(world.staff, draft, stage=S.ISSUED,
                                          date=D(2023, 6, 2)), "stage")
    _refused(lambda: services.update_draft(world.staff, draft, title="Khác"), "title")
    with pytest.raises(ValidationError):
        services.delete_draft(world.staff, draft)


def test_a_number_already_in_the_register_writes_nothing(world: World) -> None:
    services.create_instrument(world.staff, number="25/2023/TT-BQP", kind="circular",
                               title="Khác", authority="Bộ Quốc phòng", issued_on=D(2023, 1, 5),
                               unit=world.office)
    draft = world.through(world.draft(), (S.DRAFTING, D(2023, 3, 1)), round_on=D(2023, 4, 3))
    before = _unchanged(draft)
    _refused(lambda: services.record_step(world.staff, draft, stage=S.ISSUED,
                                          date=D(2023, 6, 1), issued_number="25/2023/TT-BQP"),
             "issued_number")
    assert _unchanged(draft) == before and LegalInstrument.objects.count() == 1


def test_rounds(world: World) -> None:
    draft = world.draft("Công nghiệp quốc phòng, an ninh và động viên công nghiệp",
                        kind=DocumentKind.LAW, year=2024)
    _refused(lambda: services.create_round(world.staff, draft=draft, sent_on=D(2022, 3, 1),
                                           external_bodies="các bộ"), "draft")
    world.through(draft, (S.PROPOSAL, D(2021, 11, 15)))
    _refused(lambda: services.create_round(world.staff, draft=draft, sent_on=D(2021, 11, 1),
                                           external_bodies="các bộ"), "sent_on")
    _refused(lambda: services.create_round(world.staff, draft=draft, sent_on=D(2022, 3, 18)),
             "units")
    first = services.create_round(world.staff, draft=draft, sent_on=D(2022, 3, 18),
                                  external_bodies="các bộ, ngành, địa phương",
                                  responses_due=D(2022, 4, 30))
    draft.refresh_from_db()
    assert (first.number, first.stage, draft.current_stage) == (1, S.PROPOSAL, S.PROPOSAL)
    world.through(draft, (S.DRAFTING, D(2022, 12, 20)))
    second = services.create_round(world.staff, draft=draft, sent_on=D(2023, 3, 10),
                                   units=[world.org.department], external_bodies="")
    draft.refresh_from_db()
    assert (second.number, second.stage, draft.current_stage, draft.stage_on) == (
        2, S.CONSULTATION, S.CONSULTATION, D(2023, 3, 10))
    assert list(second.units.all()) == [world.org.department]
    _refused(lambda: services.close_round(world.staff, second, closed_on=D(2023, 3, 1),
                                          responses_received=3), "closed_on")
    services.close_round(world.staff, second, closed_on=D(2023, 5, 25), responses_received=46)
    second.refresh_from_db()
    assert (second.closed_on, second.responses_received) == (D(2023, 5, 25), 46)
    assert ConsultationRound.objects.count() == 2


def test_the_register_rules(world: World) -> None:
    kw = dict(number="46/2015/TT-BQP", kind="circular", title="Quy định", authority="Bộ Quốc "
              "phòng", issued_on=D(2015, 5, 18), unit=world.office)
    _refused(lambda: services.create_instrument(world.staff, **kw,
                                                effective_from=D(2015, 5, 1)), "effective_from")
    _refused(lambda: services.create_instrument(world.staff, **kw,
                                                status=InstrumentStatus.REPEALED), "ended_on")
    _refused(lambda: services.create_instrument(world.staff, **kw, ended_on=D(2020, 1, 1)),
             "ended_on")
    row = services.create_instrument(world.staff, **kw)
    assert row.review_due_on == D(2020, 5, 18)
    services.update_instrument(world.staff, row, status=InstrumentStatus.REPLACED,
                               ended_on=D(2023, 5, 12))
    row.refresh_from_db()
    assert row.status == InstrumentStatus.REPLACED


def test_another_unit_cannot_write_the_draft(world: World) -> None:
    _refused(lambda: services.create_draft(world.enterprise, kind="circular", title="X",
                                           lead_unit=world.office, authority="Bộ Quốc phòng",
                                           plan_year=2023), "lead_unit")
    _refused(lambda: world.draft(deadline=D(2024, 1, 1)), "deadline")


# --- review fixes ---------------------------------------------------------------------------


def _issued(world: World, number: str = "25/2023/TT-BQP") -> LegalDraft:
    return world.through(world.draft(deadline=D(2023, 9, 30)), (S.DRAFTING, D(2023, 3, 1)),
                         (S.ISSUED, D(2023, 6, 1)), number=number, round_on=D(2023, 4, 3))


def test_an_issued_draft_changes_only_its_notes(world: World) -> None:
    draft = _issued(world)
    before = AuditEntry.objects.count()
    for name, value in (("deadline", D(2023, 5, 31)), ("plan_year", 2024),
                        ("authority", "Chính phủ"), ("classification", 1)):
        _refused(lambda n=name, v=value: services.update_draft(world.staff, draft, **{n: v}),
                 name)
    with pytest.raises(ValidationError) as caught:
        services.update_draft(world.staff, draft, deadline=D(2023, 12, 31), notes="x",
                              authority="Chính phủ")
    assert set(caught.value.message_dict) == {"deadline", "authority"}
    assert AuditEntry.objects.count() == before
    services.update_draft(world.staff, draft, notes="Đã đăng Công báo")
    draft.refresh_from_db()
    assert (draft.notes, draft.deadline, draft.authority) == (
        "Đã đăng Công báo", D(2023, 9, 30), "Bộ Quốc phòng")


def test_the_issued_number_is_stored_composed_and_in_capitals(world: World) -> None:
    import unicodedata
    decomposed = unicodedata.normalize("NFD", " 12/2023/tt-vụ ")
    draft = world.through(world.draft(kind=DocumentKind.DECISION), (S.DRAFTING, D(2023, 3, 1)),
                          (S.ISSUED, D(2023, 6, 1)), number=decomposed)
    assert draft.issued_number == "12/2023/TT-VỤ" == LegalInstrument.objects.get().number
    assert unicodedata.is_normalized("NFC", draft.issued_number)


def test_a_number_in_another_case_is_the_same_number(world: World) -> None:
    services.create_instrument(world.staff, number="25/2023/TT-BQP", kind="circular",
                               title="Khác", authority="Bộ Quốc phòng", issued_on=D(2023, 1, 5),
                               unit=world.office)
    with pytest.raises(ValidationError):
        services.create_instrument(world.staff, number="25/2023/tt-bqp", kind="circular",
                                   title="Khác nữa", authority="Bộ Quốc phòng",
                                   issued_on=D(2023, 1, 6), unit=world.office)
    draft = world.through(world.draft(), (S.DRAFTING, D(2023, 3, 1)), round_on=D(2023, 4, 3))
    before = _unchanged(draft)
    _refused(lambda: services.record_step(world.staff, draft, stage=S.ISSUED,
                                          date=D(2023, 6, 1), issued_number="25/2023/tt-bqp"),
             "issued_number")
    assert _unchanged(draft) == before and LegalInstrument.objects.count() == 1
    assert not AuditEntry.objects.filter(action=AuditAction.PROBE).exists()  # one they see


def test_a_number_taken_by_a_hidden_document_is_audited_as_a_probe(world: World) -> None:
    services.create_instrument(None, number="7/2023/TT-BQP", kind="circular", title="Tối mật",
                               authority="Bộ Quốc phòng", issued_on=D(2023, 1, 5),
                               unit=world.office, classification=Classification.TOP_SECRET)
    draft = world.through(world.draft(), (S.DRAFTING, D(2023, 3, 1)), round_on=D(2023, 4, 3))
    visible = _refused(lambda: services.record_step(
        world.staff, draft, stage=S.ISSUED, date=D(2023, 6, 1), issued_number="7/2023/tt-bqp"),
        "issued_number")
    (probe,) = AuditEntry.objects.filter(action=AuditAction.PROBE)
    assert (probe.actor, probe.classification) == (world.staff, Classification.TOP_SECRET)
    assert probe.changes == {"refused": {"number": "7/2023/TT-BQP"}}
    # the refusal reads as for a document the writer sees
    services.create_instrument(world.staff, number="8/2023/TT-BQP", kind="circular",
                               title="Thường", authority="Bộ Quốc phòng",
                               issued_on=D(2023, 1, 5), unit=world.office)
    assert visible == _refused(lambda: services.record_step(
        world.staff, draft, stage=S.ISSUED, date=D(2023, 6, 1), issued_number="8/2023/TT-BQP"),
        "issued_number")
    draft.refresh_from_db()
    assert draft.issued_on is None


def test_a_change_of_the_units_consulted_is_audited(world: World) -> None:
    draft = world.through(world.draft(), (S.DRAFTING, D(2023, 3, 1)))
    row = services.create_round(world.staff, draft=draft, sent_on=D(2023, 4, 3),
                                units=[world.org.department])
    before = AuditEntry.objects.count()
    services.update_round(world.staff, row, units=[world.org.department])  # the same: nothing
    assert AuditEntry.objects.count() == before
    services.update_round(world.staff, row, units=[world.office, world.org.department])
    entry = AuditEntry.objects.filter(object_id=str(row.pk),
                                      object_type="legal.consultationround").latest("id")
    assert entry.action == AuditAction.UPDATE
    assert entry.changes == {"units": [[world.org.department.code],
                                       sorted([world.office.code, world.org.department.code])]}
    # emptied, with no body named: refused
    _refused(lambda: services.update_round(world.staff, row, units=[]), "units")
    services.update_round(world.staff, row, units=[], external_bodies="Bộ Tư pháp")
    assert not row.units.exists()


def test_the_rounds_of_an_issued_draft_stay(world: World) -> None:
    draft = _issued(world)
    (row,) = draft.rounds.all()
    before = AuditEntry.objects.count()
    _refused(lambda: services.update_round(world.staff, row, responses_received=9), "draft")
    with pytest.raises(ValidationError):
        services.delete_round(world.staff, row)
    assert AuditEntry.objects.count() == before and draft.rounds.count() == 1


def test_a_round_stays_within_its_stage(world: World) -> None:
    draft = world.draft("Công nghiệp quốc phòng", kind=DocumentKind.LAW, year=2024)
    world.through(draft, (S.PROPOSAL, D(2021, 11, 15)))
    first = services.create_round(world.staff, draft=draft, sent_on=D(2022, 3, 18),
                                  external_bodies="các bộ, ngành, địa phương")
    world.through(draft, (S.DRAFTING, D(2022, 12, 20)))
    second = services.create_round(world.staff, draft=draft, sent_on=D(2023, 3, 10),
                                   external_bodies="các bộ")  # records the consultation step
    third = services.create_round(world.staff, draft=draft, sent_on=D(2023, 4, 3),
                                  external_bodies="Bộ Tư pháp")
    world.through(draft, (S.APPRAISAL, D(2023, 6, 1)))
    # the proposal's round: not after the drafting started, nor before the proposal
    _refused(lambda: services.update_round(world.staff, first, sent_on=D(2023, 1, 5)),
             "sent_on")
    _refused(lambda: services.update_round(world.staff, first, sent_on=D(2021, 11, 14)),
             "sent_on")
    services.update_round(world.staff, first, sent_on=D(2022, 12, 20))  # the day it moved on
    # the round that recorded the consultation step keeps its date, and stays
    with override("vi"):
        message = _refused(lambda: services.update_round(world.staff, second,
                                                         sent_on=D(2023, 3, 20)), "sent_on")
    assert "ghi nhận bước lấy ý kiến" in message
    with pytest.raises(ValidationError):
        services.delete_round(world.staff, second)
    # a later round of the consultation: within it
    _refused(lambda: services.update_round(world.staff, third, sent_on=D(2023, 3, 9)),
             "sent_on")
    _refused(lambda: services.update_round(world.staff, third, sent_on=D(2023, 6, 2)),
             "sent_on")
    services.update_round(world.staff, third, sent_on=D(2023, 5, 2))
    services.delete_round(world.staff, third)
    assert sorted(draft.rounds.values_list("number", flat=True)) == [1, 2]
    # a round sent at the appraisal: not dated before it
    _refused(lambda: services.create_round(world.staff, draft=draft, sent_on=D(2023, 5, 30),
                                           external_bodies="Bộ Tư pháp"), "sent_on")
