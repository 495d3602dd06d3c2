"""Site pages of the courses app (filled in below the contract)."""
