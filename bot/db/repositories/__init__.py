"""Data access, one module per aggregate. Functions take a Session and return records.

They never commit: the caller decides the transaction (``bot.db.session.transaction``), so a
failure anywhere in a unit of work leaves the database as it was.
"""
