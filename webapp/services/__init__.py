"""Business rules of the shop, one package per domain; no request or response objects in here.

- catalog: browsing and facets, admin catalogue changes (sizes and their stock, pictures), stock that sells out
  or comes back, the size runs, the Kaggle import and the default prices and stock it gives, product pictures
  and the one picture check
- pricing: the price rule (list price, deals, shipping), coupons, money
- buying: cart, checkout and stock reservation, the order state machine, payments and Stripe
- engagement: notifications, the mail outbox, reviews, feedback, recommendations, the customer dashboard
- accounts: users, roles, passwords
- reports: the daily sales ledger, report figures, the admin overview, order search, date ranges
- paging, text_match: query pieces every domain uses (one page of rows, typed text matched inside a column)
- one_line: typed text made safe for a mail header or a name (no line breaks, no control characters)
- jobs: what runs outside requests (mail, look-alike updates, purges, stale orders), on RQ or in-process
- shop_settings: the shop's terms admins edit (shipping charges, delivery estimate, returns policy)
- visual_search: the bridge to recommender/ (index files, look-alike lists, photo search, uploads)
"""
