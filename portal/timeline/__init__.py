"""Personal Poortwachter timeline: legal dates worked out from the first sick day."""
