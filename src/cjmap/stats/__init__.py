"""`cjmap stats`: a portfolio of journeys summarised."""
