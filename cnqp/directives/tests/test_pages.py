"""The pages offer a write only to who acts for the unit holding the record: an enterprise
reads the directorate's resolution and its indicators, it is not offered to edit them (the
services refuse anyway); the holder is."""

from __future__ import annotations

from cnqp.core.testing.clients import signed_in_client
from cnqp.directives.factories import IndicatorFactory


def test_edit_is_offered_to_the_holder_only(org, make_user):
    indicator = IndicatorFactory(item__directive__owner_unit=org.root)
    directive = indicator.item.directive
    enterprise = make_user(["enterprise_staff"], org.enterprise_a)
    holder = make_user(["admin"], org.root)
    for url in (f"/directives/directives/{directive.pk}/",
                f"/directives/indicators/{indicator.pk}/"):
        read = signed_in_client(enterprise).get(url)
        assert read.status_code == 200
        assert (read.context["can_change"], read.context["can_delete"]) == (False, False)
        assert read.context["offered_steps"] == []
        assert signed_in_client(holder).get(url).context["can_change"] is True
    assert signed_in_client(enterprise).post(
        f"/directives/directives/{directive.pk}/edit/", {"title": "x"}).status_code in (
        200, 403)  # the form's error or a refusal: never a write
    directive.refresh_from_db()
    assert directive.title != "x"


def test_a_task_is_edited_by_its_directives_holder_and_reported_on_by_its_lead(org,
                                                                              make_user):
    from cnqp.directives.factories import TaskFactory

    task = TaskFactory(directive__owner_unit=org.root, lead_unit=org.enterprise_a)
    lead = make_user(["enterprise_staff"], org.enterprise_a)
    holder = make_user(["admin"], org.root)
    url = f"/directives/tasks/{task.pk}/"
    page = signed_in_client(lead).get(url)
    assert (page.context["can_change"], page.context["can_delete"]) == (False, False)
    assert [a.name for a, _form in page.context["offered_steps"]] == ["report"]
    other = make_user(["enterprise_staff"], org.enterprise_b)
    assert signed_in_client(other).get(url).status_code == 404  # not its task
    page = signed_in_client(holder).get(url)
    assert page.context["can_change"] is True
    assert [a.name for a, _form in page.context["offered_steps"]] == ["report"]  # above it
