from django.urls import path

from cnqp.core.imports.views import import_urls_for
from cnqp.core.records.urls import app_resource_urls
from cnqp.core.records.views.lists import ObjectListView
from cnqp.training.imports import CourseImporter
from cnqp.training.resources import courses

app_name = "training"

urlpatterns = [
    # the generated list, with the note that safety training is the safety module's
    path("courses/", ObjectListView.as_view(resource=courses,
                                            template_name="training/course_list.html"),
         name="courses-list"),
    *import_urls_for(CourseImporter, "courses", "training:courses-list"),
    *[p for p in app_resource_urls("training") if p.name != "courses-list"],
]
