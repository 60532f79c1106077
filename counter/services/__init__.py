"""Use cases — the only door the UI and the CLI use.

Each public method of a service is one transaction (one unit of work), takes plain data and
returns domain objects or plain results, and raises a :class:`counter.errors.CounterError`
subclass with a Chinese message when a rule says no.
"""
