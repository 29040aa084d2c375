"""The bridge between the shop and recommender/: which products are indexed, where the files live,
how look-alike lists are built, kept current and read, and how a customer's photo becomes products."""
