"""Crash-durability test: kill -9 the app server and a writer process during writes."""
