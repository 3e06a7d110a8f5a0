"""careerkit on JupyterHub: one service that owns everyone's answers.

- :mod:`careerkit.serving.hub.service` is the hub-managed service (``c.JupyterHub.services``).
  It is the only process that knows the database URL. Every request carries a hub
  token, which the service checks with the hub; the profile it reads and writes is
  the token's own user, never one the request names.
- :mod:`careerkit.core.storage.remote` (in the core's storage, since ``open_store`` and
  ``current_profile`` reach for it) is what a workbook kernel on the hub uses instead of a
  database: :class:`~careerkit.core.storage.remote.RemoteStore` speaks to the service with the
  kernel's ``JUPYTERHUB_API_TOKEN`` and offers the store methods workbooks, exports,
  history and forgetting use.
- :mod:`careerkit.serving.hub.config` writes the hub settings (service, roles, custom scope,
  token scopes) for ``jupyterhub_config.py`` and for Zero to JupyterHub.

``docs/JUPYTERHUB.md`` describes the security model and how each claim is tested.
"""
