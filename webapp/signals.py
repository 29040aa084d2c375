"""Domain signals: who must react when the catalogue changes, without the catalogue knowing them."""
from blinker import Namespace

_signals = Namespace()

# Sent after commit with product_ids=[...] whenever products are created, changed, given a new
# picture, deactivated or reactivated. The recommender bridge keeps look-alikes current from it.
products_changed = _signals.signal("products-changed")
