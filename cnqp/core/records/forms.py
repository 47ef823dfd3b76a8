"""The forms every app's records use: Bootstrap styling, and model forms that offer only what
the user may see and file under."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext, gettext_lazy

from cnqp.core.access.scoping import Scope, scope_queryset
from cnqp.core.models import User
from cnqp.core.units import units_in_reach


class StyledBoundField(BoundField):
    """A field with errors is marked for the eye (Bootstrap's red border) as Django marks it
    for assistive technology (aria-invalid, aria-describedby naming `<id>_error`, the id the
    templates give the messages)."""

    def build_widget_attrs(self, attrs: Any, widget: Any = None) -> Any:
        attrs = super().build_widget_attrs(attrs, widget)
        if self.errors:
            # attrs given here replace the widget's own: keep its classes
            own = (widget or self.field.widget).attrs.get("class", "")
            attrs["class"] = f"{attrs.get('class', own)} is-invalid".strip()
        return attrs


class FormRenderer(DjangoTemplates):
    """The project's form renderer (settings.FORM_RENDERER): every form's fields are
    `StyledBoundField`s."""

    bound_field_class = StyledBoundField


def style_form(form: forms.BaseForm) -> forms.BaseForm:
    """Bootstrap classes on every widget, so templates render fields with `{{ field }}`."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
            css = ""
        elif isinstance(widget, forms.Select):
            css = "form-select form-select-sm" if getattr(form, "compact", False) else "form-select"
        else:
            css = "form-control form-control-sm" if getattr(form, "compact", False) \
                else "form-control"
        if isinstance(widget, forms.DateInput):
            # A text box, not type="date": the browser would impose its own locale's order.
            widget.format = "%d/%m/%Y"
            widget.attrs.setdefault("placeholder", gettext("dd/mm/yyyy"))
            widget.attrs["data-datepicker"] = ""  # cnqp.js: a calendar that writes dd/mm/yyyy
        if css:
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
    return form


class StyledForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_form(self)


def units_user_may_own(user: User) -> Any:
    """Units a user may file records under: their own subtree, or any unit for roles that
    see all units."""
    return units_in_reach(user).filter(is_active=True)


def scope_form(form: forms.BaseForm, user: User, owner_fields: tuple[str, ...]) -> None:
    """Offer in the form's choice fields only the records `user` may see, as owner only the
    units they may file under, and no classification above their clearance."""
    classification = form.fields.get("classification")
    if isinstance(classification, forms.TypedChoiceField | forms.ChoiceField):
        # Nobody files a record above their own clearance: they would lose sight of it.
        choices: Any = classification.choices
        classification.choices = [(value, label) for value, label in choices
                                  if value == "" or int(value) <= user.clearance]
    style_form(form)
    for name, field in form.fields.items():
        if not isinstance(field, forms.ModelChoiceField):
            continue
        if name in owner_fields:
            field.queryset = units_user_may_own(user)
            continue
        queryset = field.queryset
        if queryset is not None and isinstance(getattr(queryset.model, "scope", None), Scope):
            field.queryset = scope_queryset(queryset, user)


class ScopedModelForm(forms.ModelForm):  # type: ignore[type-arg]
    """A model form that offers in its choice fields only the records the user may see, and
    as owner only the units the user may file under."""

    owner_fields: tuple[str, ...] = ("owner_unit",)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        scope_form(self, user, self.owner_fields)


class ScopedForm(forms.Form):
    """A step's form (an action) whose choices name records: scoped as ScopedModelForm's;
    `Resource.form_for` passes it the user."""

    owner_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        scope_form(self, user, self.owner_fields)


class PeriodForm(StyledForm):
    """A period chosen on a figures page: from, to (not before from)."""

    compact = True
    start = forms.DateField(label=gettext_lazy("From"))
    end = forms.DateField(label=gettext_lazy("To"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", gettext("The period ends before it starts."))
        return data
