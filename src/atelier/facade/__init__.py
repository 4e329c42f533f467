"""The parts of :class:`atelier.Workshop`, one module per area of use cases.

``Workshop`` (in ``atelier.app``) is composed of these classes; each public
method is one use case, declares the permission it needs with
:func:`~atelier.facade.base.requires`, and runs in one transaction.
"""
