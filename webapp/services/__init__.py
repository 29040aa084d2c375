"""Business rules of the shop, one package per domain; no request or response objects in here.

- catalog: browsing and facets, admin catalogue changes, the Kaggle import, product pictures and the one picture check
- pricing: the price rule (list price, deals), coupons, money
- buying: cart, checkout and stock reservation, the order state machine, payments and Stripe
- engagement: notifications, the mail outbox, reviews, feedback, recommendations, the customer dashboard
- accounts: users, roles, passwords
- reports: what counts as a sale (the ledger), report figures, the admin overview, order search, date ranges
- visual_search: the bridge to recommender/ (index files, look-alike lists, photo search, uploads)
"""
