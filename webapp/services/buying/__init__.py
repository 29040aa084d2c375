"""Buying: the cart, checkout and stock reservation, the order state machine, payments (test payment, Stripe)."""
