"""Where each authority is: its type (from its GSS code) and its ONS region (from a shipped lookup).

Neither is a column of the indicators table (its contract does not list them): they go
to a separate authorities lookup, ``data/authorities_<year>.csv`` of each build, which
the national report joins on ``authority_code``.
"""

from scwres_helpers.places.authorities import (
    AUTHORITY_TYPES,
    FICTIONAL_REGIONS,
    Place,
    authorities_csv,
    authorities_table,
    authority_type,
    load_regions,
    place_of,
)

__all__ = ["AUTHORITY_TYPES", "FICTIONAL_REGIONS", "Place", "authorities_csv", "authorities_table",
           "authority_type", "load_regions", "place_of"]
