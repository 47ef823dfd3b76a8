"""Pages of the performance app (returns)."""

from typing import Any

urlpatterns: list[Any] = []
