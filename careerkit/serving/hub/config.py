"""Hub settings for the careerkit service, for ``jupyterhub_config.py`` and Zero to JupyterHub.

In ``jupyterhub_config.py``::

    from careerkit.serving.hub.config import configure
    configure(c, database_url="postgresql+psycopg://careerkit:…@db/careerkit")

In Zero to JupyterHub, :func:`z2jh_values` gives the ``hub.services`` and
``hub.extraConfig`` entries (``docs/JUPYTERHUB.md`` shows them as YAML).

What it sets:

- the service (``c.JupyterHub.services``): run by the hub as
  ``python -m careerkit.serving.hub.service``; the database URL is in *its* environment only;
  its OAuth client may carry :data:`~careerkit.serving.hub.service.FACILITATE`
  (``oauth_client_allowed_scopes``) so the dashboard can see it;
- the custom scope :data:`~careerkit.serving.hub.service.FACILITATE` (``c.JupyterHub.custom_scopes``);
- roles: every user may reach the service (``access:services!service=careerkit``, added to
  the ``user`` role); ``careerkit-facilitator`` holds the custom scope and is given to the
  listed users and hub groups;
- user servers: their ``JUPYTERHUB_API_TOKEN`` may reach the service
  (``c.Spawner.server_token_scopes``), and ``CAREERKIT_SERVICE_URL`` says where it is.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import Any

from careerkit.core.storage.remote import SERVICE_URL_VAR
from careerkit.serving.hub.service import FACILITATE, URL_FILE_VAR

__all__ = ["NAME", "configure", "configure_roles", "service_entry", "z2jh_extra_config", "z2jh_values"]

NAME = "careerkit"
#: The scopes of a user server's own token (JupyterHub's ``server`` role) plus this service.
SERVER_TOKEN_SCOPES = ["users:activity!user", "access:servers!server", f"access:services!service={NAME}"]


def service_entry(*, database_url: str | None = None, database_url_file: str | None = None,
                  url: str = "http://127.0.0.1:10101", python: str = sys.executable,
                  environment: dict[str, str] | None = None) -> dict[str, Any]:
    """The ``c.JupyterHub.services`` entry of the careerkit service.

    Prefer ``database_url_file`` (a file only the hub's user can read): JupyterHub keeps a
    copy of a service's ``environment`` in its own database, so a URL given directly is
    only as private as that database.
    """
    env = dict(environment or {})
    if database_url_file:
        env[URL_FILE_VAR] = str(database_url_file)
    elif database_url:
        env["CAREERKIT_DATABASE_URL"] = database_url
    return {
        "name": NAME,
        "display": False,
        "url": url,
        "command": [python, "-m", "careerkit.serving.hub.service"],
        "environment": env,
        "oauth_client_allowed_scopes": [FACILITATE],
        "oauth_no_confirm": True,
    }


def _value(section: Any, name: str, default: Any) -> Any:
    # a setting already given (also as a lazy value, after ``c.JupyterHub.services.append(...)``)
    if name not in section:
        return default
    value = section[name]
    return value.get_value(default) if hasattr(value, "get_value") else value


def configure_roles(c: Any, *, facilitators: Iterable[str] = (), facilitator_groups: Iterable[str] = (),
                    public_service_url: str | None = None) -> None:
    """Scopes, roles and user-server settings for the careerkit service already in
    ``c.JupyterHub.services`` (see :func:`service_entry`).

    ``public_service_url``: where user servers reach the service (default: its ``url``
    plus ``/services/careerkit/``). A database URL missing from the service's
    environment is taken from the hub's own ``CAREERKIT_DATABASE_URL`` (Zero to
    JupyterHub: ``hub.extraEnv`` from a Secret); user servers never inherit it.
    """
    services = list(_value(c.JupyterHub, "services", []))
    entry = next((s for s in services if s.get("name") == NAME), None)
    if entry is None:
        raise ValueError(f"No {NAME!r} service in c.JupyterHub.services; add service_entry() first.")
    env = entry.setdefault("environment", {})
    if not env.get("CAREERKIT_DATABASE_URL") and not env.get(URL_FILE_VAR) and os.environ.get("CAREERKIT_DATABASE_URL"):
        env["CAREERKIT_DATABASE_URL"] = os.environ["CAREERKIT_DATABASE_URL"]
    c.JupyterHub.services = services

    scopes = dict(_value(c.JupyterHub, "custom_scopes", {}))
    scopes[FACILITATE] = {"description": "See the careerkit room's picture (aggregates only)."}
    c.JupyterHub.custom_scopes = scopes

    roles = [r for r in _value(c.JupyterHub, "load_roles", [])
             if r.get("name") not in ("user", "careerkit-facilitator")]
    roles.append({"name": "user", "scopes": ["self", f"access:services!service={NAME}"]})
    roles.append({"name": "careerkit-facilitator", "description": "Open the careerkit facilitator dashboard",
                  "scopes": [FACILITATE, f"access:services!service={NAME}"],
                  "users": list(facilitators), "groups": list(facilitator_groups)})
    c.JupyterHub.load_roles = roles
    if list(facilitator_groups):
        groups = dict(_value(c.JupyterHub, "load_groups", {}))
        for group in facilitator_groups:
            groups.setdefault(group, {"users": []})
        c.JupyterHub.load_groups = groups

    token_scopes = list(_value(c.Spawner, "server_token_scopes", []))
    c.Spawner.server_token_scopes = list(dict.fromkeys([*token_scopes, *SERVER_TOKEN_SCOPES]))
    environment = dict(_value(c.Spawner, "environment", {}))
    environment[SERVICE_URL_VAR] = public_service_url or entry["url"].rstrip("/") + f"/services/{NAME}/"
    c.Spawner.environment = environment


def configure(c: Any, *, database_url: str | None = None, database_url_file: str | None = None,
              url: str = "http://127.0.0.1:10101",
              facilitators: Iterable[str] = (), facilitator_groups: Iterable[str] = (),
              python: str = sys.executable, public_service_url: str | None = None) -> None:
    """Everything the careerkit service needs, in one call from ``jupyterhub_config.py``."""
    services = [s for s in _value(c.JupyterHub, "services", []) if s.get("name") != NAME]
    services.append(service_entry(database_url=database_url, database_url_file=database_url_file,
                                  url=url, python=python))
    c.JupyterHub.services = services
    configure_roles(c, facilitators=facilitators, facilitator_groups=facilitator_groups,
                    public_service_url=public_service_url)


def z2jh_extra_config(*, facilitators: Iterable[str] = (), facilitator_groups: Iterable[str] = (),
                      public_service_url: str | None = None) -> str:
    """The ``hub.extraConfig`` snippet (Python run by Zero to JupyterHub's ``jupyterhub_config.py``)."""
    return ("from careerkit.serving.hub.config import configure_roles\n"
            f"configure_roles(c, facilitators={list(facilitators)!r}, "
            f"facilitator_groups={list(facilitator_groups)!r}, public_service_url={public_service_url!r})\n")


def z2jh_values(*, url: str = "http://hub:10101", python: str = "python3", facilitators: Iterable[str] = (),
                facilitator_groups: Iterable[str] = (), public_service_url: str | None = None,
                database_url_file: str | None = None) -> dict[str, Any]:
    """The Zero to JupyterHub Helm values for the service (``hub.services`` + ``hub.extraConfig``).

    The database URL is not in them: give it to the hub pod from a Secret, mounted as a
    file (``database_url_file``, with ``hub.extraVolumes``/``hub.extraVolumeMounts``) or as
    ``hub.extraEnv.CAREERKIT_DATABASE_URL``, which :func:`configure_roles` hands to the service.
    """
    entry = service_entry(url=url, python=python, database_url_file=database_url_file)
    entry.pop("name")
    return {"hub": {
        "services": {NAME: entry},
        "extraConfig": {"careerkit": z2jh_extra_config(
            facilitators=facilitators, facilitator_groups=facilitator_groups,
            public_service_url=public_service_url)},
    }}
