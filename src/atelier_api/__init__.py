"""atelier_api: the HTTP door onto the atelier library (FastAPI).

Build the application with :func:`atelier_api.main.create_app` (or run
``atelier serve``); the staff API lives under ``/api/v1``, the collectivities'
tracking page under ``/suivi``. The library never imports this package.
"""
