"""Use cases: what a command or a job does, between the Telegram handlers and the database.

Every function here is synchronous, runs one database transaction, takes the current time from
the context's clock and returns plain values for the handlers to render.
"""
