"""Files atelier writes for other software: spreadsheets for the funder and the clients.

Beside :mod:`atelier.services`: these modules take domain values and write
files; they know nothing of the database or of the doors.
"""
