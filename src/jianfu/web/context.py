"""Template context every page needs: the platform's name, the mode and the user's menu."""

from django.conf import settings

from jianfu.web.menu import menu_groups_for


def platform(request) -> dict:
    return {
        "platform_name": "包头市中小学教师减负平台",
        "demo_mode": settings.DEMO_MODE,
        "menu": menu_groups_for(request.user) if hasattr(request, "user") else [],
    }
