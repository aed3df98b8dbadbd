"""Text helpers shared by every AI feature: tokenisation of mixed Chinese/English ticket text."""
