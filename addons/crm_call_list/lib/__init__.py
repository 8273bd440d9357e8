"""Plain-Python helpers of the call lists (no ORM)."""
