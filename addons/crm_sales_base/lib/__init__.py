"""Plain-Python helpers of the Sales Panel (no ORM): Persian text, phone numbers, placeholders."""
