from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cnqp.core.choices import Classification
from cnqp.core.filters import YesNoFilter
from cnqp.core.models import OrgUnit
from cnqp.core.records.filters import RecordFilterSet
from cnqp.core.units import producing_units
from cnqp.documents.choices import DocumentKind, ProductGroup, Purpose, RevisionStatus, RightStatus
from cnqp.documents.models import DocumentSet, ProductType, Revision, UsageRight, valid_rights_q


class ProductTypeFilter(RecordFilterSet):
    group = django_filters.ChoiceFilter(label=_("Group"), choices=ProductGroup.choices)
    producers = django_filters.ModelChoiceFilter(label=_("Enterprise"), queryset=producing_units(),
                                                 empty_label=_("All"))
    is_active = YesNoFilter(label=_("Active"))

    class Meta:
        model = ProductType
        fields = ["group", "producers", "is_active"]


class DocumentSetFilter(RecordFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=DocumentKind.choices)
    product_type = django_filters.ModelChoiceFilter(label=_("Product type"),
                                                    queryset=ProductType.objects.all(),
                                                    empty_label=_("All"))
    classification = django_filters.ChoiceFilter(label=_("Classification"),
                                                 choices=Classification.choices)
    status = django_filters.ChoiceFilter(label=_("Revision status"),
                                         choices=RevisionStatus.choices,
                                         method="filter_status")
    enterprise = django_filters.ModelChoiceFilter(label=_("Enterprise holding a right"),
                                                  queryset=producing_units(), empty_label=_("All"),
                                                  method="filter_enterprise")

    class Meta:
        model = DocumentSet
        fields = ["kind", "product_type", "classification"]

    def filter_status(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(pk__in=Revision.objects.filter(status=value)
                               .values("document_set_id"))

    def filter_enterprise(self, queryset: QuerySet[Any], name: str,
                          value: OrgUnit) -> QuerySet[Any]:
        rights = UsageRight.objects.filter(valid_rights_q(timezone.localdate()),
                                           enterprise=value)
        return queryset.filter(Q(owner_unit=value)
                               | Q(pk__in=rights.values("document_set_id")))


class RevisionFilter(RecordFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=RevisionStatus.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), field_name="document_set__kind",
                                       choices=DocumentKind.choices)
    product_type = django_filters.ModelChoiceFilter(label=_("Product type"),
                                                    field_name="document_set__product_type",
                                                    queryset=ProductType.objects.all(),
                                                    empty_label=_("All"))
    classification = django_filters.ChoiceFilter(label=_("Classification"),
                                                 field_name="document_set__classification",
                                                 choices=Classification.choices)
    issued_since = django_filters.DateFilter(label=_("Issued from"), field_name="issue_date",
                                             lookup_expr="gte")
    issued_until = django_filters.DateFilter(label=_("Issued to"), field_name="issue_date",
                                             lookup_expr="lte")

    class Meta:
        model = Revision
        fields = ["status"]


class UsageRightFilter(RecordFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=RightStatus.choices)
    purpose = django_filters.ChoiceFilter(label=_("Purpose"), choices=Purpose.choices)
    enterprise = django_filters.ModelChoiceFilter(label=_("Enterprise"), queryset=producing_units(),
                                                  empty_label=_("All"))
    product_type = django_filters.ModelChoiceFilter(label=_("Product type"),
                                                    field_name="document_set__product_type",
                                                    queryset=ProductType.objects.all(),
                                                    empty_label=_("All"))
    expiring = YesNoFilter(label=_("Expiring within 30 days"), method="filter_expiring")
    granted_since = django_filters.DateFilter(label=_("Valid from, from"),
                                              field_name="valid_from", lookup_expr="gte")
    granted_until = django_filters.DateFilter(label=_("Valid from, to"),
                                              field_name="valid_from", lookup_expr="lte")

    class Meta:
        model = UsageRight
        fields = ["status", "purpose", "enterprise"]

    def filter_expiring(self, queryset: QuerySet[Any], name: str, value: bool | None
                        ) -> QuerySet[Any]:
        if value is None:
            return queryset
        today = timezone.localdate()
        soon = Q(valid_rights_q(today), valid_to__isnull=False,
                 valid_to__lte=today + dt.timedelta(days=30))
        return queryset.filter(soon) if value else queryset.exclude(soon)
