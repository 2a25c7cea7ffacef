"""The Werkwijzer brochure: chapters, obstacles table, search, print view and PDF."""
