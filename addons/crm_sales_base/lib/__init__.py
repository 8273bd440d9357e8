"""Plain-Python helpers of the Sales Panel (no ORM): Persian text and phone numbers."""
