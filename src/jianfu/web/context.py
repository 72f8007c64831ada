"""Template context every page needs: the platform's name, the mode and the user's menu."""

from django.conf import settings

from jianfu.web.menu import group_menu, menu_cached_for


def platform(request) -> dict:
    items = menu_cached_for(request.user) if hasattr(request, "user") else []
    return {
        "platform_name": "包头市中小学教师减负平台",
        "demo_mode": settings.DEMO_MODE,
        "menu": group_menu(items),  # the navigation, grouped by subject
        "menu_items": items,  # every entry, in order (the home page's shortcuts)
    }
