"""URL patterns generated for registered resources, so every app's pages look and behave alike."""

from __future__ import annotations

from django.urls import URLPattern, path

from cnqp.core.records.registry import resources
from cnqp.core.records.resource import Resource
from cnqp.core.records.views.actions import ObjectActionView
from cnqp.core.records.views.bulk import BulkView
from cnqp.core.records.views.edit import ObjectDeleteView, ObjectEditView
from cnqp.core.records.views.lists import ObjectDetailView, ObjectListView
from cnqp.core.records.views.saved import DeleteFilterView, SaveFilterView


def resource_urls(resource: Resource) -> list[URLPattern]:
    slug = resource.slug
    patterns = [
        path(f"{slug}/", ObjectListView.as_view(resource=resource), name=f"{slug}-list"),
        path(f"{slug}/<int:pk>/", ObjectDetailView.as_view(resource=resource),
             name=f"{slug}-detail"),
        # what a list does with its ticked rows, and its saved filters
        path(f"{slug}/selected/", BulkView.as_view(resource=resource), name=f"{slug}-bulk"),
        path(f"{slug}/filters/", SaveFilterView.as_view(resource=resource),
             name=f"{slug}-save-filter"),
        path(f"{slug}/filters/<int:saved>/delete/", DeleteFilterView.as_view(resource=resource),
             name=f"{slug}-delete-filter"),
    ]
    if resource.create is not None and resource.form is not None:
        patterns.append(path(f"{slug}/new/", ObjectEditView.as_view(resource=resource),
                             name=f"{slug}-create"))
    if resource.update is not None and resource.form is not None:
        patterns.append(path(f"{slug}/<int:pk>/edit/", ObjectEditView.as_view(resource=resource),
                             name=f"{slug}-edit"))
    if resource.delete is not None:
        patterns.append(path(f"{slug}/<int:pk>/delete/",
                             ObjectDeleteView.as_view(resource=resource), name=f"{slug}-delete"))
    for action in resource.actions:
        patterns.append(path(f"{slug}/<int:pk>/{action.name}/",
                             ObjectActionView.as_view(resource=resource, action=action),
                             name=f"{slug}-{action.name}"))
    return patterns


def app_resource_urls(app_label: str) -> list[URLPattern]:
    return [p for r in resources(app_label) for p in resource_urls(r)]
