from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cnqp.core.access.scoping import scope_queryset
from cnqp.core.choices import OrgUnitKind
from cnqp.core.models import OrgUnit
from cnqp.core.records.forms import ScopedModelForm, StyledForm
from cnqp.core.text import nfc
from cnqp.documents.choices import DocumentKind, RevisionStatus
from cnqp.documents.models import ProductType
from cnqp.documents.selectors import revisions_for_work
from cnqp.production.choices import NodeKind
from cnqp.production.models import (
    Characteristic,
    Delivery,
    GenealogyEdge,
    InspectionTemplate,
    Lot,
    MaterialLot,
    PlanItem,
    ProductionPlan,
    SerialUnit,
    TraceNode,
)
from cnqp.production.selectors import MATERIAL_LOT_TYPE, nodes_by_number


class PlanForm(ScopedModelForm):
    owner_fields = ("enterprise",)

    class Meta:
        model = ProductionPlan
        fields = ["year", "enterprise", "classification", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["enterprise"]
        field.queryset = field.queryset.filter(  # type: ignore[attr-defined]
            kind__in=(OrgUnitKind.ENTERPRISE, OrgUnitKind.INSTITUTE))


class DateForm(StyledForm):
    on_date = forms.DateField(label=_("Date"), required=False,
                              help_text=_("Today when left empty."))


class PlanItemForm(ScopedModelForm):
    class Meta:
        model = PlanItem
        fields = ["plan", "product_type", "kind", "quantity", "due_date", "funding_source",
                  "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plans = self.fields["plan"]
        plans.queryset = plans.queryset.select_related("enterprise")  # type: ignore[attr-defined]


class PlanItemChangeForm(ScopedModelForm):
    """An item's edit: its plan is fixed once it exists."""

    class Meta:
        model = PlanItem
        fields = ["product_type", "kind", "quantity", "due_date", "funding_source", "note"]


class MaterialLotForm(ScopedModelForm):
    owner_fields = ("enterprise",)

    class Meta:
        model = MaterialLot
        fields = ["code", "enterprise", "supplier", "material_name", "quantity",
                  "unit_of_measure", "received_date", "certificate_number", "classification"]


def _design_revisions(form: ScopedModelForm) -> None:
    """Issued design revisions the unit saw or held a right to: history is entered with a
    right since expired (`_check_right_on_the_day` then asks about the day of the work)."""
    field: Any = form.fields["revision"]
    field.queryset = revisions_for_work(form.user).filter(
        status__in=(RevisionStatus.ISSUED, RevisionStatus.SUPERSEDED),
        document_set__kind=DocumentKind.DESIGN).select_related("document_set")


def _check_right_on_the_day(form: ScopedModelForm, data: dict[str, Any]) -> None:
    revision, made = data.get("revision"), data.get("made_date")
    if revision is None or made is None:
        return
    if not revisions_for_work(form.user, made).filter(pk=revision.pk).exists():
        form.add_error("revision", _(
            "Your unit held no usage right in force on %(date)s to this design set.") % {
            "date": made.strftime("%d/%m/%Y")})


def _open_items(field: forms.Field) -> None:
    items: Any = field.queryset  # type: ignore[attr-defined]
    field.queryset = items.filter(status="in_progress")  # type: ignore[attr-defined]


class LotForm(ScopedModelForm):
    owner_fields = ("enterprise",)

    class Meta:
        model = Lot
        fields = ["lot_number", "product_type", "enterprise", "plan_item", "revision",
                  "quantity", "made_date", "classification"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _design_revisions(self)
        _open_items(self.fields["plan_item"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _check_right_on_the_day(self, data)
        return data


class LotChangeForm(ScopedModelForm):
    """A lot's edit: what it is and who made it under which item are fixed once made."""

    owner_fields = ()

    class Meta:
        model = Lot
        fields = ["lot_number", "quantity", "made_date", "classification"]


class SerialBatchForm(ScopedModelForm):
    """New serials in a batch (prefix + numbers, or a list)."""

    owner_fields = ()
    serial_prefix = forms.CharField(label=_("Serial number prefix"), required=False, max_length=32)
    start = forms.IntegerField(label=_("First number"), required=False, min_value=0,
                               initial=1)
    count = forms.IntegerField(label=_("How many"), required=False, min_value=1,
                               max_value=50_000)
    width = forms.IntegerField(label=_("Digits"), required=False, min_value=1, max_value=12,
                               initial=5)
    numbers = forms.CharField(label=_("Or the serial numbers, one per line"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))

    class Meta:
        model = SerialUnit
        fields = ["plan_item", "revision", "made_date", "classification"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _design_revisions(self)
        _open_items(self.fields["plan_item"])
        self.fields["plan_item"].required = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _check_right_on_the_day(self, data)
        data["numbers"] = [n for n in nfc(data.get("numbers") or "").split() if n]
        if not data["numbers"] and not data.get("count"):
            self.add_error("count", _("Give the serial numbers, or how many to create."))
        return data


class SerialChangeForm(ScopedModelForm):
    """A serial's edit: its date and level; the rest is fixed once made."""

    owner_fields = ()

    class Meta:
        model = SerialUnit
        fields = ["made_date", "classification"]


class NodeField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A trace node by its internal number: what programs send (the API); people name the
    item by type and number instead (EdgeForm), so on pages it is a hidden input."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=TraceNode.objects.all(), required=False, **kwargs)


def _type_field(label: Any) -> forms.CharField:
    # a product type's code, or MATERIAL_LOT_TYPE; its options are set per form (EdgeForm)
    return forms.CharField(label=label, max_length=32, required=False, widget=forms.Select)


class EdgeForm(ScopedModelForm):
    """One input consumed into one output, each named as people know it: a product type and
    a serial or lot number (or a material lot's code), resolved to its trace node in clean()
    among the items the user may see. The API may still send the node numbers
    (`output_node`, `input_node`); a type and number, when given, decide."""

    derived = {"output_node": ("output_type", "output_number"),
               "input_node": ("input_type", "input_number")}
    output_type = _type_field(_("Output: product type"))
    output_number = forms.CharField(label=_("Output: serial or lot number"), max_length=64,
                                    required=False)
    input_type = _type_field(_("Input: product type, or material lot"))
    input_number = forms.CharField(label=_("Input: serial or lot number, or material lot code"),
                                   max_length=64, required=False)
    output_node = NodeField()
    input_node = NodeField()

    class Meta:
        model = GenealogyEdge
        fields = ["output_type", "output_number", "input_type", "input_number", "output_node",
                  "input_node", "quantity", "operation_step", "at"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        types = [(t.code, f"{t.code} {t.name}") for t in ProductType.objects.order_by("code")]
        blank = [("", "---------")]
        self.fields["output_type"].widget.choices = blank + types
        self.fields["input_type"].widget.choices = blank + types + [
            (MATERIAL_LOT_TYPE, _("Material lot (by its code)"))]
        self._initial_numbers()

    def _initial_numbers(self) -> None:
        """An item's page links here with ?output_node=<id>: shown as its type and number."""
        pk = str(self.initial.get("output_node") or "")
        node = (scope_queryset(TraceNode.objects.filter(pk=pk), self.user)
                .select_related("material_lot", "lot__product_type", "serial__product_type")
                .first() if pk.isdigit() else None)
        item = node.item if node is not None else None
        if item is None or node is None or node.kind == NodeKind.MATERIAL_LOT:
            return
        number = item.lot_number if node.kind == NodeKind.LOT else item.serial_number
        self.initial.update(output_type=item.product_type.code, output_number=number,
                            output_node=None)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for end in ("output", "input"):
            code = (data.pop(f"{end}_type", "") or "").strip()
            code = code if code == MATERIAL_LOT_TYPE else code.upper()
            number = nfc(data.pop(f"{end}_number", "") or "").strip().upper()
            if number:
                data[f"{end}_node"] = self._resolve(end, code, number)
            elif not data.get(f"{end}_node"):
                self.add_error(f"{end}_number", _("Give the serial or lot number."))
        return data

    def _resolve(self, end: str, code: str, number: str) -> TraceNode | None:
        """The one node the type and number name, else a field error naming both."""
        if not code:
            self.add_error(f"{end}_type", _("Choose the product type."))
            return None
        found = nodes_by_number(self.user, code, number)
        if len(found) == 1:
            return found[0]
        if code == MATERIAL_LOT_TYPE:
            message = (_("No material lot has the code %(number)s.") if not found else
                       _("Several material lots have the code %(number)s."))
        else:
            message = (_("No serial or lot numbered %(number)s of type %(type)s.") if not found
                       else _("Both a lot and a serial of type %(type)s are numbered "
                              "%(number)s."))
        self.add_error(f"{end}_number", message % {"number": number, "type": code})
        return None


class TemplateForm(ScopedModelForm):
    owner_fields = ()

    class Meta:
        model = InspectionTemplate
        fields = ["code", "name", "stage", "product_type", "is_active"]


class CharacteristicForm(ScopedModelForm):
    owner_fields = ()

    class Meta:
        model = Characteristic
        fields = ["template", "name", "unit", "lower_limit", "upper_limit", "position"]



class CharacteristicChangeForm(ScopedModelForm):
    """A characteristic's edit: its template is fixed once it exists."""

    owner_fields = ()

    class Meta:
        model = Characteristic
        fields = ["name", "unit", "lower_limit", "upper_limit", "position"]


class DeliveryForm(ScopedModelForm):
    owner_fields = ("enterprise",)
    # the serials the numbers name: the service's `serials`, in place of the two boxes
    derived = {"serials": ("serial_numbers", "product_type_code")}
    serial_numbers = forms.CharField(
        label=_("Serial numbers, one per line"), widget=forms.Textarea(attrs={"rows": 4}))
    product_type_code = forms.CharField(label=_("Product type code"), max_length=32)

    class Meta:
        model = Delivery
        fields = ["document_number", "enterprise", "recipient", "date", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = OrgUnit.objects.filter(  # type: ignore[attr-defined]
            kind=OrgUnitKind.USER_UNIT, is_active=True)

    def clean(self) -> dict[str, Any]:
        """The numbers name serials the user may see, of one product type."""
        data = super().clean() or {}
        if "serial_numbers" not in data:
            return data
        numbers = sorted({n.upper() for n in nfc(data.pop("serial_numbers")).split()})
        code = (data.pop("product_type_code", None) or "").strip().upper()
        found = list(scope_queryset(SerialUnit.objects.filter(
            Q(product_type__code=code), serial_number__in=numbers), self.user))
        missing = sorted(set(numbers) - {s.serial_number for s in found})
        if missing:
            self.add_error("serial_numbers", _("Unknown serial numbers of %(code)s: "
                                               "%(numbers)s.") % {
                "code": code, "numbers": ", ".join(missing[:20])})
        data["serials"] = found
        return data


class DeliveryChangeForm(ScopedModelForm):
    """A delivery's edit: its paper and date; who delivered what to whom is fixed."""

    owner_fields = ()

    class Meta:
        model = Delivery
        fields = ["document_number", "date", "note"]


class InspectionEntryForm(StyledForm):
    """The header of an inspection; the values come from one field per characteristic
    (`value_<id>`), read by the view."""

    template = forms.ModelChoiceField(label=_("Inspection template"),
                                      queryset=InspectionTemplate.objects.filter(
                                          is_active=True))
    date = forms.DateField(label=_("Date"))
    operation_step = forms.CharField(label=_("Operation step"), required=False, max_length=128)
    note = forms.CharField(label=_("Note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, stage: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        templates: Any = self.fields["template"].queryset  # type: ignore[attr-defined]
        self.fields["template"].queryset = templates.filter(  # type: ignore[attr-defined]
            stage=stage)
