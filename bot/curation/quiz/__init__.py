"""Quiz-bank generators, one module per question kind."""
