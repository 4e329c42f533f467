"""The ``atelier`` command line: a thin door onto the library's use cases."""
