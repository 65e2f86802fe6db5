"""Generic validation of parameters against the Bot API specification.

Values arrive either typed (JSON body) or as strings (form fields, where objects and arrays
are JSON strings).  Like Telegram, scalars are coerced from strings; objects are checked
field by field against ``types`` in api.json, recursively.  Type errors raise
:class:`ValidationError` (a 400); unknown parameters/fields are *soft* violations, returned
to the caller, because Telegram silently ignores them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from .apispec import ApiSpec, ObjectSpec
from .body import UploadedFile
from .errors import ValidationError

_INT_RE = re.compile(r"^[+-]?\d+$")
_DISCRIMINATOR_RE = re.compile(r'(?:must be|always) "?([a-z_]+)"?')
_DISCRIMINATOR_FIELDS = ("type", "status", "source")

ObjectRule = Callable[[dict[str, Any]], None]


class _NoMatch(Exception):
    """A value does not convert to one candidate type."""


class SpecValidator:
    """Checks one method call; ``object_rules`` add prose rules per type name."""

    def __init__(
        self,
        spec: ApiSpec,
        object_rules: dict[str, ObjectRule] | None = None,
    ) -> None:
        self.spec = spec
        self.object_rules = object_rules or {}

    def check(
        self, method: str, params: dict[str, Any], files: dict[str, UploadedFile]
    ) -> tuple[dict[str, Any], list[str]]:
        """Return the coerced parameters and the soft violations; raise on hard ones."""
        mspec = self.spec.methods[method]
        soft: list[str] = []
        out: dict[str, Any] = {}
        direct = {n: f for n, f in files.items() if n in mspec.fields and n not in params}
        for name, raw in {**params, **direct}.items():
            field = mspec.fields.get(name)
            if field is None:
                soft.append(f'unknown parameter "{name}"')
                continue
            out[name] = self._param(name, raw, field.types, files, soft)
        for field in mspec.fields.values():
            if field.required and field.name not in out:
                raise ValidationError(f'parameter "{field.name}" is required')
        return out, soft

    def _param(
        self,
        name: str,
        raw: Any,
        types: tuple[str, ...],
        files: dict[str, UploadedFile],
        soft: list[str],
    ) -> Any:
        if isinstance(raw, str) and raw.startswith("attach://") and "InputFile" in types:
            upload = files.get(raw.removeprefix("attach://"))
            if upload is None:
                raise ValidationError(f'file for parameter "{name}" is not attached')
            return upload
        try:
            return self.coerce(raw, types, name, files, soft)
        except _NoMatch as exc:
            raise ValidationError(f'can\'t parse parameter "{name}": {exc}') from None

    def coerce(
        self,
        value: Any,
        types: tuple[str, ...],
        where: str,
        files: dict[str, UploadedFile],
        soft: list[str],
    ) -> Any:
        """Convert ``value`` to the first of ``types`` it fits; raise _NoMatch if none."""
        errors: list[str] = []
        for type_name in types:
            try:
                return self._coerce_one(value, type_name, where, files, soft)
            except _NoMatch as exc:
                errors.append(str(exc))
        raise _NoMatch(_best_error(errors, types))

    def _coerce_one(
        self,
        value: Any,
        type_name: str,
        where: str,
        files: dict[str, UploadedFile],
        soft: list[str],
    ) -> Any:
        if type_name.startswith("Array of "):
            return self._array(value, type_name.removeprefix("Array of "), where, files, soft)
        scalar = _SCALARS.get(type_name)
        if scalar is not None:
            return scalar(value)
        if type_name == "InputFile":
            if isinstance(value, UploadedFile):
                return value
            raise _NoMatch("expected an uploaded file")
        return self._object(value, type_name, where, files, soft)

    def _array(
        self,
        value: Any,
        item_type: str,
        where: str,
        files: dict[str, UploadedFile],
        soft: list[str],
    ) -> list[Any]:
        value = _maybe_json(value, list)
        if not isinstance(value, list):
            raise _NoMatch(f"{where} must be an Array")
        return [
            self.coerce(item, (item_type,), f"{where}[{i}]", files, soft)
            for i, item in enumerate(value)
        ]

    def _object(
        self,
        value: Any,
        type_name: str,
        where: str,
        files: dict[str, UploadedFile],
        soft: list[str],
    ) -> dict[str, Any]:
        tspec = self.spec.types.get(type_name)
        if tspec is None:
            raise _NoMatch(f"unknown type {type_name}")
        value = _maybe_json(value, dict)
        if not isinstance(value, dict):
            raise _NoMatch(f"{where} must be a {type_name} object")
        if tspec.subtypes:
            return self._abstract(value, tspec, where, files, soft)
        _check_discriminator(value, tspec)
        out = self._fields(value, tspec, where, files, soft)
        rule = self.object_rules.get(type_name)
        if rule is not None:
            rule(out)
        return out

    def _abstract(
        self,
        value: dict[str, Any],
        tspec: ObjectSpec,
        where: str,
        files: dict[str, UploadedFile],
        soft: list[str],
    ) -> dict[str, Any]:
        return self.coerce(value, tspec.subtypes, where, files, soft)

    def _fields(
        self,
        value: dict[str, Any],
        tspec: ObjectSpec,
        where: str,
        files: dict[str, UploadedFile],
        soft: list[str],
    ) -> dict[str, Any]:
        missing = [f.name for f in tspec.fields.values() if f.required and f.name not in value]
        if missing:
            raise _NoMatch(f'{tspec.name} in {where}: field "{missing[0]}" is required')
        out: dict[str, Any] = {}
        local_soft: list[str] = []
        for key, item in value.items():
            field = tspec.fields.get(key)
            if field is None:
                local_soft.append(f'unknown field "{key}" in {tspec.name} ({where})')
                continue
            if isinstance(item, str) and item.startswith("attach://"):
                out[key] = item
                continue
            try:
                out[key] = self.coerce(item, field.types, f"{where}.{key}", files, local_soft)
            except _NoMatch as exc:
                raise _NoMatch(f'{tspec.name} in {where}: field "{key}": {exc}') from None
        soft.extend(local_soft)
        return out


def _best_error(errors: list[str], types: tuple[str, ...]) -> str:
    deep = [e for e in errors if " field " in e]
    if deep:
        return deep[0]
    return errors[0] if len(errors) == 1 else f"expected one of {', '.join(types)}"


def _check_discriminator(value: dict[str, Any], tspec: ObjectSpec) -> None:
    for key in _DISCRIMINATOR_FIELDS:
        field = tspec.fields.get(key)
        if field is None or not field.required:
            continue
        match = _DISCRIMINATOR_RE.search(field.description)
        if match and value.get(key) != match.group(1):
            raise _NoMatch(f'{key} must be "{match.group(1)}" for {tspec.name}')


def _maybe_json(value: Any, kind: type) -> Any:
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except ValueError:
            label = "Array" if kind is list else "object"
            raise _NoMatch(f"can't parse JSON {label}") from None
        return parsed
    return value


def _integer(value: Any) -> int:
    if isinstance(value, bool):
        raise _NoMatch("expected an Integer")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and _INT_RE.match(value.strip()):
        return int(value)
    raise _NoMatch("expected an Integer")


def _float(value: Any) -> float:
    if isinstance(value, bool):
        raise _NoMatch("expected a Float")
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            pass
    raise _NoMatch("expected a Float")


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.lower() in ("true", "false", "1", "0"):
        return value.lower() in ("true", "1")
    raise _NoMatch("expected a Boolean")


def _string(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise _NoMatch("expected a String")


_SCALARS: Mapping[str, Callable[[Any], Any]] = MappingProxyType(
    {
        "Integer": _integer,
        "Float": _float,
        "Boolean": _boolean,
        "True": _boolean,
        "String": _string,
    }
)
