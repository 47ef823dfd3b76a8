"""Forms of quality. Choice fields offer only what the user may see (ScopedModelForm); the
field report form offers a user unit only the serials it received, of the product type
chosen (the form reloads itself through htmx when the unit or the type changes)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cnqp.core.access.scoping import scope_queryset
from cnqp.core.choices import Classification, OrgUnitKind
from cnqp.core.models import OrgUnit, User
from cnqp.core.records.forms import PeriodForm, ScopedModelForm, StyledForm
from cnqp.core.text import nfc
from cnqp.core.units import PRODUCING_KINDS, producing_units, units_in_reach
from cnqp.documents.choices import DocumentKind, RevisionStatus
from cnqp.documents.models import ProductType
from cnqp.production.forms import NodeField
from cnqp.production.models import DeliveryLine, Inspection, MaterialLot, SerialUnit
from cnqp.quality.choices import NCSource, RootCauseStage
from cnqp.quality.models import CorrectiveAction, FieldReport, NonConformance, Recall
from cnqp.quality.services.field_reports import MAX_PHOTOS


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's recipe); each one is checked by the service."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".png,.jpg,.jpeg"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


def photos_field() -> MultipleFileField:
    return MultipleFileField(label=_("Photos"), required=False, help_text=_(
        "PNG or JPEG, at most %(count)s.") % {"count": MAX_PHOTOS})


def _reload(field: forms.Field, url: str) -> None:
    """Changing this field reloads the form (htmx), keeping what was typed."""
    field.widget.attrs.update({"hx-get": url, "hx-trigger": "change",
                               "hx-target": "closest form", "hx-swap": "outerHTML",
                               "hx-include": "closest form", "data-plain": "1"})


def _design_revisions(field: forms.Field) -> None:
    revisions: Any = field.queryset  # type: ignore[attr-defined]
    field.queryset = revisions.filter(  # type: ignore[attr-defined]
        status__in=(RevisionStatus.ISSUED, RevisionStatus.SUPERSEDED),
        document_set__kind=DocumentKind.DESIGN).select_related("document_set")


def level_field() -> forms.TypedChoiceField:
    """Optional: the service raises it to the level of the most classified record named."""
    return forms.TypedChoiceField(
        label=_("Classification"), choices=Classification.choices, coerce=int, required=False,
        empty_value=0,  # type: ignore[arg-type]  # (an int level; the stubs expect text)
        help_text=_("Raised to the level of the most classified record named."))


class FieldReportForm(ScopedModelForm):
    owner_fields = ("reporting_unit",)
    classification = level_field()

    class Meta:
        model = FieldReport
        fields = ["reporting_unit", "product_type", "serials", "occurred_on", "symptom",
                  "usage_value", "usage_unit", "severity", "classification"]
        widgets = {"symptom": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units: Any = self.fields["reporting_unit"]
        units.queryset = units.queryset.filter(kind=OrgUnitKind.USER_UNIT)
        self.fields["photos"] = photos_field()
        if self.user.org_unit is not None and self.user.org_unit.kind == OrgUnitKind.USER_UNIT:
            self.initial.setdefault("reporting_unit", self.user.org_unit_id)
        url = reverse("quality:field-reports-create")
        _reload(units, url)
        _reload(self.fields["product_type"], url)
        self._offer_received_serials(units.queryset)

    def _value(self, name: str) -> str:
        raw = self.data.get(name) if self.is_bound else self.initial.get(name)
        raw = getattr(raw, "pk", raw)
        return str(raw) if raw not in (None, "") else ""

    def _offer_received_serials(self, units: Any) -> None:
        """Serials the user sees (scoped) that were delivered to the chosen unit or below, of
        the chosen product type; the product types are those it received."""
        serials: Any = self.fields["serials"]
        types: Any = self.fields["product_type"]
        unit_id = self._value("reporting_unit")
        unit = units.filter(pk=unit_id).first() if unit_id.isdigit() else None
        if unit is None:
            serials.queryset = serials.queryset.none()
            types.queryset = ProductType.objects.none()
            serials.help_text = _("Choose the reporting unit first.")
            return
        received = serials.queryset.filter(pk__in=DeliveryLine.objects.filter(
            delivery__recipient__path__startswith=unit.path).values("serial_id"))
        types.queryset = ProductType.objects.filter(
            pk__in=received.values("product_type_id")).order_by("code")
        type_id = self._value("product_type")
        serials.queryset = (received.filter(product_type_id=type_id) if type_id.isdigit()
                            else received.none()).order_by("serial_number")
        serials.help_text = _("Only the serial units your unit received are offered.")


class FieldReportChangeForm(ScopedModelForm):
    """While it awaits triage, the reporting unit corrects what it wrote; who reported which
    serials is fixed."""

    owner_fields = ()

    class Meta:
        model = FieldReport
        fields = ["occurred_on", "symptom", "usage_value", "usage_unit", "severity"]
        widgets = {"symptom": forms.Textarea(attrs={"rows": 3})}


class MaterialLotByCode(ScopedModelForm):
    """A non-conformance's material lot by its code, within the enterprise."""

    material_lot_code = forms.CharField(label=_("Material lot code"), required=False,
                                        max_length=64)

    def enterprise(self, data: dict[str, Any]) -> Any:
        return data.get("enterprise")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        enterprise = self.enterprise(data)
        code = (data.pop("material_lot_code", None) or "").strip().upper()
        data["material_lot"] = None
        if code and enterprise is not None:
            data["material_lot"] = scope_queryset(MaterialLot.objects.filter(
                enterprise=enterprise, code=code), self.user).first()
            if data["material_lot"] is None:
                self.add_error("material_lot_code", _("No material lot %(code)s of this "
                                                      "enterprise.") % {"code": code})
        return data


class NonConformanceForm(MaterialLotByCode):
    """A non-conformance found by a failed inspection or a review; its serials by number and
    its material lot by code (lists of every serial would run to millions)."""

    owner_fields = ("enterprise",)
    # what the boxes name, as the service's records
    derived = {"serials": ("serial_numbers",), "inspection": ("inspection_no",),
               "material_lot": ("material_lot_code",)}
    serial_numbers = forms.CharField(label=_("Serial numbers, one per line"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}))
    inspection_no = forms.IntegerField(label=_("Failed inspection no."), required=False,
                                       min_value=1)
    classification = level_field()

    class Meta:
        model = NonConformance
        fields = ["title", "source", "enterprise", "product_type", "severity", "detected_on",
                  "description", "revision", "operation_step", "classification"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units: Any = self.fields["enterprise"]
        units.queryset = units.queryset.filter(kind__in=PRODUCING_KINDS)
        source: Any = self.fields["source"]
        source.choices = [(v, label) for v, label in NCSource.choices
                          if v != NCSource.FIELD_REPORT]
        _design_revisions(self.fields["revision"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        product_type = data.get("product_type")
        numbers = sorted({n.upper() for n in nfc(data.pop("serial_numbers", None) or "")
                          .split()})
        found: list[SerialUnit] = []
        if numbers and product_type is not None:
            found = list(scope_queryset(SerialUnit.objects.filter(
                product_type=product_type, serial_number__in=numbers), self.user))
            missing = sorted(set(numbers) - {s.serial_number for s in found})
            if missing:
                self.add_error("serial_numbers", _("Unknown serial numbers of %(code)s: "
                                                   "%(numbers)s.") % {
                    "code": product_type.code, "numbers": ", ".join(missing[:20])})
        data["serials"] = found
        data["inspection"] = None
        number = data.pop("inspection_no", None)
        if number:
            data["inspection"] = scope_queryset(Inspection.objects.filter(
                pk=number), self.user).select_related("target").first()
            if data["inspection"] is None:
                self.add_error("inspection_no", _("No such inspection."))
        return data


class NonConformanceChangeForm(MaterialLotByCode):
    """A non-conformance's edit while open: what it says and what it links to; where it
    was found and on what is fixed."""

    owner_fields = ()
    derived = {"material_lot": ("material_lot_code",)}

    class Meta:
        model = NonConformance
        fields = ["title", "severity", "description", "revision", "operation_step"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _design_revisions(self.fields["revision"])
        if self.instance.material_lot_id:
            self.initial["material_lot_code"] = self.instance.material_lot.code

    def enterprise(self, data: dict[str, Any]) -> Any:
        return self.instance.enterprise


class CorrectiveActionForm(ScopedModelForm):
    owner_fields = ("owner_unit",)
    # Required here though not in the model: quality's own actions remedy a non-conformance
    # (a finding's or an incident's are opened from it, in the safety app).
    nonconformance = forms.ModelChoiceField(label=_("Non-conformance"),
                                            queryset=NonConformance.objects.all())

    class Meta:
        model = CorrectiveAction
        fields = ["nonconformance", "title", "description", "owner_unit", "owner", "due_date",
                  "new_revision"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ncs: Any = self.fields["nonconformance"]
        ncs.queryset = ncs.queryset.exclude(status="closed")
        revisions: Any = self.fields["new_revision"]
        revisions.queryset = revisions.queryset.select_related("document_set")
        self._responsible_enterprise_first(ncs.queryset)

    def _responsible_enterprise_first(self, ncs: Any) -> None:
        """Opened from a non-conformance, the action is its enterprise's unless changed; the
        owner is chosen among the people of the responsible unit (the service's rule), not
        among every user."""
        nc_id = self.data.get("nonconformance") or self.initial.get("nonconformance")
        nc = ncs.filter(pk=nc_id).select_related("enterprise").first() \
            if str(nc_id or "").isdigit() else None
        if nc is not None:
            self.initial.setdefault("owner_unit", nc.enterprise_id)
        unit_id = self.data.get("owner_unit") or self.initial.get("owner_unit")
        units: Any = self.fields["owner_unit"]
        unit = units.queryset.filter(pk=unit_id).first() if str(unit_id or "").isdigit() \
            else None
        if unit is not None:
            owners: Any = self.fields["owner"]
            owners.queryset = owners.queryset.filter(org_unit__path__startswith=unit.path)


class CorrectiveActionChangeForm(ScopedModelForm):
    """An action's edit: its non-conformance is fixed once it exists."""

    owner_fields = ("owner_unit",)

    class Meta:
        model = CorrectiveAction
        fields = ["title", "description", "owner_unit", "owner", "due_date", "new_revision"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        revisions: Any = self.fields["new_revision"]
        revisions.queryset = revisions.queryset.select_related("document_set")


class RecallForm(ScopedModelForm):
    owner_fields = ()
    start_node = NodeField(label=_("Starting item (trace node no.)"))
    on_date = forms.DateField(label=_("Issued on"), required=False,
                              help_text=_("Today when left empty."))

    class Meta:
        model = Recall
        fields = ["start_node", "reason", "nonconformance"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}


# --- lifecycle steps ------------------------------------------------------------------------


class OpenNonConformanceForm(StyledForm):
    title = forms.CharField(label=_("Title"), required=False, max_length=255,
                            help_text=_("The first line of the symptom when left empty."))
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    on_date = forms.DateField(label=_("Date"), required=False,
                              help_text=_("Today when left empty."))


class CloseReportForm(StyledForm):
    reason = forms.CharField(label=_("Reason for closing"),
                             widget=forms.Textarea(attrs={"rows": 2}))
    on_date = forms.DateField(label=_("Date"), required=False,
                              help_text=_("Today when left empty."))


class AnalyseForm(StyledForm):
    stage = forms.ChoiceField(label=_("Root-cause stage"), choices=RootCauseStage.choices)
    root_cause = forms.CharField(label=_("Root cause"), widget=forms.Textarea(attrs={"rows": 2}))


class DateForm(StyledForm):
    on_date = forms.DateField(label=_("Date"), required=False,
                              help_text=_("Today when left empty."))


class CheckForm(StyledForm):
    effective = forms.ChoiceField(label=_("Result"), choices=[
        ("yes", _("Effective: the cause is removed")),
        ("no", _("Not effective: back to work"))])
    note = forms.CharField(label=_("What was checked and found"),
                           widget=forms.Textarea(attrs={"rows": 2}))
    on_date = forms.DateField(label=_("Date"), required=False,
                              help_text=_("Today when left empty."))

    def clean_effective(self) -> bool:
        return bool(self.cleaned_data["effective"] == "yes")


class PhotoForm(StyledForm):
    photos = MultipleFileField(label=_("Photos"), required=True)


class QualityPeriodForm(PeriodForm):
    """The quality figures' period, product type and enterprise."""

    product_type = forms.ModelChoiceField(label=_("Product type"), required=False,
                                          queryset=ProductType.objects.all(),
                                          empty_label=_("All"))
    enterprise = forms.ModelChoiceField(label=_("Enterprise"), required=False,
                                        queryset=OrgUnit.objects.none(),
                                        empty_label=_("All I see"))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["enterprise"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = producing_units() & units_in_reach(user)
