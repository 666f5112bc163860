"""Writers for every format the importers read, so a known recording can be round-tripped through each.

Each writer takes a canonical :class:`~gaitcoach.model.Recording` and returns the bytes (and, where the app
names its files by date, the file name) that the app or device would produce. They are used by the
simulator's sample files and by the tests; gaitcoach itself never needs to write phone formats.
"""

from __future__ import annotations

from .fit import FIT_LAYOUTS, write_fit
from .phones import (
    write_androsensor,
    write_apple_health,
    write_generic_csv,
    write_phyphox,
    write_physics_toolbox,
    write_sensor_logger,
)
from .research import write_actigraph_csv, write_cwa, write_geneactiv, write_gt3x

__all__ = [
    "FIT_LAYOUTS",
    "write_actigraph_csv",
    "write_apple_health",
    "write_androsensor",
    "write_cwa",
    "write_fit",
    "write_generic_csv",
    "write_geneactiv",
    "write_gt3x",
    "write_phyphox",
    "write_physics_toolbox",
    "write_sensor_logger",
]
