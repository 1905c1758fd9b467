"""The ledger's pages (台账): activities, review, recycle bin, evidence, categories,
commitments, articles and teams."""
