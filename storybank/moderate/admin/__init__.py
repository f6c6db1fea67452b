"""Admin pages: staff accounts, themes and campaigns, consent texts, and the audit log."""

# Each module adds its views to the staff blueprint.
from . import audit, consent, index, taxonomy, users  # noqa: F401
