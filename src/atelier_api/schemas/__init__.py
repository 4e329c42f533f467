"""Request and response bodies of the staff API (pydantic), one module per area.

Each model carries an example, so that the OpenAPI document shows one for every
body; money is in integer cents, days are ISO dates, durations whole minutes.
"""
