"""Pages of the performance app (projects)."""

from typing import Any

urlpatterns: list[Any] = []
