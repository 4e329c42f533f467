"""atelier_api: the HTTP door onto the atelier library (FastAPI).

The API is built in its own issue (HTTP API and the collectivities'
order-tracking page); this package holds its place in the distribution so the
import-layer contracts (the library never imports it) are checked from day one.
"""
