"""A resource: a model declared once, in `<app>/resources.py`, for its pages, exports, API
routes and the permission suite. Its record operations are the one gate both transports (the
pages of `records/views/` and the routes of `records/api/`) and the apps' own pages go through:

- `browse(user, params)`: what a list shows: scoped, filtered, searched and sorted, with the
  primary key as the last tiebreaker so that paging never skips or repeats a record;
- `get_for(user, pk, permission)`: the record, or 404 when the user may not see it (a hidden
  record does not exist for them), then 403 when they lack the permission;
- `perform(user, operation, obj, data)`: a write, "create", "update", "delete" or one of the
  resource's actions: the permission (403), the form (errors by field), then the service,
  whose refusal lands on the form too (`RecordInvalid`, a ValidationError).

Services are called by one convention: the form's cleaned keys are the service's keyword names
(`create(actor, **cleaned)`, `update(actor, obj, **cleaned)`, `action.call(actor, obj,
**cleaned)`, `delete(actor, obj)`); `records/checks.py` holds every declaration to it, and every
declared field name to the model, at start-up.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db.models import DateField, Model, QuerySet
from django.http import Http404
from django.utils.functional import Promise
from django.utils.text import capfirst

from cnqp.core import audit
from cnqp.core.access.scoping import get_visible_or_404, scope_of, scope_queryset
from cnqp.core.choices import AuditAction
from cnqp.core.records.display import field_at, select_related_for
from cnqp.core.records.forms import ScopedForm
from cnqp.core.records.masking import relations_shown, shown_through
from cnqp.core.records.ordering import ordering_expression
from cnqp.core.records.probes import check_not_probing, note_taken, unique_values
from cnqp.core.records.search import apply_search

if TYPE_CHECKING:
    from django import forms
    from django.contrib.auth.models import AnonymousUser
    from django_filters import FilterSet

    from cnqp.core.models import User

    Viewer = User | AnonymousUser
    FormClass = type[forms.Form] | type[forms.ModelForm[Any]]

WRITES = {"create": "add", "update": "change", "delete": "delete"}
NEWEST_FIELDS = ("created_at", "at")  # what a record's creation time is called


@dataclass(frozen=True)
class Column:
    """A list column: a model attribute (dotted for relations), its header, whether it links to
    the record, and the ORM field to sort by (None: not sortable)."""

    name: str
    label: str | Promise | None = None
    link: bool = False
    sort: str | None = ""

    def header(self, model: type[Model]) -> str:
        if self.label:
            return str(self.label)
        found = self.named_field(model)
        if found is None:  # records/checks.py fails start-up before a page shows this
            return self.name.split(".")[0].replace("_", " ")
        return str(capfirst(getattr(found, "verbose_name", found.name)))

    def named_field(self, model: type[Model]) -> Any:
        """The model field whose verbose name heads the column (the first of a dotted path),
        or None: an annotation or a property, which must then declare its `label`."""
        try:
            return model._meta.get_field(self.name.split(".")[0].split("__")[0])
        except FieldDoesNotExist:
            return None

    @property
    def sort_field(self) -> str | None:
        if self.sort is None:
            return None
        return self.sort or self.name.replace(".", "__")


@dataclass(frozen=True)
class Action:
    """A lifecycle step on one record (submit, approve, issue, revoke, ...), declared once:
    the registry makes a page route (`<slug>/<pk>/<name>/`, url name `<slug>-<name>`) and an
    API route (`POST /api/<app>/<slug>/{id}/<name>`), both through `Resource.perform`; `call`
    is the service (`call(actor, obj, **cleaned)`), which decides whether the step is legal."""

    name: str
    permission: str
    call: Callable[..., Any]
    form: type[forms.Form] | None = None
    done_message: str | Promise = ""
    # The detail page offers the step, as a form of its own, on the records for which
    # `offered(obj)` holds (a hint: the service still decides); None: the app's own detail
    # template draws it.
    offered: Callable[[Any], bool] | None = None
    label: str | Promise = ""  # the step's button; default: the done message's verb
    # who takes the step when it is not who edits the record (a task's lead unit reports its
    # progress, the directive's holder edits it): replaces the resource's `writable_by`
    taken_by: Callable[[Any, Any], bool] | None = None
    confirm: str | Promise = ""  # asked before the step is sent (one that cannot be undone)


class RecordInvalid(ValidationError):
    """A write refused: `form` carries every error, the form's and the service's, for a page
    to show again; `refusal` is the service's own ValidationError when the service refused,
    and the error itself is that refusal as the service named it (the API answers with its
    fields, a "status" included, which no form has), or else the form's errors."""

    def __init__(self, form: forms.BaseForm, refusal: ValidationError | None = None) -> None:
        self.form = form
        self.refusal = refusal
        super().__init__(refusal if refusal is not None else form.errors.as_data())


@dataclass(frozen=True)
class Browse:
    """A list as a user asked for it: the records (a queryset, not yet paged), the filter set
    bound to the request (its form draws the filters) and the sort applied."""

    queryset: QuerySet[Any]
    filterset: FilterSet | None
    sort: str


@dataclass
class Resource:
    model: type[Model]
    slug: str
    columns: Sequence[Column]
    detail_fields: Sequence[str | Column] = ()  # default: the columns
    # default: the columns; a name that is a column or detail field takes its label
    export_fields: Sequence[str | Column] = ()
    api_fields: Sequence[str] = ()
    filterset: type[FilterSet] | None = None
    form: FormClass | None = None  # validates a create (and an update, by default)
    update_form: FormClass | None = None  # when an edit changes fewer fields
    create: Callable[..., Model] | None = None  # create(actor, **cleaned)
    update: Callable[..., Model] | None = None  # update(actor, obj, **cleaned)
    delete: Callable[..., None] | None = None  # delete(actor, obj)
    base_queryset: Callable[[], QuerySet[Any]] | None = None
    # the list's order when the reader picks none; "" (undeclared): newest first (`ordering`)
    default_sort: str = ""
    searchable: bool = True
    view_permission: str = ""
    detail_template: str = ""
    actions: Sequence[Action] = ()
    # whether the record still changes (a closed incident does not): the detail page offers
    # Edit and Delete only then; the service still decides
    editable: Callable[[Any], bool] | None = None
    # whether the record may still be deleted, when that is narrower than `editable` (only a
    # planned action); None: as `editable`
    deletable: Callable[[Any], bool] | None = None
    # whether this user writes this record at all (acts for the unit that holds it: an
    # enterprise reads the directorate's resolution, it does not edit it): the detail page
    # offers Edit, Delete and the steps only then; the service still decides
    writable_by: Callable[[User, Any], bool] | None = None
    # set by the app's detail.py (`@resource.detail`): extra context of the detail page
    detail_context: Callable[[User, Any], dict[str, Any]] | None = field(default=None,
                                                                         repr=False)

    # --- naming -----------------------------------------------------------------------------
    @property
    def app_label(self) -> str:
        return self.model._meta.app_label

    @property
    def model_name(self) -> str:
        return self.model._meta.model_name or ""

    @property
    def label(self) -> str:
        return str(capfirst(self.model._meta.verbose_name))

    @property
    def label_lower(self) -> str:
        """The record name inside a sentence: Vietnamese capitalises only the first word."""
        return str(self.model._meta.verbose_name)

    @property
    def label_plural(self) -> str:
        return str(capfirst(self.model._meta.verbose_name_plural))

    def url_name(self, page: str) -> str:
        return f"{self.app_label}:{self.slug}-{page}"

    def perm(self, action: str) -> str:
        if action == "view" and self.view_permission:
            return self.view_permission
        return f"{self.app_label}.{action}_{self.model_name}"

    @property
    def export_names(self) -> list[str]:
        return [c.name for c in self.export_columns]

    @property
    def export_columns(self) -> list[Column]:
        """The export's columns, each headed as the list or the detail page heads it."""
        if not self.export_fields:
            return list(self.columns)
        declared = {c.name: c for c in [*self.detail_columns, *self.columns] if c.label}
        return [f if isinstance(f, Column) else declared.get(f, Column(f))
                for f in self.export_fields]

    @property
    def detail_columns(self) -> list[Column]:
        """The detail page's fields, a name that is a labelled column taking its label."""
        if not self.detail_fields:
            return list(self.columns)
        labelled = {c.name: c for c in self.columns if c.label}
        return [c if isinstance(c, Column) else labelled.get(c, Column(c))
                for c in self.detail_fields]

    def detail(self, context: Callable[[User, Any], dict[str, Any]]
               ) -> Callable[[User, Any], dict[str, Any]]:
        """Decorator for the app's detail.py: the function gives the detail page's context."""
        self.detail_context = context
        return context

    @property
    def shown_relations(self) -> tuple[str, ...]:
        """The relations to classified records the declarations show (masking.py)."""
        names = [c.name for c in self.columns] + [c.name for c in self.detail_columns]
        names += [*self.export_names, *self.api_fields]
        return relations_shown(self.model, names)

    # --- reads: always through the scoping mechanism ------------------------------------------
    def queryset(self, user: Viewer) -> QuerySet[Any]:
        """What `user` may see, each row knowing which of its related records they may see
        too (a hidden one is shown as empty: masking.py)."""
        base = self.base_queryset() if self.base_queryset else self.model._default_manager.all()
        if not user.has_perm(self.perm("view")):
            return base.none()
        return shown_through(scope_queryset(base, user), user, self.shown_relations)

    def list_queryset(self, user: Viewer) -> QuerySet[Any]:
        """The scoped queryset with the to-one relations a list walks per row joined in: its
        columns, and the path to each row's classification (markings, audit of listings)."""
        paths = [c.name for c in self.columns]
        level = scope_of(self.model).classification
        if level:
            paths.append(level)
        related = select_related_for(self.model, paths)
        queryset = self.queryset(user)
        return queryset.select_related(*related) if related else queryset

    @property
    def ordering(self) -> str:
        """The default order: the declared one, else newest first, by the record's creation
        time when it keeps one (`created_at`, `at`), else by its key. Reference data declares
        its own (codes, alphabetical)."""
        if self.default_sort:
            return self.default_sort
        for name in NEWEST_FIELDS:
            try:
                found = self.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if isinstance(found, DateField):
                return f"-{name}"
        return "-pk"

    @property
    def sorts(self) -> set[str]:
        return {c.sort_field for c in self.columns if c.sort_field} | {"id"}

    def browse(self, user: Viewer, params: Mapping[str, Any]) -> Browse:
        """The list `params` ask for (`q`, `sort`, the filter set's fields), as `user` sees it."""
        queryset = self.list_queryset(user)
        filterset = None
        if self.filterset is not None:
            filterset = self.filterset(params, queryset=queryset, user=user)  # type: ignore[call-arg]
            queryset = filterset.qs
        if self.searchable:
            queryset = apply_search(queryset, str(params.get("q", "")).strip())
        sort = str(params.get("sort", ""))
        key = sort.lstrip("-")
        if key in self.sorts:
            order = [ordering_expression(self.model, key, sort.startswith("-"))]
        else:
            sort, order = "", [self.ordering]
        if not {"pk", "-pk", "id", "-id"} & {o for o in order if isinstance(o, str)}:
            order.append("-pk")  # a unique tiebreaker: pages neither skip nor repeat
        return Browse(queryset.order_by(*order), filterset, sort)

    def get_for(self, user: Viewer, pk: Any, permission: str = "view") -> Any:
        """The record `pk` if `user` may see it (else 404) and holds `permission` (else 403):
        an operation ("view", "update", "delete", an action's name) or a permission code."""
        obj = get_visible_or_404(self.queryset(user), user, pk=pk)
        if not self.may(user, permission):
            raise PermissionDenied
        return obj

    def require(self, user: Viewer, operation: str = "view") -> User:
        """The gate of a page or route about the resource as a whole (a board, figures, an
        export): 403 without the operation's permission; the user, signed in."""
        if not self.may(user, operation):
            raise PermissionDenied
        return cast("User", user)  # a permission implies a signed-in user

    def read(self, user: User, pk: Any) -> Any:
        """`get_for` to show the record: reading a classified one is audited."""
        obj = self.get_for(user, pk)
        audit.record_read(AuditAction.VIEW, actor=user, obj=obj)
        return obj

    # --- writes -----------------------------------------------------------------------------
    def permission_for(self, operation: str) -> str:
        if "." in operation:
            return operation  # a permission code
        if operation in WRITES:
            return self.perm(WRITES[operation])
        if operation == "view":
            return self.perm("view")
        return self.action(operation).permission

    def action(self, name: str) -> Action:
        for action in self.actions:
            if action.name == name:
                return action
        raise Http404

    def steps(self, user: User, obj: Any) -> list[tuple[Action, forms.BaseForm | None]]:
        """The steps the detail page offers on `obj` to `user`, each with its empty form."""
        return [(action, self.form_for(user, action.name, obj))
                for action in self.actions
                if action.offered is not None and action.offered(obj)
                and self.may(user, action.name) and self._takes(user, action, obj)]

    def allows(self, user: User, operation: str, obj: Any) -> bool:
        """Whether to offer `operation` on `obj` to `user` (a hint for pages: the service still
        decides): the permission, then for an edit or a delete whether the record still
        changes (`editable`: an issued revision does not) and whether this user writes it
        (`writable_by`); for a step, who takes it (`taken_by`, else `writable_by`)."""
        if not self.may(user, operation):
            return False
        if operation in ("update", "delete"):
            rule = self.deletable if operation == "delete" and self.deletable else self.editable
            return ((rule is None or bool(rule(obj)))
                    and (self.writable_by is None or bool(self.writable_by(user, obj))))
        if operation in WRITES or operation == "view":
            return True
        return self._takes(user, self.action(operation), obj)

    def bulk_actions(self, user: User) -> list[Action]:
        """The steps a list may run on its selected rows: those that ask nothing per record (no
        form, or one whose every field may stay empty: a step's date, empty = today) and that
        the user may take."""
        return [a for a in self.actions if self.may(user, a.name) and (
            a.form is None or not any(f.required for f in a.form.base_fields.values()))]

    def _takes(self, user: User, action: Action, obj: Any) -> bool:
        rule = action.taken_by or self.writable_by
        return rule is None or rule(user, obj)

    def offers(self, operation: str) -> bool:
        """Whether the resource has that operation at all (a page or route exists for it)."""
        if operation == "create":
            return self.create is not None and self.form is not None
        if operation == "update":
            return self.update is not None and self.form_class("update") is not None
        if operation == "delete":
            return self.delete is not None
        return operation == "view" or any(a.name == operation for a in self.actions)

    def may(self, user: Viewer, operation: str) -> bool:
        if "." not in operation and not self.offers(operation):
            return False
        return bool(user.has_perm(self.permission_for(operation)))

    def form_class(self, operation: str) -> FormClass | None:
        if operation == "create":
            return self.form
        if operation == "update":
            return self.update_form or self.form
        if operation == "delete":
            return None
        return self.action(operation).form

    def form_for(self, user: User, operation: str, obj: Any = None, data: Any = None,
                 files: Any = None, *, initial: Mapping[str, Any] | None = None,
                 partial: bool = False) -> forms.BaseForm | None:
        """The operation's form, bound to `data` when given. `partial`: `data` names only what
        it sets (JSON), the rest keeps its current value, or the model's default for a new
        record (an omitted `is_active` must not read as an unticked box)."""
        form_class = self.form_class(operation)
        if form_class is None:
            return None
        if operation not in ("create", "update"):
            if issubclass(form_class, ScopedForm):  # its choices are the user's to see
                return form_class(data, files, user=user)
            return form_class(data, files) if data is not None else form_class()
        if partial and data is not None:
            data = self._completed(user, form_class, obj, data)
        # The form validates a copy: a model form writes cleaned values into its instance,
        # and the service must see the record as stored to audit what changed.
        instance = copy.copy(obj) if obj is not None else None
        return form_class(data, files, instance=instance,  # type: ignore[call-arg]
                          initial=dict(initial) if initial else None, user=user)

    def _completed(self, user: User, form_class: Any, obj: Any,
                   data: Mapping[str, Any]) -> dict[str, Any]:
        """Partial data made whole: the record's current values as its form shows them, or the
        model's defaults, overlaid by what `data` sets (a None means "not sent")."""
        full: dict[str, Any] = {}
        if obj is None:
            for name in form_class.base_fields:
                model_field = field_at(self.model, name)
                if model_field is not None and model_field.concrete and model_field.has_default():
                    full[name] = model_field.get_default()
        else:
            # Current values come from the form's `initial`: its model fields and what its own
            # __init__ declares (a user's roles), never other columns (a stored password hash
            # once went into the write-only password field and became the password). Not
            # get_initial_for_field: it drops microseconds, which would read as a change.
            current = form_class(instance=obj, user=user)
            for name, form_field in current.fields.items():
                value = current.initial.get(name, form_field.initial)
                full[name] = _plain_value(value() if callable(value) else value)
        full.update({k: v for k, v in data.items() if v is not None})
        return {k: v for k, v in full.items() if v is not None}

    def perform(self, user: User, operation: str, obj: Any = None, data: Any = None,
                files: Any = None, *, partial: bool = False) -> Any:
        """Run a write as `user`: 403 without the permission, `RecordInvalid` when the form or
        the service refuses; the service's result otherwise."""
        if not self.may(user, operation):
            raise PermissionDenied
        if operation in ("create", "update"):
            check_not_probing(user)  # probes.py: codes tried one after another
        form = self.form_for(user, operation, obj, data if data is not None else {}, files,
                             partial=partial)
        if form is not None and not form.is_valid():
            self._note_probes(user, form, ValidationError(form.errors.as_data()))
            raise RecordInvalid(form)
        cleaned = dict(form.cleaned_data) if form is not None else {}
        try:
            return self._call(user, operation, obj, cleaned)
        except ValidationError as exc:
            if form is None or isinstance(exc, RecordInvalid):
                raise
            self._note_probes(user, form, exc)
            attach_errors(form, exc)
            raise RecordInvalid(form, exc) from exc

    def _note_probes(self, user: User, form: forms.BaseForm, error: ValidationError) -> None:
        """A code refused as taken by a record the user may not see is audited (probes.py)."""
        data = {**{k: form.data.get(k) for k in form.data}, **form.cleaned_data}
        for values in unique_values(self.model, error, data):
            note_taken(user, self.model, values)

    def _call(self, user: User, operation: str, obj: Any, cleaned: dict[str, Any]) -> Any:
        if operation == "create":
            assert self.create is not None
            return self.create(user, **cleaned)
        if operation == "update":
            assert self.update is not None
            return self.update(user, obj, **cleaned)
        if operation == "delete":
            assert self.delete is not None
            return self.delete(user, obj)
        return self.action(operation).call(user, obj, **cleaned)


def _plain_value(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [v.pk if isinstance(v, Model) else v for v in value]
    return value.pk if isinstance(value, Model) else value


def attach_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field it names when the form has
    that field, on the form otherwise."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)
