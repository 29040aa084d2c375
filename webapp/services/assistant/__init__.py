"""The shopping assistant: understands a message (intent and slots, grounded in the catalogue) and acts through
the shop's own services.

vocabulary (the catalogue's words) -> lexicon (typos) -> amounts, references, slots (what was named) ->
classifier (which intent) -> interpreter (the two together, cached per vocabulary) -> conversation
(the small state kept in the session) -> skills (one function per intent) -> replies (what goes back).
"""
