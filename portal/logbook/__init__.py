"""Reintegration logbook: daily self-observation with trends and a pacing signal."""
