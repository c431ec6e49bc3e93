"""A plan's responsibility matrix as a pandas DataFrame: one row per agency, one column per
programme item (or task group), the role in each cell."""

from __future__ import annotations

import pandas as pd

from schemas.models import PlanRecord


def responsibility_matrix(record: PlanRecord) -> pd.DataFrame:
    """Agencies x programme items of one plan (empty when the plan assigns nothing)."""
    m = record.responsibility_matrix
    if m is None:
        return pd.DataFrame()
    return pd.DataFrame(m.cells, index=pd.Index(m.agencies, name="agency"), columns=m.columns)
