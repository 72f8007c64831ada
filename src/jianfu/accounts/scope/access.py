"""The rule tables, merged from the domain modules, and the functions that apply them.

Each domain module (registry, matters, burden, datahub, oversight) declares `RULES` (what a user may see of a
model) and `EDIT_RULES` (what they may change), and may declare `PUBLISHED` (what is public by policy) and
`PUBLIC` (what someone not logged in may see). A model belongs to exactly one domain module; a model without a rule is visible
to nobody."""

from collections.abc import Callable, Mapping
from typing import TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from jianfu.accounts.models import User
from jianfu.accounts.scope import burden, datahub, matters, oversight, registry
from jianfu.accounts.scope.roles import ADMINISTRATION_MODELS, BUSINESS, NOTHING

M = TypeVar("M", bound=Model)
V = TypeVar("V")


def _merge(*tables: Mapping[type[Model], V]) -> dict[type[Model], V]:
    """One table out of the domain modules' tables; a model ruled twice is a mistake, refused at import."""
    merged: dict[type[Model], V] = {}
    for table in tables:
        for model, rule in table.items():
            if model in merged:
                raise ImproperlyConfigured(f"Data scope: {model.__name__} has a rule in two domain modules.")
            merged[model] = rule
    return merged


_RULES: dict[type[Model], Callable[[User], Q]] = _merge(
    registry.RULES, matters.RULES, burden.RULES, datahub.RULES, oversight.RULES
)
_EDIT_RULES: dict[type[Model], Callable[[User], Q]] = _merge(
    registry.EDIT_RULES, matters.EDIT_RULES, burden.EDIT_RULES, datahub.EDIT_RULES, oversight.EDIT_RULES
)
_PUBLISHED: dict[type[Model], Q] = _merge(matters.PUBLISHED)
_PUBLIC: set[type[Model]] = set(registry.PUBLIC)


def _rule(
    table: Mapping[type[Model], Callable[[User], Q]], user, model: type[Model]
) -> Callable[[User], Q] | None:
    """The rule of `model` for a logged-in user; outside the business roles only the administration models have
    one (ADR 0009: the administrators and pending accounts hold no business data access)."""
    if user.role not in BUSINESS and model._meta.label not in ADMINISTRATION_MODELS:
        return None
    return table.get(model)


def visible_to(user, model: type[M]) -> QuerySet[M]:
    """The rows of `model` that `user` (possibly anonymous) may see."""
    queryset = model._default_manager.all()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset if model in _PUBLIC else queryset.none()
    rule = _rule(_RULES, user, model)
    if rule is None:
        return queryset.none()
    condition = rule(user)
    if condition == NOTHING:
        return queryset.none()
    return queryset.filter(condition)


def editable_by(user, model: type[M]) -> QuerySet[M]:
    """The rows of `model` that `user` may change; always a subset of what they may see."""
    queryset = visible_to(user, model)
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    rule = _rule(_EDIT_RULES, user, model)
    if rule is None:
        return queryset.none()
    condition = rule(user)
    return queryset.none() if condition == NOTHING else queryset.filter(condition)


def published(model: type[M]) -> QuerySet[M]:
    """The rows of `model` that are public by policy (the whitelist), for anyone."""
    condition = _PUBLISHED.get(model)
    queryset = model._default_manager.all()
    return queryset.filter(condition) if condition is not None else queryset.none()


def readable(user, model: type[M]) -> QuerySet[M]:
    """What `user` (possibly anonymous) sees plus what is public by policy, e.g. the published annual plans."""
    condition = _PUBLISHED.get(model)
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return published(model)
    rule = _rule(_RULES, user, model)
    mine = rule(user) if rule is not None else NOTHING
    if condition is not None:
        mine = condition if mine == NOTHING else mine | condition
    queryset = model._default_manager.all()
    return queryset.none() if mine == NOTHING else queryset.filter(mine)


def can_see(user, model: type[Model]) -> bool:
    """Whether `user` may see any row of `model` at all (used to show or hide menu entries)."""
    if not getattr(user, "is_authenticated", False):
        return model in _PUBLIC
    rule = _rule(_RULES, user, model)
    return rule is not None and rule(user) != NOTHING


def access_by_id(user, model: type[M], pk, *, for_change: bool = False, public: bool = False) -> M:
    """Fetch one object for a user; out of scope and missing both raise Http404 (so do read-only ones
    when `for_change`). With `public`, what is published by policy counts as in scope (`readable`)."""
    if for_change:
        rows = editable_by(user, model)
    else:
        rows = readable(user, model) if public else visible_to(user, model)
    try:
        return rows.get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
