"""Comparisons of the alert rules, without the ORM (the periods they count over are the
company's calendar: crm_sales_base/lib/calendar.py)."""

COMPARATORS = {
    "lt": lambda value, threshold: value < threshold,
    "le": lambda value, threshold: value <= threshold,
    "gt": lambda value, threshold: value > threshold,
    "ge": lambda value, threshold: value >= threshold,
}


def fires(operator, value, threshold):
    """Whether a rule's comparison holds; a figure that does not exist (an average without
    answered calls, a gap without a target) never fires."""
    return value is not None and COMPARATORS[operator](value, threshold)
