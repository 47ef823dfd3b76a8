"""What was built from what: material lots, lots and serial units, each with a trace node,
and the genealogy as an edge table between nodes (not a tree: rework and disassembly make an
output an input elsewhere; cycles are refused by the service)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cnqp.core.access.scoping import Scope
from cnqp.core.fields import ClassificationField
from cnqp.core.models import OrgUnit, SearchableModel, TimestampedModel, User
from cnqp.production.choices import NodeKind


def received_by_unit(path: str) -> Callable[[User], Q]:
    """Need to know of a user unit: records reached through a serial delivered to the user's
    unit or a unit below it (`path` leads from the model to the serial's id)."""

    def rule(user: User) -> Q:
        from cnqp.production.models.deliveries import DeliveryLine

        if user.org_unit_id is None:
            return Q(pk__in=[])
        received = DeliveryLine.objects.filter(
            delivery__recipient__path__startswith=user.org_unit.path).values("serial_id")
        return Q(**{f"{path}__in": received})

    def reaches(user: User) -> bool:  # an enterprise's units receive nothing: one lookup
        from cnqp.production.models.deliveries import Delivery

        return user.org_unit_id is not None and Delivery.objects.filter(
            recipient__path__startswith=user.org_unit.path).exists()

    rule.reaches = reaches  # type: ignore[attr-defined]
    return rule


# the reverse one-to-one of each kind of item: `node.<name>` is its item
NODE_ITEMS = {NodeKind.MATERIAL_LOT: "material_lot", NodeKind.LOT: "lot",
              NodeKind.SERIAL: "serial"}


def node_label(node: TraceNode) -> str:
    """The item behind a node, by name ("Lô L00012"), else the node's number."""
    item = node.item
    return str(item) if item is not None else str(node)


class TraceNode(models.Model):
    """The header every traceable item shares. It repeats the item's owner enterprise and
    classification (set by the services, kept in step on edit), so genealogy edges and
    inspections are scoped without knowing which kind of item a node is."""

    id = models.BigAutoField(primary_key=True)
    kind = models.CharField(_("kind"), max_length=16, choices=NodeKind.choices)
    enterprise = models.ForeignKey(OrgUnit, verbose_name=_("enterprise"),
                                   on_delete=models.PROTECT, related_name="+")
    classification = ClassificationField()

    scope = Scope(unit="enterprise", classification="classification",
                  extra=received_by_unit("serial__id"))

    class Meta:
        verbose_name = _("trace node")
        verbose_name_plural = _("trace nodes")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def item(self) -> Any:
        """The material lot, lot or serial behind the node (joined in when the query asked
        for it with `select_related(<node>__material_lot, __lot, __serial)`), or None."""
        try:
            return getattr(self, NODE_ITEMS[NodeKind(self.kind)])
        except ObjectDoesNotExist:
            return None


class MaterialLot(SearchableModel, TimestampedModel):
    """Lô vật tư: received from a supplier, checked by an incoming inspection."""

    code = models.CharField(_("lot code"), max_length=64)
    enterprise = models.ForeignKey(OrgUnit, verbose_name=_("enterprise"),
                                   on_delete=models.PROTECT, related_name="material_lots")
    supplier = models.CharField(_("supplier"), max_length=255)
    material_name = models.CharField(_("material"), max_length=255)
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=16)
    received_date = models.DateField(_("received date"))
    certificate_number = models.CharField(_("certificate number"), max_length=64, blank=True)
    classification = ClassificationField()
    node = models.OneToOneField(TraceNode, verbose_name=_("trace node"),
                                on_delete=models.PROTECT, related_name="material_lot",
                                editable=False)

    search_fields = ("code", "material_name", "supplier", "certificate_number")
    scope = Scope(unit="enterprise", classification="classification")

    class Meta:
        verbose_name = _("material lot")
        verbose_name_plural = _("material lots")
        ordering = ["-received_date", "code"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "code"],
                                               name="production_materiallot_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.material_name}"


class BuiltItem(SearchableModel, TimestampedModel):
    """What lots and serial units share: built by an enterprise, to an issued design revision,
    optionally under a plan item."""

    product_type = models.ForeignKey("documents.ProductType", verbose_name=_("product type"),
                                     on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey(OrgUnit, verbose_name=_("enterprise"),
                                   on_delete=models.PROTECT, related_name="+")
    plan_item = models.ForeignKey("production.PlanItem", verbose_name=_("plan item"),
                                  null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    revision = models.ForeignKey("documents.Revision", verbose_name=_("design revision"),
                                 on_delete=models.PROTECT, related_name="+")
    made_date = models.DateField(_("date built"))
    classification = ClassificationField()

    class Meta:
        abstract = True


class Lot(BuiltItem):
    """A lot (lô) of a product type: ammunition, charges, parts counted by quantity."""

    lot_number = models.CharField(_("lot number"), max_length=64)
    quantity = models.PositiveIntegerField(_("quantity"))
    node = models.OneToOneField(TraceNode, verbose_name=_("trace node"),
                                on_delete=models.PROTECT, related_name="lot", editable=False)

    search_fields = ("lot_number",)
    scope = Scope(unit="enterprise", classification="classification")

    class Meta:
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        ordering = ["-made_date", "lot_number"]
        constraints = [models.UniqueConstraint(fields=["product_type", "lot_number"],
                                               name="production_lot_unique_number")]
        # The output of a period (report figures, dashboard): built between two dates.
        indexes = [models.Index(fields=["made_date"], name="production_lot_made")]

    def __str__(self) -> str:
        label = _("Lot")  # outside the f-string, where xgettext finds it
        return f"{label} {self.lot_number}"


class SerialUnit(BuiltItem):
    """One numbered unit (khẩu, chiếc). Created in batches by `create_serials`."""

    id = models.BigAutoField(primary_key=True)
    serial_number = models.CharField(_("serial number"), max_length=64)
    node = models.OneToOneField(TraceNode, verbose_name=_("trace node"),
                                on_delete=models.PROTECT, related_name="serial",
                                editable=False)

    search_fields = ("serial_number",)
    # The building enterprise, and the user units the serial was delivered to.
    scope = Scope(unit="enterprise", classification="classification",
                  extra=received_by_unit("id"))

    class Meta:
        verbose_name = _("serial unit")
        verbose_name_plural = _("serial units")
        ordering = ["product_type", "serial_number"]
        constraints = [models.UniqueConstraint(fields=["product_type", "serial_number"],
                                               name="production_serial_unique_number")]
        indexes = [models.Index(fields=["made_date"], name="production_serial_made")]

    def __str__(self) -> str:
        label = _("Serial")
        return f"{label} {self.serial_number}"


class GenealogyEdge(models.Model):
    """`input_node` was consumed into `output_node` (quantity, at which step, when, by whom).
    Its classification is the higher of its two ends', set by the service: an edge names both.

    The largest table of the system (tens of millions of rows), written in bulk: its node and
    operator references carry no database foreign-key constraint, whose per-row check (and
    row lock on the referenced node) would cost more than the rest of a bulk import. The
    references hold all the same: every writer of edges and every deleter of items takes the
    genealogy writers' lock (`services.genealogy.serialise_writers`) and checks, set-wise,
    that the nodes it names exist; the ORM's PROTECT still refuses deleting a node with
    edges."""

    id = models.BigAutoField(primary_key=True)
    input_node = models.ForeignKey(TraceNode, verbose_name=_("input"),
                                   on_delete=models.PROTECT, related_name="edges_out",
                                   db_index=False,  # led by the (input, output) index
                                   db_constraint=False)
    output_node = models.ForeignKey(TraceNode, verbose_name=_("output"),
                                    on_delete=models.PROTECT, related_name="edges_in",
                                    db_index=False,  # led by the (output, input) index
                                    db_constraint=False)
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3, default=1)
    operation_step = models.CharField(_("operation step"), max_length=128, blank=True)
    at = models.DateTimeField(_("time"), default=timezone.now)
    # No index: nothing looks edges up by their operator (users are deactivated, not
    # deleted: only deleting one would scan for it), and an index on it cost 15 % of writing
    # a million edges.
    operator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("operator"),
                                 null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", db_constraint=False, db_index=False)
    # no index of its own: two to four values over millions of rows; the scope filters by it
    # along with the node conditions
    classification = ClassificationField(db_index=False)
    import_job = models.ForeignKey(
        "core.Job", verbose_name=_("imported by job"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", editable=False,
        db_index=False, db_constraint=False)  # provenance only; no per-row key check at bulk

    # The labels name the items at either end: shown only where the reader sees that item.
    display_through = {"input_label": "input_node", "output_label": "output_node"}
    # Recorded by the consuming (output's) enterprise.
    scope = Scope(unit="output_node__enterprise", classification="classification")

    class Meta:
        verbose_name = _("genealogy edge")
        verbose_name_plural = _("genealogy")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["input_node", "output_node"], name="production_edge_in_out"),
            models.Index(fields=["output_node", "input_node"], name="production_edge_out_in"),
        ]
        constraints = [models.CheckConstraint(condition=~Q(input_node=models.F("output_node")),
                                              name="production_edge_not_self")]

    def __str__(self) -> str:
        return f"#{self.input_node_id} → #{self.output_node_id}"

    # Lists join each end's item in (resources: base_queryset), so these cost no query.
    @property
    def input_label(self) -> str:
        return node_label(self.input_node)

    @property
    def output_label(self) -> str:
        return node_label(self.output_node)
