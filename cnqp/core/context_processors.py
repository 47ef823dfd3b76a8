from typing import Any

from django.http import HttpRequest

from cnqp.core.navigation import menu_for


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"menu_groups": menu_for(user, request.path)}
