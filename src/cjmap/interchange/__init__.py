"""Moving journeys in and out of other formats: Mermaid journeys and CSV spreadsheets."""
