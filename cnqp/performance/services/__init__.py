"""Writing the performance app's records: returns (`returns.py`) and investment projects
(`projects.py`)."""

from cnqp.performance.services.returns import (
    accept_return,
    amend_return,
    delete_return,
    lock_due_returns,
    lock_return,
    open_return,
    return_for_correction,
    save_values,
    submit_return,
    update_return,
)

__all__ = [
    "accept_return", "amend_return", "delete_return", "lock_due_returns", "lock_return",
    "open_return", "return_for_correction", "save_values", "submit_return", "update_return",
]
