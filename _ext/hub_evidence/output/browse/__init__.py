"""Browse pages: one per value of each facet and one timeline per hub, made
from the records when pages are written (:mod:`.pages`), placed in the site's
navigation by hand (:mod:`.navigation`)."""
