"""Cases (办件): numbering, the state machine, the materials ledger, query passwords, and the
mapping to the store. The use cases live in :mod:`counter.services.cases`."""
