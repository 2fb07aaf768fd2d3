"""Document structure → the typed model: sections, claims, 附表, 自评表. Knows nothing of rules."""
