"""What things cost: the price rule (list price less the best live deal; shipping), deals, coupons, money in cents."""
