"""Reading what collectivities send: item lists exported from library systems.

The readers here turn a file into checked values (or a list of problems naming
file, line and field); they know nothing of the database, the terminal or the
web. Writing what they read is the services' job.
"""
