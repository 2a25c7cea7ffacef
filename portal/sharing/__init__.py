"""Sharing chosen summaries: a frozen, revocable snapshot for one linked recipient."""
