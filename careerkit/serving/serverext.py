"""careerkit's start address inside any Jupyter server: ``/careerkit/start``.

On a JupyterHub (The Littlest JupyterHub, Zero to JupyterHub) each person's server
opens their home folder, where careerkit's notebooks are not yet. Point the hub at
this address (``c.Spawner.default_url = "/careerkit/start"``): the first visit copies
the notebooks installed with careerkit into ``workbooks/`` of the server's root folder
(never replacing one the person already has, so their edits stay), then sends the
person on to ``voila/render/workbooks/00_start_here.ipynb``, or with ``?to=lab`` to
the same notebook in JupyterLab. Each notebook asks Voilà, in its metadata, for
careerkit's page template, which the package installs where every Voilà looks.

The extension is switched on by ``etc/jupyter/jupyter_server_config.d/careerkit.json``,
installed with the package. It adds this one address and changes nothing else.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["START", "copy_into_root"]

#: The address, under the server's base URL.
START = "careerkit/start"
#: Where the notebooks go, under the server's root folder.
FOLDER = "workbooks"


def copy_into_root(root: str | Path) -> Path:
    """Give the server's root folder careerkit's notebooks (only the missing ones)."""
    from careerkit.serving.app import copy_notebooks, shipped_notebooks, workbooks_dir

    target = Path(root).expanduser() / FOLDER
    source = shipped_notebooks() or workbooks_dir()
    if source.resolve() != target.resolve():
        copy_notebooks(source, target)
    return target


def _jupyter_server_extension_points():
    return [{"module": "careerkit.serving.serverext"}]


def _load_jupyter_server_extension(serverapp) -> None:
    from jupyter_server.base.handlers import JupyterHandler
    from jupyter_server.utils import url_path_join
    from tornado import web

    class StartHandler(JupyterHandler):
        @web.authenticated
        def get(self) -> None:
            root = self.settings.get("server_root_dir") or serverapp.root_dir
            try:
                copy_into_root(root)
            except OSError as exc:
                raise web.HTTPError(500, f"careerkit could not copy its workbooks into {root}: {exc}") from None
            page = (f"lab/tree/{FOLDER}/00_start_here.ipynb" if self.get_argument("to", "") == "lab"
                    else f"voila/render/{FOLDER}/00_start_here.ipynb")
            self.redirect(url_path_join(self.base_url, page))

    pattern = url_path_join(serverapp.web_app.settings["base_url"], START)
    serverapp.web_app.add_handlers(".*$", [(pattern, StartHandler)])


# The name jupyter_server looked for before version 2.
load_jupyter_server_extension = _load_jupyter_server_extension
