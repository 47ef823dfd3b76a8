"""Pages of the performance app (completeness)."""

from typing import Any

urlpatterns: list[Any] = []
