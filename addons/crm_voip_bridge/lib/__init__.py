"""Plain-Python pieces of the Asterisk bridge (no ORM): CDR rows and how legs make a call."""
