"""The local store: SQLAlchemy models, unit of work, migrations, blob store."""
