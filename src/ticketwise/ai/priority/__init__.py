"""Priority of new tickets: an impact × urgency matrix, keyword and VIP rules, and what history says."""
