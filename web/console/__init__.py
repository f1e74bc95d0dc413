"""The staff console at /staff: a thin HTTP layer over `web.conversations`."""
