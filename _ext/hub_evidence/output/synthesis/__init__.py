"""Synthesis pages: one per strategic goal and per topic, and each goal's page
in an anonymised form, made from the records when the site is written
(:mod:`.content` says what they show, :mod:`.render` how, :mod:`.pages` when)."""
