"""JupyterLab's config in the Docker image (JUPYTER_CONFIG_PATH): open the edition WORKSHOP_LANG names.

WORKSHOP_LANG=ko (docker-compose.yml) opens notebooks/ko/ with Korean menus; unset, notebooks/ in English.
The same options as `python -m workshop lab --lang ko` (workshop.edition.lab_options).
"""
from workshop.edition import lab_options

for _name, _value in lab_options().items():
    setattr(c.LabApp, _name, _value)  # noqa: F821 (c is the config object Jupyter passes in)
