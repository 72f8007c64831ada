"""Deployment check: the private upload root must not lie inside anything a web server publishes."""

from pathlib import Path

from django.conf import settings
from django.core import checks


def _published_roots() -> list[Path]:
    roots = [getattr(settings, "STATIC_ROOT", None), getattr(settings, "MEDIA_ROOT", None)]
    roots += list(getattr(settings, "STATICFILES_DIRS", []))
    return [Path(root).resolve() for root in roots if root]


@checks.register(checks.Tags.security)
def private_media_outside_web_roots(app_configs, **kwargs):
    private = Path(settings.JIANFU_PRIVATE_MEDIA_ROOT).resolve()
    return [
        checks.Error(
            f"JIANFU_PRIVATE_MEDIA_ROOT ({private}) lies inside the published directory {root}.",
            hint="Point JIANFU_PRIVATE_MEDIA_ROOT at a directory no web server serves.",
            id="jianfu.E010",
        )
        for root in _published_roots()
        if private == root or root in private.parents
    ]
